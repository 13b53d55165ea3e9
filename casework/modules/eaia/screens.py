"""The child and adolescent protection (EAIA) screens (ModuleSpec.screens):
the cover's add (from the child's Traçabilitat tab, `?person=<pk>`) and edit
views with the expedients' listing; the "Evolució" tab with its periods' add,
edit and delete; the "Actuacions EAIA" tab with their add, edit and read
views; and the listings of periods and actuacions (filters, CSV/XLSX export).

Each view loads its rows through the scope first (404 outside it), then the
right, and hands the decision to the services (services.py), whose refusals
come back as form errors.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column

from configuration.custom_fields import CustomFieldsPanel, extra_values
from configuration.scope import _scoped
from configuration.wording import FEMININE, MASCULINE

from ... import services as casework_services
from ...enums import Module
from ...services.expedients import ActionNotAllowed
from ...tabs import ExpedientTab, item_tab_context
from ...views.expedient_actions import ExpedientActionView
from ...viewsets.expedients import ExpedientCoverViewSet, main_person_of
from ...viewsets.record_tabs import actuacio_rows_context
from ...viewsets.records import ActuacioRowsMixin, RecordViewSet, checkboxes
from ..siad.listings import main_persons
from ..siad.screens import WomanColumnMixin
from .forms import (
    ChildProtectionCaseFilterSet,
    ChildProtectionCoverForm,
    EaiaActuacioFilterSet,
    EaiaActuacioForm,
    EaiaEvolutionFilterSet,
    EaiaEvolutionForm,
)
from .models import ChildProtectionCase, EaiaActuacio, EaiaEvolution
from .permissions import EAIA_VIEW_RIGHT, EVOLUTION_DELETE_RIGHT, user_can_work_eaia
from .services import (
    child_protection_cover_update,
    eaia_actuacio_create,
    eaia_actuacio_update,
    eaia_evolution_add,
    eaia_evolution_delete,
    eaia_evolution_update,
    open_child_protection_expedient,
)

EVOLUTION_TAB = "eaia_evolution"
ACTUACIONS_TAB = "eaia_actuacions"
CHILD_HEADING = {"woman": _("Child or adolescent")}
ACTUACIONS_LABEL = pgettext_lazy("heading", "EAIA actuacions")
EVOLUTION_LABEL = pgettext_lazy("heading", "Evolució")

# The cover's own fields, as the services take them.
COVER_FIELDS = (
    "external_reference",
    "priority",
    "priority_since",
    "answer_within_six_months",
    "case_origin",
    "report_prepared_on",
    "report_resolved_on",
    "synthesis_generated_on",
    "synthesis_resolved_on",
    "synthesis_author",
    "reference_team",
    "reference_professional",
    "co_reference_professional",
    "confidential",
)


def cover_panels() -> list:
    """The cover's panels after the main person (ModuleSpec.cover_panels)."""
    return [
        MultiFieldPanel(
            [
                FieldPanel("external_reference"),
                FieldPanel("case_origin"),
                FieldRowPanel([FieldPanel("priority"), FieldPanel("priority_since")]),
                FieldPanel("answer_within_six_months"),
                CustomFieldsPanel(section="priority"),
            ],
            heading=_("Priority"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("report_prepared_on"),
                        FieldPanel("report_resolved_on"),
                    ]
                ),
                CustomFieldsPanel(section="report"),
            ],
            heading=_("Report to DGAIA/SAIA"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("synthesis_generated_on"),
                        FieldPanel("synthesis_resolved_on"),
                    ]
                ),
                FieldPanel("synthesis_author"),
                CustomFieldsPanel(section="synthesis"),
            ],
            heading=_("Case synthesis"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sector"),
                FieldPanel("subsector"),
                FieldPanel("reference_team"),
                FieldPanel("reference_professional"),
                FieldPanel("co_reference_professional"),
                FieldPanel("confidential"),
                CustomFieldsPanel(section="territory"),
            ],
            heading=_("Territory and professionals"),
        ),
    ]


# --- form adapters: the validated form unpacked into the services ----------------


def _cover_values(form) -> dict:
    data = form.cleaned_data
    values = {name: data[name] for name in COVER_FIELDS if name in data}
    return {**values, **extra_values(form)}  # the area's own fields (issue #22)


def _refusal(error: ActionNotAllowed) -> ValidationError:
    return ValidationError(str(error))


