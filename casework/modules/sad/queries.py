"""What the SAD manager reads ("Gestió de SAD", domain.md §3.4, §5.1): the
events waiting for a decision and the services in force with their weekly
hours per sector and team.

Scope first (style.md G13): every query starts from the expedients the user
sees (`visible_to`: area, module right, territory, confidentiality). Each is
a fixed number of queries however many rows it returns.
"""

from django.db.models import Count, F, Prefetch, QuerySet, Sum

from configuration.enums import ExpedientState

from ...models import LinkedPerson
from .enums import RUNNING_KINDS, HomeCareEventKind, HomeCareEventStatus
from .models import HomeCareCase, HomeCareEvent
from .permissions import DECIDE_RIGHT

# What a row of home-care expedients shows, joined (listings, the manager's screen).
CASE_ROW_RELATED = (
    "sector__municipality",
    "reference_team",
    "reference_professional",
    "event_in_force",
    "definition_in_force",
)


# The state a service is in (its latest approved event's kind), or "running".
RUNNING = "running"


def in_force_choices() -> list:
    from django.utils.translation import gettext_lazy as _

    return [(RUNNING, _("Service running")), *HomeCareEventKind.choices]


def with_state_in_force(queryset: QuerySet, value: str) -> QuerySet:
    """The expedients of `queryset` whose state in force is `value`: "running"
    (open, started, modified or resumed), or an event's kind."""
    if value == RUNNING:
        return queryset.filter(
            state=ExpedientState.OPEN, event_in_force__kind__in=RUNNING_KINDS
        )
    return queryset.filter(event_in_force__kind=value)


def main_person_prefetch(lookup: str = "links") -> Prefetch:
    """The main person of each expedient as `main_links` (one query)."""
    return Prefetch(
        lookup,
        queryset=LinkedPerson.objects.filter(is_main=True).select_related("person"),
        to_attr="main_links",
    )


def events_awaiting_decision(user) -> QuerySet[HomeCareEvent]:
    """The proposed events of open expedients `user` may decide, oldest
    proposal first (the manager's queue). None for those who never decide."""
    if not (user.is_superuser or user.has_perm(DECIDE_RIGHT)):
        return HomeCareEvent.objects.none()
    return (
        HomeCareEvent.objects.visible_to(user)
        .filter(status=HomeCareEventStatus.PROPOSED, case__state=ExpedientState.OPEN)
        .select_related(
            "case__sector__municipality",
            "case__reference_team",
            "case__reference_professional",
            "proposed_by",
            "definition",
        )
        .prefetch_related(main_person_prefetch("case__links"))
        .order_by("proposed_at", "pk")
    )


def _running(user) -> QuerySet[HomeCareCase]:
    return HomeCareCase.objects.visible_to(user).filter(
        state=ExpedientState.OPEN, event_in_force__kind__in=RUNNING_KINDS
    )


def services_in_force(user) -> QuerySet[HomeCareCase]:
    """The open home-care expedients `user` sees whose service is running
    (latest approved event: start, modification or resumption), with the
    characteristics in force."""
    return (
        _running(user)
        .select_related(*CASE_ROW_RELATED)
        .prefetch_related(main_person_prefetch())
        .order_by("sector__municipality__name", "number")
    )


def services_suspended(user) -> QuerySet[HomeCareCase]:
    """The open home-care expedients `user` sees whose service is suspended."""
    return (
        HomeCareCase.objects.visible_to(user)
        .filter(
            state=ExpedientState.OPEN,
            event_in_force__kind=HomeCareEventKind.SUSPENSION,
        )
        .select_related("sector__municipality", "event_in_force")
        .order_by("event_in_force__date", "pk")
    )


def weekly_hours_by_sector_and_team(user) -> QuerySet:
    """Services in force and their weekly hours per sector and reference team
    (rows of dicts: sector, sector_name, team, team_name, services, hours;
    `team` is None for expedients with no reference team)."""
    return (
        _running(user)
        .order_by()
        .values(
            "sector",
            "reference_team",
            sector_name=F("sector__municipality__name"),
            team_name=F("reference_team__name"),
        )
        .annotate(services=Count("pk"), hours=Sum("definition_in_force__weekly_hours"))
        .order_by("sector_name", F("team_name").asc(nulls_last=True))
    )
