"""Admin screens of the directory: person records and their extended block.

Administrative roles see and edit identification and address only: every other
part of the record is a panel with `permission=`, which removes the field from the
form itself (not just from the page) for roles without the extended-data right.
The search desk (cercador) replaces the plain listing in a later step.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from configuration.audit import LogAccessMixin
from configuration.conflicts import ConflictMessageMixin, VersionedForm
from configuration.custom_fields import (
    CustomFieldsFormMixin,
    CustomFieldsObjectList,
    CustomFieldsPanel,
)
from configuration.scope import ScopedModelViewSet, _scoped
from configuration.viewsets.mixins import ServiceSaveMixin
from configuration.wording import FEMININE, MASCULINE

from . import services
from .choosers import person_chooser_viewset
from .custom_forms import EXTENDED_SECTIONS
from .enums import KinshipKind
from .identity import normalise_document
from .models import Kinship, Person, PersonExtended
from .panels import KinshipPanel
from .permissions import EXTENDED_RIGHT, SENSITIVE_PERSON_FIELDS
from .record_tabs import person_record_tabs
from .record_view import PersonRecordMixin
from .search_desk import PersonIndexRedirect
from .views import HistorialLinkMixin, MergeLinkMixin


def sensitive(*names: str) -> list[FieldPanel]:
    return [FieldPanel(name, permission=EXTENDED_RIGHT) for name in names]


PERSON_EDIT_HANDLER = TabbedInterface(
    [
        ObjectList(
            [
                MultiFieldPanel(
                    [
                        FieldPanel("document_type"),
                        FieldPanel("document_number"),
                        FieldPanel("health_card"),
                        FieldPanel("social_security_number"),
                    ],
                    heading=_("Documents"),
                ),
                MultiFieldPanel(
                    [
                        FieldPanel("first_name"),
                        FieldPanel("surname1"),
                        FieldPanel("surname2"),
                        FieldPanel("sex"),
                        FieldPanel("birth_date"),
                        FieldPanel("birth_country"),
                        FieldPanel("birth_province"),
                        FieldPanel("birth_municipality"),
                        FieldPanel("nationality"),
                        FieldPanel("civil_status"),
                    ],
                    heading=_("Identity"),
                ),
                MultiFieldPanel(
                    [FieldPanel("phone1"), FieldPanel("phone2"), FieldPanel("email")],
                    heading=_("Contact"),
                ),
                MultiFieldPanel(
                    [
                        FieldPanel("reference_professional"),
                        FieldPanel("unborn"),
                        FieldPanel("consent_signed"),
                        FieldPanel("consent_date"),
                        FieldPanel("consent_document"),
                    ],
                    heading=_("Record"),
                ),
            ],
            heading=_("Identification"),
        ),
        ObjectList(
            [
                FieldPanel("transient"),
                FieldPanel("residence_province"),
                FieldPanel("residence_municipality"),
                FieldPanel("locality"),
                FieldPanel("postcode"),
                FieldPanel("street_type"),
                FieldPanel("street_type_text", read_only=True),
                FieldPanel("street_name"),
                FieldPanel("street_number"),
                FieldPanel("block"),
                FieldPanel("staircase"),
                FieldPanel("floor"),
                FieldPanel("door"),
                FieldPanel("tenure_regime"),
                FieldPanel("construction_type"),
            ],
            heading=_("Address"),
        ),
        ObjectList(
            sensitive(*SENSITIVE_PERSON_FIELDS),
            heading=_("Cohabitation and dependency"),
            permission=EXTENDED_RIGHT,
        ),
        ObjectList([KinshipPanel()], heading=_("Family")),
    ],
    base_form_class=VersionedForm,
)


PREFILL_FIELDS = ("first_name", "surname1", "surname2", "document_number", "birth_date")


# Form adapters: the one place a validated form is unpacked into the plain
# services (style.md G9), each a `f(*, form, acting_user)` for ServiceSaveMixin.


@transaction.atomic
def person_save_form(*, form, acting_user) -> Person:
    person = services.person_record_save(
        person=form.save(commit=False),
        acting_user=acting_user,
        expected_version=form.cleaned_data.get("expected_version"),
    )
    form.save_m2m()
    return person


def person_extended_save_form(*, form, acting_user) -> PersonExtended:
    return services.person_extended_save(
        extended=form.save(commit=False),
        acting_user=acting_user,
        expected_version=form.cleaned_data.get("expected_version"),
    )


def kinship_save_form(*, form, acting_user) -> Kinship:
    return services.kinship_save(
        kinship=form.save(commit=False),
        acting_user=acting_user,
        expected_version=form.cleaned_data.get("expected_version"),
    )


class DuplicateCheckMixin:
    """Creating a record first shows the likely duplicates (domain.md §3.9).

    The professional opens the existing record or answers "it is a different
    person"; that answer is saved with the new record (`DistinctPersons`), so the
    pair is not proposed again and the audit trail shows who decided it.
    """

    template_name = "directory/person_create.html"
    duplicates: list = []
    document_taken = False

    def get_initial(self):
        initial = super().get_initial()
        # The professional opening the record is its reference professional
        # unless they choose another.
        initial["reference_professional"] = self.request.user.pk
        for name in PREFILL_FIELDS:
            if value := self.request.GET.get(name, "").strip():
                initial[name] = value[:100]
        return initial

    def is_valid(self, form):
        candidate = form.instance
        # The area first, so the model's own check finds a document already used.
        candidate.area_id = candidate.area_id or self.request.user.area_id
        if not super().is_valid(form):
            self.duplicates = self._document_twin(form)
            return False
        candidate.document_norm = normalise_document(candidate.document_number)
        self.duplicates = [p for p, _ in services.likely_duplicates(person=candidate)]
        if self.duplicates and not self.confirmed:
            self.produced_error_message = gettext(
                "This person may already have a record. Open it, or confirm that "
                "this is a different person."
            )
            return False
        return True

    @cached_property
    def confirmed(self) -> bool:
        return self.request.POST.get("confirm_distinct") == "1"

    def _document_twin(self, form) -> list:
        """The record holding the typed document, linked from the form error."""
        for error in form.errors.as_data().get("document_number", []):
            if error.code == "duplicate_document":
                twin = Person.objects.visible_to(self.request.user).filter(
                    pk=error.params["pk"]
                )
                form.errors["document_number"] = form.error_class(
                    [self._twin_message(twin.first())]
                )
                self.document_taken = True
                return list(twin)
        return []

    def _twin_message(self, twin):
        if twin is None:
            return gettext("This document is already recorded in your area.")
        return format_html(
            '{} <a href="{}">{}</a>',
            gettext("This document is already recorded:"),
            reverse("person:inspect", args=[twin.pk]),
            twin,
        )

    def save_instance(self):
        person = super().save_instance()
        if self.duplicates:
            services.distinct_persons_confirm(
                person=person, others=self.duplicates, acting_user=self.request.user
            )
        return person

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["duplicates"] = self.duplicates
        # A document already used is an error, not a question.
        context["show_confirm_distinct"] = bool(self.duplicates) and (
            not self.document_taken
        )
        return context


class ToRecordMixin:
    """After creating or saving a record, show it (not the empty desk)."""

    def get_success_url(self):
        return reverse("person:inspect", args=[self.object.pk])


class PersonViewSet(ScopedModelViewSet):
    model = Person
    noun_gender = FEMININE
    icon = "user"
    menu_label = _("Person records")
    url_prefix = "directory/persons"
    edit_handler = PERSON_EDIT_HANDLER
    list_display = [
        Column("name", accessor="__str__", label=_("Name")),
        "document_number",
        "birth_date",
        Column("status", accessor="get_status_display", label=_("Status")),
        "residence_municipality",
        "reference_professional",
    ]
    list_filter = ["status"]
    list_export = [
        "first_name",
        "surname1",
        "surname2",
        "document_number",
        "birth_date",
        "status",
        "residence_municipality",
        "reference_professional",
    ]
    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class,
        list_select_related=("residence_municipality", "reference_professional"),
    )
    add_view_class = _scoped(
        ScopedModelViewSet.add_view_class,
        ToRecordMixin,
        DuplicateCheckMixin,
        ServiceSaveMixin,
        save_service=person_save_form,
    )
    edit_view_class = _scoped(
        ScopedModelViewSet.edit_view_class,
        ToRecordMixin,
        HistorialLinkMixin,
        MergeLinkMixin,
        LogAccessMixin,
        ConflictMessageMixin,
        ServiceSaveMixin,
        save_service=person_save_form,
    )
    # The record opens as a read view, with Edit as an action.
    inspect_view_enabled = True
    inspect_view_class = _scoped(
        ScopedModelViewSet.inspect_view_class,
        MergeLinkMixin,
        PersonRecordMixin,
        LogAccessMixin,
    )
    add_to_admin_menu = False  # people are found at the search desk

    def get_edit_handler(self):
        tabs = [*self.edit_handler.children, *person_record_tabs()]
        return TabbedInterface(
            tabs, base_form_class=self.edit_handler.base_form_class
        ).bind_to_model(self.model)

    @property
    def index_view(self):
        return PersonIndexRedirect.as_view()

    @property
    def index_results_view(self):
        return PersonIndexRedirect.as_view()


# The extended block's parts, with the area's own fields of each (issue #22).
EXTENDED_GROUPS = (
    (
        "work",
        (
            "labour_activity",
            "work_permit",
            "work_permit_expiry",
            "work_municipality",
            "employed",
            "self_employed",
            "income_amount",
        ),
    ),
    (
        "arrival",
        (
            "legal_situation",
            "arrival_in_spain",
            "arrival_in_municipality",
            "nie_expiry",
        ),
    ),
    ("studies", ("education_level", "studies_recognised", "school")),
    ("community", ("mother_tongue", "belongs_to_association", "association_name")),
    ("health", ("health_area",)),
)


class PersonExtendedForm(CustomFieldsFormMixin, VersionedForm):
    """The extended block with the area's own fields ("person"): those of the
    person's area (a new block: the acting professional's)."""

    custom_form = "person"

    def custom_area_id(self) -> int | None:
        person = self.instance.person if self.instance.person_id else None
        if person is not None:
            return person.area_id
        return getattr(self.for_user, "area_id", None)

    def custom_persons(self):
        if not self.instance.person_id:
            return Person.objects.none()
        return Person.objects.filter(pk=self.instance.person_id)


class PersonExtendedViewSet(ScopedModelViewSet):
    """The extended block, for technical roles and coordinators only."""

    model = PersonExtended
    noun_gender = FEMININE
    icon = "folder-inverse"
    menu_label = _("Extended data")
    url_prefix = "directory/extended"
    form_fields = [name for _section, names in EXTENDED_GROUPS for name in names]
    list_display = ["person", "labour_activity", "legal_situation", "education_level"]

    def get_edit_handler(self):
        read_only = {
            "mother_tongue": [FieldPanel("mother_tongue_text", read_only=True)]
        }
        panels = [
            FieldPanel("person", widget=person_chooser_viewset.widget_class),
            *(
                MultiFieldPanel(
                    [
                        *(
                            panel
                            for name in names
                            for panel in (FieldPanel(name), *read_only.get(name, ()))
                        ),
                        CustomFieldsPanel(section=section),
                    ],
                    heading=EXTENDED_SECTIONS[section],
                )
                for section, names in EXTENDED_GROUPS
            ),
            CustomFieldsPanel(),
        ]
        return CustomFieldsObjectList(
            panels, base_form_class=PersonExtendedForm
        ).bind_to_model(self.model)

    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class, list_select_related=("person",)
    )
    add_view_class = _scoped(
        ScopedModelViewSet.add_view_class,
        ServiceSaveMixin,
        save_service=person_extended_save_form,
    )
    edit_view_class = _scoped(
        ScopedModelViewSet.edit_view_class,
        LogAccessMixin,
        ConflictMessageMixin,
        ServiceSaveMixin,
        save_service=person_extended_save_form,
    )


class KinshipFormMixin:
    """A relationship is added from a person's record and returns to it."""

    def get_initial(self):
        initial = super().get_initial()
        visible = Person.objects.visible_to(self.request.user)
        if person := visible.filter(pk=self.request.GET.get("person") or 0).first():
            initial["person"] = person
        return initial

    def get_success_url(self):
        # Back to the record the form was opened from, whichever end it is.
        started = self.request.GET.get("person")
        ends = {str(self.object.person_id), str(self.object.relative_id)}
        back_to = started if started in ends else self.object.person_id
        return reverse("person:inspect", args=[back_to])