def eaia_cover_create(*, form, acting_user) -> ChildProtectionCase:
    data = form.cleaned_data
    try:
        return open_child_protection_expedient(
            by=acting_user,
            person=data["main_person"],
            sector=data.get("sector"),
            subsector=data.get("subsector"),
            **_cover_values(form),
        )
    except ActionNotAllowed as error:
        raise _refusal(error) from error


def eaia_cover_update(*, form, acting_user) -> ChildProtectionCase:
    try:
        return child_protection_cover_update(
            by=acting_user,
            case=form.instance,
            expected_version=form.cleaned_data.get("expected_version"),
            **_cover_values(form),
        )
    except ActionNotAllowed as error:
        raise _refusal(error) from error


def _item_values(form) -> dict:
    skipped = ("related_persons", "expected_version", "base_values", "to_siblings")
    values = {
        name: value
        for name, value in form.cleaned_data.items()
        if name not in skipped and name in form.base_fields
    }
    return {**values, **extra_values(form)}  # the area's own fields (issue #22)


def evolution_save_form(*, form, acting_user) -> EaiaEvolution:
    try:
        if form.instance.pk is None:
            return eaia_evolution_add(
                by=acting_user, expedient=form.expedient, **_item_values(form)
            )
        return eaia_evolution_update(
            by=acting_user,
            period=form.instance,
            expected_version=form.cleaned_data.get("expected_version"),
            **_item_values(form),
        )
    except ActionNotAllowed as error:
        raise _refusal(error) from error


def eaia_actuacio_save_form(*, form, acting_user) -> EaiaActuacio:
    data = form.cleaned_data
    related = list(data.get("related_persons") or ()) or None
    try:
        if form.instance.pk is None:
            return eaia_actuacio_create(
                by=acting_user,
                expedient=form.expedient,
                related_persons=related,
                to_siblings=bool(data.get("to_siblings")),
                **_item_values(form),
            )
        return eaia_actuacio_update(
            by=acting_user,
            actuacio=form.instance,
            expected_version=data.get("expected_version"),
            related_persons=related,
            **_item_values(form),
        )
    except ActionNotAllowed as error:
        raise _refusal(error) from error


# --- the cover and the expedients' listing ------------------------------------------


def child_of(case) -> str:
    return main_person_of(case)


def child_of_row(row) -> str:
    """The child of a listed row's expedient (its prefetched main link)."""
    return main_person_of(row.expedient)


class ChildProtectionCaseViewSet(ExpedientCoverViewSet):
    model = ChildProtectionCase
    menu_label = _("EAIA expedients")
    add_to_admin_menu = False
    base_form_class = ChildProtectionCoverForm
    filterset_class = ChildProtectionCaseFilterSet
    list_display = [
        "number",
        Column("child", label=_("Child or adolescent"), accessor=child_of),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column("phase", label=_("Phase"), accessor="get_phase_display"),
        Column("priority", label=_("Priority"), accessor="get_priority_display"),
        Column("priority_due_on", label=_("Due date")),
        "sector",
        "reference_professional",
    ]
    list_export = [
        "number",
        "external_reference",
        "state",
        "state_date",
        "phase",
        "priority",
        "priority_since",
        "priority_due_on",
        "answer_within_six_months",
        "case_origin",
        "report_prepared_on",
        "report_resolved_on",
        "synthesis_generated_on",
        "synthesis_resolved_on",
        "synthesis_author",
        "sector",
        "subsector",
        "reference_professional",
        "co_reference_professional",
    ]
    export_filename = "eaia-expedients"
    listing_select_related = (
        *ExpedientCoverViewSet.listing_select_related,
        "synthesis_author",
    )

    @cached_property
    def add_view_class(self):
        return _scoped(
            super().add_view_class,
            save_service=eaia_cover_create,
            template_name="casework/eaia/expedient_create.html",
        )

    @cached_property
    def edit_view_class(self):
        return _scoped(super().edit_view_class, save_service=eaia_cover_update)


# --- Evolució -------------------------------------------------------------------


def period_teams(period) -> str:
    return "; ".join(f"{team} ({role})" for team, role in period.other_teams())


