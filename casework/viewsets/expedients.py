"""Admin screens of the basic social services expedient (domain.md §3.3).

- The "Expedients" listing (filters, XLSX/CSV export) and the add and edit
  views of the cover, built on the scoped viewset; each row opens the
  expedient screen.
- The expedient screen with its tabs, and its actions (close, reopen, linked
  persons, housing): casework/views/.
- The person record's Traceability tab: casework/panels.py.

The add view is opened with `?person=<pk>` from the search desk and the person
record: that person becomes the main person, the sector is guessed from their
municipality, and their other open expedients are shown before saving.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column

from configuration.enums import ExpedientStage, ExpedientState, RiskGrade
from configuration.filters import visible_choices
from configuration.models import Sector, User
from configuration.scope import ScopedModelViewSet, _scoped
from configuration.viewsets.mixins import ServiceSaveMixin
from configuration.wording import MASCULINE
from directory.choosers import person_chooser_viewset
from directory.models import Person
from directory.record_tabs import PERSON_ACTION_HOOK, PERSON_RECORD_TAB_HOOK

from ..enums import Module
from ..models import BasicCase, LinkedPerson
from ..panels import new_expedient_action, traceability_tab
from ..services.expedients import (
    expedient_open,
    expedient_update,
    open_expedients_of,
    user_can_change_reference,
)
from ..tabs import expedient_url
from ..views.expedient import ExpedientView
from ..views.expedient_actions import ACTION_URLS
from .base import ConflictMessageMixin, VersionedForm

SECTOR_HELP = _(
    "Changed only with “Transfer to another sector” on the expedient's cover, "
    "which records the move and locks what was recorded before."
)


class BasicCaseForm(VersionedForm):
    """The cover; on creation also the main person (a person chooser)."""

    main_person = forms.ModelChoiceField(
        queryset=Person.objects.current(),
        label=_("Main person"),
        widget=person_chooser_viewset.widget_class,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["main_person"]
            # Moving the expedient is a transfer, recorded and locking what came
            # before (domain.md §4.5): never a plain edit of the cover.
            for name in ("sector", "subsector"):
                self.fields[name].disabled = True
                self.fields[name].help_text = SECTOR_HELP
            if not user_can_change_reference(self.for_user, self.instance):
                self.fields["reference_professional"].disabled = True
        elif self.for_user is not None:
            self.fields["main_person"].queryset = Person.objects.visible_to(
                self.for_user
            ).current()


def basic_case_create(*, form, acting_user) -> BasicCase:
    case = form.save(commit=False)
    case.area_id = acting_user.area_id
    return expedient_open(
        case=case, main_person=form.cleaned_data["main_person"], acting_user=acting_user
    )


def basic_case_update(*, form, acting_user) -> BasicCase:
    return expedient_update(
        case=form.save(commit=False),
        acting_user=acting_user,
        expected_version=form.cleaned_data.get("expected_version"),
    )


class ExpedientFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ExpedientState.choices, empty_label=_("All")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=ExpedientStage.choices, empty_label=_("All")
    )
    risk_grade = django_filters.ChoiceFilter(
        label=_("Risk grade"), choices=RiskGrade.choices, empty_label=_("All")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=visible_choices(Sector)
    )
    reference_professional = django_filters.ModelChoiceFilter(
        label=_("Reference professional"), queryset=visible_choices(User)
    )

    class Meta:
        model = BasicCase
        fields = ["state", "stage", "risk_grade", "sector", "reference_professional"]


class OpensTheExpedientMixin:
    """Listing rows open the expedient screen, and show the main person."""

    def get_edit_url(self, instance):
        return expedient_url(instance.pk)

    def get_base_queryset(self):
        mains = LinkedPerson.objects.filter(is_main=True).select_related("person")
        return (
            super()
            .get_base_queryset()
            .prefetch_related(Prefetch("links", queryset=mains, to_attr="main_links"))
        )


def main_person_of(case) -> str:
    links = getattr(case, "main_links", None) or []
    return str(links[0].person) if links else ""


class CreateFromPersonMixin:
    """`?person=<pk>`: the main person, the sector of their municipality, and
    their open expedients of this module shown as a warning."""

    template_name = "casework/expedient_create.html"

    @cached_property
    def person(self) -> Person | None:
        pk = self.request.GET.get("person") or ""
        if not pk.isdigit():
            return None
        visible = Person.objects.visible_to(self.request.user).current()
        return visible.filter(pk=pk).first()

    def get_initial(self):
        initial = {**super().get_initial(), "reference_professional": self.request.user}
        if self.person is not None:
            person = self.person
            initial["main_person"] = person
            initial["family_name"] = f"{person.surname1} {person.surname2}".strip()
            sector = Sector.objects.filter(
                area_id=self.request.user.area_id,
                municipality_id=person.residence_municipality_id,
                is_active=True,
            ).first()
            if sector is not None:
                initial["sector"] = sector
        return initial

    def get_add_url(self):
        url = super().get_add_url()
        return f"{url}?person={self.person.pk}" if self.person else url

    def get_success_url(self):
        return expedient_url(self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_elsewhere"] = self.open_elsewhere()
        context["expedient_url_of"] = expedient_url
        return context

    def open_elsewhere(self) -> list[dict]:
        if self.person is None:
            return []
        others = open_expedients_of(
            person=self.person, module=Module.SSB
        ).disclosable_to(self.request.user)
        visible = set(
            BasicCase.objects.visible_to(self.request.user)
            .filter(pk__in=others.values("pk"))
            .values_list("pk", flat=True)
        )
        return [
            {"number": e.number, "url": expedient_url(e.pk) if e.pk in visible else ""}
            for e in others.order_by("-pk")
        ]


class ReturnToTheExpedientMixin:
    """The cover is edited while the expedient is open, and returns to it."""

    def dispatch(self, request, *args, **kwargs):
        if not self.object.is_open:
            messages.error(
                request,
                gettext("Expedient %(number)s is closed: nothing in it can be changed.")
                % {"number": self.object.number},
            )
            return redirect(expedient_url(self.object.pk, "cover"))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return expedient_url(self.object.pk, "cover")


class BasicCaseViewSet(ScopedModelViewSet):
    model = BasicCase
    noun_gender = MASCULINE
    icon = "folder-open-inverse"
    menu_label = _("Expedients")
    menu_order = 110
    add_to_admin_menu = True
    url_prefix = "casework/expedients"
    base_form_class = BasicCaseForm
    inspect_view_enabled = False
    filterset_class = ExpedientFilterSet
    search_fields = ["number", "family_name"]
    list_display = [
        "number",  # the title column: opens the expedient screen
        "family_name",
        Column("main_person", label=_("Main person"), accessor=main_person_of),
        Column("state", label=_("State"), accessor="get_state_display"),
        "state_date",
        Column("stage", label=_("Stage"), accessor="get_stage_display"),
        Column("risk_grade", label=_("Risk grade"), accessor="get_risk_grade_display"),
        "sector",
        "reference_professional",
    ]
    list_export = [
        "number",
        "external_reference",
        "family_name",
        "state",
        "state_date",
        "closing_reason",
        "sector",
        "subsector",
        "stage",
        "risk_grade",
        "reference_professional",
        "co_reference_professional",
        "confidential",
    ]
    export_filename = "expedients"

    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class,
        OpensTheExpedientMixin,
        list_select_related=(
            "sector__municipality",
            "subsector",
            "closing_reason",
            "reference_professional",
            "co_reference_professional",
        ),
    )
    add_view_class = _scoped(
        ScopedModelViewSet.add_view_class,
        ConflictMessageMixin,
        CreateFromPersonMixin,
        ServiceSaveMixin,
        save_service=basic_case_create,
    )
    edit_view_class = _scoped(
        ScopedModelViewSet.edit_view_class,
        ConflictMessageMixin,
        ReturnToTheExpedientMixin,
        ServiceSaveMixin,
        save_service=basic_case_update,
    )

    def get_edit_handler(self):
        chooser = person_chooser_viewset.widget_class
        panels = [
            FieldPanel("main_person", widget=chooser),
            MultiFieldPanel(
                [
                    FieldPanel("family_name"),
                    FieldPanel("external_reference"),
                    FieldPanel("case_origin"),
                    FieldPanel("family_type"),
                    FieldPanel("family_residence"),
                ],
                heading=_("Household"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("sector"),
                    FieldPanel("subsector"),
                    FieldPanel("reference_team"),
                    FieldPanel("reference_professional"),
                    FieldPanel("co_reference_professional"),
                    FieldPanel("confidential"),
                ],
                heading=_("Territory and professionals"),
            ),
            MultiFieldPanel(
                [FieldPanel("stage"), FieldPanel("risk_grade")],
                heading=_("Situation"),
            ),
        ]
        return ObjectList(panels, base_form_class=BasicCaseForm).bind_to_model(
            self.model
        )


basic_case_viewset = BasicCaseViewSet("casework_expedients")

VIEWSETS: list = [basic_case_viewset]
URLS: list = [
    path(
        "casework/expedients/<int:pk>/",
        ExpedientView.as_view(),
        name="casework_expedient",
    ),
    *ACTION_URLS,
]


# The person record's Traceability tab and the desk's "new expedient" action
# (directory.record_tabs): registered here, with the screens they link to,
# because casework's hooks module only collects each part's VIEWSETS and URLS.
hooks.register(PERSON_RECORD_TAB_HOOK, traceability_tab)
hooks.register(PERSON_ACTION_HOOK, new_expedient_action)
