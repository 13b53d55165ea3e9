"""What every module's cover screens share (domain.md §3.3).

- `ExpedientCoverViewSet`: a module's listing (filters, XLSX/CSV export) and
  the add and edit views of its cover, built on the scoped viewset; each row
  opens the expedient screen. Each module subclasses it in
  casework/modules/<key>/viewsets.py with its model, columns and filters; its
  cover panels come from its declaration (casework.modules).
- The expedient screen with its tabs, and its actions (close, reopen, linked
  persons, housing): casework/views/.
- The person record's Traceability tab: casework/panels.py.

The add view is opened with `?person=<pk>` from the search desk and the person
record: that person becomes the main person, the sector is guessed from their
municipality, and their other open expedients are shown before saving.
"""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from configuration.custom_columns import CustomFieldsListingMixin
from configuration.custom_fields import CustomFieldsFormMixin, CustomFieldsObjectList
from configuration.models import Sector
from configuration.scope import ScopedModelViewSet, _scoped, with_custom_fields
from configuration.viewsets.mixins import ServiceSaveMixin
from configuration.wording import MASCULINE
from directory.choosers import person_chooser_viewset
from directory.models import Person

from ..models import Expedient, LinkedPerson
from ..modules import module_of_model
from ..permissions import user_can_change_reference
from ..services.expedients import (
    expedient_open,
    expedient_update,
    open_expedients_of,
)
from ..tabs import expedient_url
from ..views.expedient import ExpedientView
from ..views.expedient_actions import ACTION_URLS
from .base import ConflictMessageMixin, VersionedForm

SECTOR_HELP = _(
    "Changed only with “Transfer to another sector” on the expedient's cover, "
    "which records the move and locks what was recorded before."
)


class ExpedientCoverForm(CustomFieldsFormMixin, VersionedForm):
    """The cover; on creation also the main person (a person chooser); the
    area's own fields of the module's cover ("cover.<module>") in its sections."""

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

    def custom_form_key(self) -> str:
        return f"cover.{module_of_model(self._meta.model).key}"

    def custom_area_id(self) -> int | None:
        # A new expedient is opened in the acting professional's area.
        if self.instance.pk is None:
            return getattr(self.for_user, "area_id", None)
        return self.instance.area_id

    def custom_persons(self):
        if self.instance.pk is None:
            return Person.objects.none()
        return Person.objects.filter(
            expedient_links__expedient=self.instance
        ).distinct()


def expedient_cover_create(*, form, acting_user) -> Expedient:
    case = form.save(commit=False)
    case.area_id = acting_user.area_id
    return expedient_open(
        case=case, main_person=form.cleaned_data["main_person"], acting_user=acting_user
    )


def expedient_cover_update(*, form, acting_user) -> Expedient:
    return expedient_update(
        case=form.save(commit=False),
        acting_user=acting_user,
        expected_version=form.cleaned_data.get("expected_version"),
    )


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

    def initial_from_person(self, person) -> dict:
        """The module's own fields guessed from the main person."""
        return {}

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
            initial.update(self.initial_from_person(person))
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
        module = module_of_model(self.model)
        others = open_expedients_of(
            person=self.person, module=module.key
        ).disclosable_to(self.request.user)
        visible = set(
            self.model.objects.visible_to(self.request.user)
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


class ExpedientCoverViewSet(CustomFieldsListingMixin, ScopedModelViewSet):
    """A module's expedients: its listing and the add and edit views of its
    cover. Subclasses set `model`, `filterset_class`, the columns and exports,
    and `initial_from_person` (the add view's guesses from the main person).
    The listing filters and exports the module cover's configurable fields."""

    noun_gender = MASCULINE
    icon = "folder-open-inverse"
    base_form_class = ExpedientCoverForm
    inspect_view_enabled = False
    initial_from_person = None
    listing_select_related = (
        "sector__municipality",
        "subsector",
        "closing_reason",
        "reference_professional",
        "co_reference_professional",
    )

    def custom_form_key(self) -> str:
        return f"cover.{module_of_model(self.model).key}"

    @cached_property
    def index_view_class(self):
        return _scoped(
            self.with_custom_columns(ScopedModelViewSet.index_view_class),
            OpensTheExpedientMixin,
            list_select_related=self.listing_select_related,
        )

    @cached_property
    def add_view_class(self):
        attrs = {"save_service": expedient_cover_create}
        if self.initial_from_person is not None:
            attrs["initial_from_person"] = self.initial_from_person
        return _scoped(
            ScopedModelViewSet.add_view_class,
            ConflictMessageMixin,
            CreateFromPersonMixin,
            ServiceSaveMixin,
            **attrs,
        )

    @cached_property
    def edit_view_class(self):
        return _scoped(
            ScopedModelViewSet.edit_view_class,
            ConflictMessageMixin,
            ReturnToTheExpedientMixin,
            ServiceSaveMixin,
            save_service=expedient_cover_update,
        )

    def get_edit_handler(self):
        chooser = person_chooser_viewset.widget_class
        panels = [
            FieldPanel("main_person", widget=chooser),
            *module_of_model(self.model).panels(),
        ]
        panels = with_custom_fields(panels)  # unless the module placed them
        return CustomFieldsObjectList(
            panels, base_form_class=self.base_form_class
        ).bind_to_model(self.model)


VIEWSETS: list = []
URLS: list = [
    path(
        "casework/expedients/<int:pk>/",
        ExpedientView.as_view(),
        name="casework_expedient",
    ),
    *ACTION_URLS,
]