class EaiaEvolutionViewSet(RecordViewSet):
    model = EaiaEvolution
    noun_gender = MASCULINE
    icon = "history"
    menu_label = _("EAIA Evolució periods")
    tab_key = EVOLUTION_TAB
    base_form_class = EaiaEvolutionForm
    create_service = staticmethod(evolution_save_form)
    edit_service = staticmethod(evolution_save_form)
    filterset_class = EaiaEvolutionFilterSet
    panels = [
        FieldPanel("starts_on"),
        FieldPanel("expedient_type"),
        FieldPanel("territoriality"),
        FieldPanel("administrative_situation"),
        FieldRowPanel([FieldPanel("other_team_1"), FieldPanel("other_team_1_role")]),
        FieldRowPanel([FieldPanel("other_team_2"), FieldPanel("other_team_2_role")]),
        FieldRowPanel([FieldPanel("other_team_3"), FieldPanel("other_team_3_role")]),
    ]
    list_display = [
        Column("expedient", label=_("Expedient")),
        "person",
        "starts_on",
        "ends_on",
        Column(
            "expedient_type",
            label=_("Expedient type"),
            accessor="get_expedient_type_display",
        ),
        Column(
            "territoriality",
            label=_("Territoriality criterion"),
            accessor="get_territoriality_display",
        ),
        "administrative_situation",
    ]
    list_export = [
        "expedient",
        "person",
        "starts_on",
        "ends_on",
        "expedient_type",
        "territoriality",
        "administrative_situation",
        "other_team_1",
        "other_team_1_role",
        "other_team_2",
        "other_team_2_role",
        "other_team_3",
        "other_team_3_role",
    ]
    export_filename = "eaia-evolucio"
    list_select_related = ("expedient", "person")

    @property
    def add_view_class(self):
        return _scoped(super().add_view_class, ChildProtectionOnlyMixin)


