"""The home-care listings (domain.md §5.1, "SAD: active services (last
approved state), hours by type/funding, alta/baixa in period"), with the
filter bar and the CSV/XLSX export every listing has.

- "Serveis de SAD": the home-care expedients the user reads, each with its
  state in force (the latest approved event) and characteristics in force;
  above the rows, the weekly hours and services per service type and funding
  of the filtered rows (one GROUP BY).
- "Actuacions de SAD": the state events, filtered by kind, status and date
  (the starts and ends of service in a period).

Scope first: rows start from `visible_to(user)` (404 never applies to a
listing: what the user may not read is simply not there). Every column is
joined or prefetched, so a page costs the same queries however many rows it
holds; the export streams in chunks and writes one audit entry
(configuration.exports.SafeExportMixin).
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet

from configuration.dates import DateFromToRangeFilter, DayColumn
from configuration.enums import ExpedientState, PromotingEntity, SadKind
from configuration.exports import SafeExportMixin, follow
from configuration.filters import visible_choices
from configuration.models import Sector, Team, User

from ...tabs import expedient_url
from .enums import HomeCareEventKind, HomeCareEventStatus
from .models import HomeCareCase, HomeCareEvent
from .queries import (
    CASE_ROW_RELATED,
    in_force_choices,
    main_person_prefetch,
    with_state_in_force,
)

SERVICE_TYPES = [c for c in SadKind.choices if c[0] != SadKind.NONE]
FUNDINGS = [c for c in PromotingEntity.choices if c[0] != PromotingEntity.UNASSIGNED]
VIEW_RIGHT = "casework.view_homecarecase"


def may_list(user) -> bool:
    """Whoever reads home-care expedients; rows are then scoped."""
    return bool(user.is_active and (user.is_superuser or user.has_perm(VIEW_RIGHT)))


def main_person_of(case) -> str:
    links = getattr(case, "main_links", None) or []
    return str(links[0].person) if links else ""


def shown(item, accessor: str):
    """The value at `accessor` ("definition_in_force.funding") as a person
    reads it: a choice's label, "—" where the case has none yet."""
    owner_name, _dot, name = accessor.rpartition(".")
    owner = follow(item, owner_name) if owner_name else item
    if owner is None:
        return "—"
    display = getattr(owner, f"get_{name}_display", None)
    return display() if display else getattr(owner, name)


def in_force_column(name: str, label, accessor: str) -> Column:
    return Column(name, label=label, accessor=lambda case: shown(case, accessor))


# --- the queries ----------------------------------------------------------------------


def home_care_services(user) -> QuerySet[HomeCareCase]:
    """The home-care expedients `user` reads, with everything a row shows."""
    return (
        HomeCareCase.objects.visible_to(user)
        .select_related(*CASE_ROW_RELATED)
        .prefetch_related(main_person_prefetch())
    )


def hours_by_type_and_funding(rows: QuerySet[HomeCareCase]) -> list[dict]:
    """Services and weekly hours in force of `rows` per service type and
    funding (rows with characteristics in force only), in one query."""
    grouped = (
        rows.filter(definition_in_force__isnull=False)
        .order_by()
        .values("definition_in_force__service_type", "definition_in_force__funding")
        .annotate(services=Count("pk"), hours=Sum("definition_in_force__weekly_hours"))
        .order_by("definition_in_force__service_type", "definition_in_force__funding")
    )
    types, fundings = dict(SERVICE_TYPES), dict(FUNDINGS)
    return [
        {
            "service_type": types.get(row["definition_in_force__service_type"], "—"),
            "funding": fundings.get(row["definition_in_force__funding"], "—"),
            "services": row["services"],
            "hours": row["hours"] or 0,
        }
        for row in grouped
    ]


def home_care_events(user) -> QuerySet[HomeCareEvent]:
    """The state events of the home-care expedients `user` reads."""
    return (
        HomeCareEvent.objects.visible_to(user)
        .select_related(
            "case__sector__municipality",
            "case__reference_team",
            "proposed_by",
            "decided_by",
            "closing_reason",
        )
        .prefetch_related(main_person_prefetch("case__links"))
    )