class KinshipForm(VersionedForm):
    def clean(self):
        """ "Child of" is stored as the reverse "parent of" (a database rule)."""
        data = super().clean()
        if data.get("kind") == KinshipKind.CHILD:
            data["person"], data["relative"] = data.get("relative"), data.get("person")
            data["kind"] = KinshipKind.PARENT
        return data


class KinshipViewSet(ScopedModelViewSet):
    """Relationships between records (parent, child, partner, sibling, other),
    with dates so that a separation stays on record: the genogram's data."""

    model = Kinship
    noun_gender = MASCULINE
    icon = "group"
    menu_label = _("Kinship")
    url_prefix = "directory/kinship"
    add_to_admin_menu = False  # reached from each person's Family tab
    list_display = ["person", "kind", "relative", "starts_on", "ends_on"]
    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class,
        list_select_related=("person", "relative"),
    )
    add_view_class = _scoped(
        ScopedModelViewSet.add_view_class,
        KinshipFormMixin,
        ServiceSaveMixin,
        save_service=kinship_save_form,
    )
    edit_view_class = _scoped(
        ScopedModelViewSet.edit_view_class,
        KinshipFormMixin,
        ConflictMessageMixin,
        ServiceSaveMixin,
        save_service=kinship_save_form,
    )

    def get_edit_handler(self):
        chooser = person_chooser_viewset.widget_class
        panels = [
            FieldPanel("person", widget=chooser),
            FieldPanel("kind"),
            FieldPanel("relative", widget=chooser),
            FieldPanel("starts_on"),
            FieldPanel("ends_on"),
            FieldPanel("notes"),
        ]
        return ObjectList(panels, base_form_class=KinshipForm).bind_to_model(self.model)


class DirectoryGroup(ViewSetGroup):
    menu_label = _("Persons")
    menu_icon = "group"
    menu_order = 100
    items = (PersonExtendedViewSet,)
    submenu_hook = "register_directory_menu_item"  # the duplicates worklist
