"""The home-care alerts (domain.md §3.4, §4.8), computed in the database:
proposed events waiting more than 7 days for a decision, and services
suspended for more than 90 days.

Each kind is a function of the expedients whose alerts are wanted (a
queryset of expedients or a list of their ids, as helpdesk's `AlertScope`
holds them) and of today, returning a queryset, so the alerts panel can
count and list them like its own kinds. `*_for(user)` give the SAD manager's
and coordinators' own: every home-care expedient they see.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from configuration.enums import ExpedientState

from .enums import HomeCareEventKind, HomeCareEventStatus
from .models import HomeCareCase, HomeCareEvent
from .permissions import DECIDE_RIGHT

WAITING_DAYS = 7
SUSPENDED_DAYS = 90


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def events_waiting_too_long(expedients, *, today: date) -> QuerySet[HomeCareEvent]:
    """Proposed events of open expedients proposed more than 7 days ago
    (before the start of the day 7 days before today), oldest first."""
    cutoff = _start_of(today - timedelta(days=WAITING_DAYS))
    return (
        HomeCareEvent.objects.filter(
            case__in=expedients,
            case__state=ExpedientState.OPEN,
            status=HomeCareEventStatus.PROPOSED,
            proposed_at__lt=cutoff,
        )
        .select_related("case")
        .order_by("proposed_at", "pk")
    )


def services_suspended_too_long(expedients, *, today: date) -> QuerySet[HomeCareCase]:
    """Open home-care expedients whose suspension in force is dated more than
    90 days before today, longest first."""
    cutoff = today - timedelta(days=SUSPENDED_DAYS)
    return (
        HomeCareCase.objects.filter(
            pk__in=expedients,
            state=ExpedientState.OPEN,
            event_in_force__kind=HomeCareEventKind.SUSPENSION,
            event_in_force__date__lt=cutoff,
        )
        .select_related("event_in_force")
        .order_by("event_in_force__date", "pk")
    )


def deciders_expedients(user) -> QuerySet:
    """The home-care expedients whose alerts `user` gets: every one they see
    when they decide events (the SAD manager, coordinators), else none."""
    if not (user.is_superuser or user.has_perm(DECIDE_RIGHT)):
        return HomeCareCase.objects.none().values("pk")
    return HomeCareCase.objects.visible_to(user).values("pk")


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def describe_waiting_event(event: HomeCareEvent) -> str:
    """How an event waiting too long reads on the alert pages."""
    return _("%(event)s of %(date)s: proposed on %(proposed)s") % {
        "event": event.get_kind_display(),
        "date": _day(event.date),
        "proposed": _day(timezone.localdate(event.proposed_at)),
    }


def describe_suspended_service(case: HomeCareCase) -> str:
    """How a service suspended too long reads on the alert pages."""
    return _("Suspended since %(date)s") % {"date": _day(case.event_in_force.date)}


def events_waiting_too_long_for(user, *, today: date | None = None) -> QuerySet:
    return events_waiting_too_long(
        deciders_expedients(user), today=today or date.today()
    )


def services_suspended_too_long_for(user, *, today: date | None = None) -> QuerySet:
    return services_suspended_too_long(
        deciders_expedients(user), today=today or date.today()
    )