# --- the filters ----------------------------------------------------------------------


class ServiceFilterSet(WagtailFilterSet):
    in_force = django_filters.ChoiceFilter(
        label=_("State in force"),
        choices=in_force_choices,
        empty_label=_("All"),
        method="filter_in_force",
    )
    service_type = django_filters.ChoiceFilter(
        field_name="definition_in_force__service_type",
        label=_("Service type"),
        choices=SERVICE_TYPES,
        empty_label=_("All"),
    )
    funding = django_filters.ChoiceFilter(
        field_name="definition_in_force__funding",
        label=_("Funding"),
        choices=FUNDINGS,
        empty_label=_("All"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Expedient state"),
        choices=ExpedientState.choices,
        empty_label=_("All"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=visible_choices(Sector)
    )
    reference_team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=visible_choices(Team)
    )
    reference_professional = django_filters.ModelChoiceFilter(
        label=_("Reference professional"), queryset=visible_choices(User)
    )

    class Meta:
        model = HomeCareCase
        fields: list = []

    def filter_in_force(self, queryset, name, value):
        return with_state_in_force(queryset, value)


class EventFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Event"), choices=HomeCareEventKind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=HomeCareEventStatus.choices, empty_label=_("All")
    )
    date = DateFromToRangeFilter(label=_("Date"))
    sector = django_filters.ModelChoiceFilter(
        field_name="case__sector", label=_("Sector"), queryset=visible_choices(Sector)
    )
    reference_team = django_filters.ModelChoiceFilter(
        field_name="case__reference_team",
        label=_("Team"),
        queryset=visible_choices(Team),
    )

    class Meta:
        model = HomeCareEvent
        fields: list = []


# --- the screens ----------------------------------------------------------------------