class ChildProtectionOnlyMixin:
    """EAIA rows are added only to an EAIA expedient (404 for any other)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.expedient.module != Module.EAIA:
            raise Http404


def evolution_tab_context(*, request, expedient) -> dict:
    context = item_tab_context(
        request,
        expedient,
        queryset=EaiaEvolution.objects.filter(expedient_id=expedient.pk),
        namespace="casework_eaia_evolution",
        model="eaiaevolution",
        inspect=True,
    )
    may_delete = expedient.is_open and user_can_work_eaia(
        request.user, expedient, EVOLUTION_DELETE_RIGHT
    )
    for row in context["rows"]:
        row.teams = period_teams(row)
        row.delete_url = (
            reverse("casework_eaia_evolution_delete", args=[expedient.pk, row.pk])
            if may_delete and not row.lock_reason
            else ""
        )
    return context


class DeletePeriodForm(forms.Form):
    """Nothing to fill in: the confirmation of the deletion."""


class DeletePeriodView(ExpedientActionView):
    """Delete a period; the one before it then runs until the next one."""

    model = ChildProtectionCase
    tab = EVOLUTION_TAB
    permission = EVOLUTION_DELETE_RIGHT
    form_class = DeletePeriodForm
    page_title = _("Delete the period")
    submit_label = _("Delete the period")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not isinstance(self.expedient, ChildProtectionCase):
            raise Http404
        self.period = get_object_or_404(
            EaiaEvolution.objects.filter(expedient_id=self.expedient.pk),
            pk=kwargs["period"],
        )

    def allowed(self) -> bool:
        return self.expedient.is_open and user_can_work_eaia(
            self.request.user, self.expedient, self.permission
        )

    def get_page_subtitle(self):
        return f"{self.period} · {self.expedient}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=gettext(
                "The period before it will run until the next one starts, so the "
                "periods stay contiguous."
            ),
            **kwargs,
        )

    def act(self, form) -> str:
        try:
            eaia_evolution_delete(by=self.request.user, period=self.period)
        except ActionNotAllowed as error:
            raise ValidationError(str(error)) from error
        return gettext("Period of %(date)s deleted.") % {
            "date": f"{self.period.starts_on:%d/%m/%Y}"
        }


# --- EAIA actuacions ------------------------------------------------------------

ACTUACIO_RELATED = ("expedient", "type", "place", "responsible")


class EaiaActuacioViewSet(RecordViewSet):
    model = EaiaActuacio
    custom_form = "actuacio.eaia"
    noun_gender = FEMININE
    icon = "clipboard-list"
    menu_label = ACTUACIONS_LABEL
    tab_key = ACTUACIONS_TAB
    base_form_class = EaiaActuacioForm
    create_service = staticmethod(eaia_actuacio_save_form)
    edit_service = staticmethod(eaia_actuacio_save_form)
    lock_reason_function = staticmethod(casework_services.actuacio_lock_reason)
    filterset_class = EaiaActuacioFilterSet
    panels = [
        FieldPanel("date"),
        FieldPanel("time"),
        FieldPanel("hours"),
        FieldPanel("place"),
        FieldPanel("type"),
        FieldPanel("thematic_scope"),
        FieldPanel("topic"),
        FieldPanel("text"),
        FieldPanel("responsible"),
        checkboxes("related_persons"),
        FieldPanel("to_siblings"),
    ]
    list_display = [
        Column("expedient", label=_("Expedient")),
        Column("woman", label=_("Child or adolescent"), accessor=child_of_row),
        "date",
        "type",
        Column(
            "thematic_scope",
            label=_("Thematic scope"),
            accessor="get_thematic_scope_display",
        ),
        "topic",
        "responsible",
    ]
    list_export = [
        "expedient",
        "woman",
        "date",
        "time",
        "hours",
        "place",
        "type",
        "thematic_scope",
        "topic",
        "responsible",
    ]
    export_filename = "eaia-actuacions"
    list_select_related = ACTUACIO_RELATED
    list_prefetch_related = (main_persons("expedient__links"),)

    @property
    def index_view_class(self):
        return _scoped(
            super().index_view_class,
            WomanColumnMixin,
            ActuacioRowsMixin,
            woman_of=staticmethod(child_of_row),
            export_headings=CHILD_HEADING,
        )

    @property
    def add_view_class(self):
        return _scoped(super().add_view_class, ChildProtectionOnlyMixin)


def actuacions_tab_context(*, request, expedient) -> dict:
    queryset = (
        EaiaActuacio.objects.filter(expedient_id=expedient.pk)
        .select_related("type", "place", "responsible")
        .prefetch_related("related_persons")
    )
    return actuacio_rows_context(
        request,
        expedient,
        queryset,
        namespace="casework_eaia_actuacions",
        model="eaiaactuacio",
    )


# --- menus, tabs, URLs ----------------------------------------------------------


def reads_eaia(user) -> bool:
    return bool(
        user.is_active and (user.is_superuser or user.has_perm(EAIA_VIEW_RIGHT))
    )


class EaiaMenuItem(MenuItem):
    def is_shown(self, request):
        return reads_eaia(request.user)


def expedients_menu_item() -> MenuItem:
    return EaiaMenuItem(
        _("EAIA expedients"),
        reverse("casework_eaia_expedients:index"),
        icon_name="folder-open-inverse",
        order=150,
    )


def evolution_menu_item() -> MenuItem:
    return EaiaMenuItem(
        _("EAIA Evolució periods"),
        reverse("casework_eaia_evolution:index"),
        icon_name="history",
        order=151,
    )


def actuacions_menu_item() -> MenuItem:
    return EaiaMenuItem(
        ACTUACIONS_LABEL,
        reverse("casework_eaia_actuacions:index"),
        icon_name="clipboard-list",
        order=152,
    )


TABS = [
    ExpedientTab(
        key=EVOLUTION_TAB,
        label=EVOLUTION_LABEL,
        order=25,
        template="casework/eaia/evolution_tab.html",
        permission="casework.view_eaiaevolution",
        context=evolution_tab_context,
    ),
    ExpedientTab(
        key=ACTUACIONS_TAB,
        label=ACTUACIONS_LABEL,
        order=30,
        template="casework/eaia/actuacions_tab.html",
        permission="casework.view_eaiaactuacio",
        context=actuacions_tab_context,
    ),
]
# The menu items gather under one sidebar entry named after the module
# (its acronym: the full name does not fit the sidebar).
MENU_GROUP = ("EAIA", "folder-open-inverse", 150)
MENU_ITEMS = [expedients_menu_item, evolution_menu_item, actuacions_menu_item]

eaia_case_viewset = ChildProtectionCaseViewSet(
    "eaia_expedients",
    url_prefix="casework/eaia/expedients",
    url_namespace="casework_eaia_expedients",
)
eaia_evolution_viewset = EaiaEvolutionViewSet(
    "eaia_evolution",
    url_prefix="casework/eaia/evolucio",
    url_namespace="casework_eaia_evolution",
)
eaia_actuacio_viewset = EaiaActuacioViewSet(
    "eaia_actuacions",
    url_prefix="casework/eaia/actuacions",
    url_namespace="casework_eaia_actuacions",
)
VIEWSETS: list = [eaia_case_viewset, eaia_evolution_viewset, eaia_actuacio_viewset]
URLS: list = [
    path(
        "casework/eaia/<int:pk>/evolucio/<int:period>/delete/",
        DeletePeriodView.as_view(),
        name="casework_eaia_evolution_delete",
    ),
]
