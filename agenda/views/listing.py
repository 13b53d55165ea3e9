"""The appointments listing and its CSV/XLSX export (domain.md §3.8: "list
and export agenda data"; the reports issue reads the same columns).

Only the appointments `Appointment.objects.visible_to` the user, filtered by
date range, state (no-shows included), type, place, professional and sector.
It names no person: a row counts who attended, as a report does, so the
export carries no personal data to leak; who they were is on the person's
Agenda tab. CSV and XLSX go through `SafeExportMixin` (byte order mark,
formulas neutralised, streamed, one audit entry). No add, edit or delete
view: appointments are booked on the calendar, through the services.
"""

from collections import defaultdict

import django_filters
from django import forms
from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet

from configuration.dates import DateFromToRangeFilter, DayColumn
from configuration.export_plan import ChunkQuery, ChunkValues, Converted, choice_label
from configuration.exports import SafeExportMixin, follow, yes_no
from configuration.filters import visible_choices
from configuration.models import ActuacioPlace, Sector, User
from configuration.scope import policy_for

from ..enums import AppointmentState, AppointmentType
from ..models import Appointment
from ..permissions import agenda_professionals


def professional_choices(request):
    if request is None:
        return Appointment.professionals.field.related_model.objects.none()
    return agenda_professionals(request.user)


class AppointmentFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label=_("Date"))
    state = django_filters.MultipleChoiceFilter(
        label=_("State"),
        choices=AppointmentState.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=AppointmentType.choices, empty_label=_("All")
    )
    place = django_filters.ModelChoiceFilter(
        label=_("Place"), queryset=visible_choices(ActuacioPlace)
    )
    professional = django_filters.ModelChoiceFilter(
        label=_("Professional"),
        queryset=professional_choices,
        field_name="professionals",
        distinct=False,
        method="filter_professional",
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=visible_choices(Sector)
    )

    class Meta:
        model = Appointment
        fields = ["date"]

    def filter_professional(self, queryset, name, value):
        return queryset.attended_by([value.pk])


def professional_names(appointment) -> str:
    """The appointment's professionals, in alphabetical order."""
    return ", ".join(sorted(str(p) for p in appointment.professionals.all()))


class ProfessionalNames:
    """`professional_names` for a batch of appointments at once (the values
    export): one query for the batch's (appointment, professional) pairs, the
    professionals' names read once per export."""

    def __init__(self):
        through = Appointment.professionals.through
        pairs = through.objects.order_by().values_list("appointment_id", "user_id")
        self.pairs = ChunkQuery(pairs, "appointment")
        self.names: dict[int, str] = {}

    def __call__(self, pks: list) -> dict:
        pairs = self.pairs.rows(pks)
        missing = {user for _appointment, user in pairs} - self.names.keys()
        if missing:
            users = User.objects.filter(pk__in=missing)
            self.names.update((user.pk, str(user)) for user in users)
        names = defaultdict(list)
        for appointment, user in pairs:
            names[appointment].append(self.names[user])
        return {pk: ", ".join(sorted(found)) for pk, found in names.items()}


class AppointmentIndexView(SafeExportMixin, IndexView):
    model = Appointment
    any_permission_required = ["view"]
    page_title = _("Appointments")
    header_icon = "calendar-alt"
    index_url_name = "agenda_appointments:index"
    index_results_url_name = "agenda_appointments:index_results"
    filterset_class = AppointmentFilterSet
    paginate_by = 50
    default_ordering = "-date"
    export_filename = "cites"
    list_export = [
        "date",
        "starts_at",
        "ends_at",
        "state",
        "type",
        "scope",
        "place",
        "sector",
        "subsector",
        "team",
        "professional_names",
        "person_count",
        "urgent",
        "walk_in",
        "recurring",
    ]
    export_headings = {
        "date": _("Date"),
        "starts_at": _("From"),
        "ends_at": _("Until"),
        "state": _("State"),
        "type": _("Type"),
        "scope": _("Scope"),
        "place": _("Place"),
        "sector": _("Sector"),
        "subsector": _("Subsector"),
        "team": _("Team"),
        "professional_names": _("Professionals"),
        "person_count": _("Persons"),
        "urgent": _("Urgent"),
        "walk_in": _("Walk-in"),
        "recurring": _("Recurring"),
    }
    # Labels, not codes (catalan.md); flags as a person writes them.
    export_values = {
        "state": lambda a: a.get_state_display(),
        "type": lambda a: a.get_type_display(),
        "scope": lambda a: a.get_scope_display(),
        "professional_names": professional_names,
        "urgent": lambda a: yes_no(a.urgent),
        "walk_in": lambda a: yes_no(a.walk_in),
        "recurring": lambda a: yes_no(a.recurring),
    }

    @property
    def permission_policy(self):
        return policy_for(Appointment)

    @cached_property
    def columns(self):
        return [
            DayColumn("date", label=_("Date"), sort_key="date"),
            Column(
                "hours",
                label=_("Time"),
                accessor=lambda a: f"{a.starts_at:%H:%M}–{a.ends_at:%H:%M}",
            ),
            Column("type", label=_("Type"), accessor="get_type_display"),
            Column("state", label=_("State"), accessor="get_state_display"),
            Column("place", label=_("Place")),
            Column(
                "professional_names",
                label=_("Professionals"),
                accessor=professional_names,
            ),
            Column("person_count", label=_("Persons")),
            Column("sector", label=_("Sector")),
        ]

    def get_base_queryset(self):
        return (
            Appointment.objects.visible_to(self.request.user)
            .select_related("place", "sector__municipality", "subsector", "team")
            .prefetch_related("professionals")
            .annotate(person_count=Count("attendances", distinct=True))
        )

    def get_valid_orderings(self):
        return ["date", "-date"]

    def order_queryset(self, queryset):
        if self.ordering == "date":
            return queryset.order_by("date", "starts_at", "pk")
        return queryset.order_by("-date", "-starts_at", "-pk")

    def export_value_sources(self) -> dict:
        """The same columns as `export_values`, read as values."""
        flag = Converted(yes_no)
        return {
            "state": choice_label(Appointment, "state"),
            "type": choice_label(Appointment, "type"),
            "scope": choice_label(Appointment, "scope"),
            "professional_names": ChunkValues(ProfessionalNames(), default=""),
            "urgent": flag,
            "walk_in": flag,
            "recurring": Converted(
                lambda series: yes_no(series is not None),
                lookup="series",
                labelled=False,
            ),
        }

    def to_row_dict(self, item) -> dict:
        return {
            field: (
                self.export_values[field](item)
                if field in self.export_values
                else follow(item, field)
            )
            for field in self.list_export
        }

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))


class AppointmentsMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_for(Appointment).user_has_permission(request.user, "view")


class AppointmentListingViewSet(ViewSet):
    """Only a listing and its results endpoint: no add, edit or delete URL."""

    icon = "calendar-alt"
    menu_label = _("Appointments")
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = AppointmentsMenuItem

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    def get_urlpatterns(self):
        index = AppointmentIndexView.as_view()
        results = AppointmentIndexView.as_view(results_only=True)
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
        ]


appointment_listing_viewset = AppointmentListingViewSet(
    "agenda_appointments", url_prefix="agenda/appointments"
)