class HomeCareIndexView(SafeExportMixin, IndexView):
    """What both listings share: who may open them, paging, the export's
    main-person column (a prefetched link, not a field)."""

    permission_policy = None  # rows are scoped in get_base_queryset
    header_icon = "tasks"
    paginate_by = 50
    export_main_person = "main_person"

    def dispatch(self, request, *args, **kwargs):
        if not may_list(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def to_row_dict(self, item) -> dict:
        row = {}
        for field in self.list_export:
            if field == "main_person":
                row[field] = self.main_person_for_export(item)
            else:
                row[field] = follow(item, field)
        return row


CHOICE_COLUMNS = (
    "state",
    "event_in_force.kind",
    "definition_in_force.service_type",
    "definition_in_force.funding",
)


class ServiceIndexView(HomeCareIndexView):
    model = HomeCareCase
    page_title = _("Home-care services")
    index_url_name = "casework_sad_services:index"
    index_results_url_name = "casework_sad_services:index_results"
    results_template_name = "casework/sad/services_index_results.html"
    filterset_class = ServiceFilterSet
    default_ordering = "-created_at"
    export_filename = "serveis-sad"
    list_export = [
        "number",
        "main_person",
        "state",
        "event_in_force.kind",
        "event_in_force.date",
        "definition_in_force.service_type",
        "definition_in_force.weekly_hours",
        "definition_in_force.funding",
        "definition_in_force.copayment",
        "sector",
        "reference_team",
        "reference_professional",
    ]
    export_headings = {
        "number": _("Number"),
        "main_person": _("Person"),
        "state": _("Expedient state"),
        "event_in_force.kind": _("State in force"),
        "event_in_force.date": _("Since"),
        "definition_in_force.service_type": _("Service type"),
        "definition_in_force.weekly_hours": _("Hours a week"),
        "definition_in_force.funding": _("Funding"),
        "definition_in_force.copayment": _("Co-payment (€ a month)"),
        "sector": _("Sector"),
        "reference_team": _("Team"),
        "reference_professional": _("Reference professional"),
    }

    def get_base_queryset(self):
        return home_care_services(self.request.user)

    def get_valid_orderings(self):
        return ["created_at", "-created_at", "number", "-number"]

    def main_person_for_export(self, item) -> str:
        return main_person_of(item)

    def to_row_dict(self, item) -> dict:
        row = super().to_row_dict(item)
        # Choices as a person reads them, not their stored codes.
        for name in CHOICE_COLUMNS:
            value = shown(item, name)
            row[name] = None if value == "—" else value
        return row

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "number",
                label=_("Number"),
                get_url=lambda case: expedient_url(case.pk, "sad_events"),
                sort_key="number",
            ),
            Column("main_person", label=_("Person"), accessor=main_person_of),
            in_force_column("in_force", _("State in force"), "event_in_force.kind"),
            in_force_column(
                "service_type",
                _("Service type"),
                "definition_in_force.service_type",
            ),
            in_force_column(
                "weekly_hours", _("Hours a week"), "definition_in_force.weekly_hours"
            ),
            in_force_column("funding", _("Funding"), "definition_in_force.funding"),
            Column("sector", label=_("Sector")),
            Column("reference_professional", label=_("Reference professional")),
            Column("state", label=_("Expedient state"), accessor="get_state_display"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = hours_by_type_and_funding(self.get_queryset())
        context["totals"] = totals
        context["total_hours"] = sum((row["hours"] for row in totals), 0)
        context["total_services"] = sum(row["services"] for row in totals)
        return context


class EventIndexView(HomeCareIndexView):
    model = HomeCareEvent
    page_title = _("Home-care events")
    index_url_name = "casework_sad_events:index"
    index_results_url_name = "casework_sad_events:index_results"
    filterset_class = EventFilterSet
    default_ordering = "-date"
    export_filename = "actuacions-sad"
    list_export = [
        "date",
        "kind",
        "status",
        "case.number",
        "main_person",
        "case.sector",
        "case.reference_team",
        "proposed_by",
        "decided_by",
        "closing_reason",
        "denial_reason",
    ]
    export_headings = {
        "date": _("Date"),
        "kind": _("Event"),
        "status": _("Status"),
        "case.number": _("Expedient"),
        "main_person": _("Person"),
        "case.sector": _("Sector"),
        "case.reference_team": _("Team"),
        "proposed_by": _("Proposed by"),
        "decided_by": _("Decided by"),
        "closing_reason": _("Reason for the end of service"),
        "denial_reason": _("Reason for the denial"),
    }

    def get_base_queryset(self):
        return home_care_events(self.request.user)

    def get_valid_orderings(self):
        return ["date", "-date"]

    def main_person_for_export(self, item) -> str:
        return main_person_of(item.case)

    def to_row_dict(self, item) -> dict:
        row = super().to_row_dict(item)
        row["kind"] = item.get_kind_display()
        row["status"] = item.get_status_display()
        return row

    @cached_property
    def columns(self):
        return [
            DayColumn("date", label=_("Date"), sort_key="date"),
            TitleColumn(
                "kind",
                label=_("Event"),
                accessor="get_kind_display",
                get_url=lambda e: reverse("casework_sad_event", args=[e.pk]),
            ),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("expedient", label=_("Expedient"), accessor="case.number"),
            Column(
                "main_person",
                label=_("Person"),
                accessor=lambda e: main_person_of(e.case),
            ),
            Column("sector", label=_("Sector"), accessor="case.sector"),
            Column("proposed_by", label=_("Proposed by")),
            Column("decided_by", label=_("Decided by")),
        ]


class ListingViewSet(ViewSet):
    """The URLs of one listing: the page and its filtered results."""

    view_class = None

    def get_urlpatterns(self):
        return [
            path("", self.view_class.as_view(), name="index"),
            path(
                "results/",
                self.view_class.as_view(results_only=True),
                name="index_results",
            ),
        ]


class ServiceListingViewSet(ListingViewSet):
    view_class = ServiceIndexView


class EventListingViewSet(ListingViewSet):
    view_class = EventIndexView


service_listing = ServiceListingViewSet(
    "casework_sad_services", url_prefix="casework/home-care/services"
)
event_listing = EventListingViewSet(
    "casework_sad_events", url_prefix="casework/home-care/events-listing"
)
LISTINGS = [service_listing, event_listing]
