"""Which state event may follow which, and the service at each stage
(domain.md §3.4).

Recollida d'informació (automatic, approved at opening) → Alta →
Modificació* ⇄ Suspensió → Represa → … → Baixa (terminal). The state in
force is the latest approved event; a denied one leaves it as it was.

One proposal at a time: while an event waits for a decision no other may be
proposed. Whether an event is possible depends on the state the previous one
leaves (a Represa needs the Suspensió approved), so proposals queued behind
an undecided one would be judged against a state that may never come; the
manager decides them in order instead, and each decision checks the event
again against the state then in force.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from .enums import DEFINING_KINDS, RUNNING_KINDS, HomeCareEventKind
from .enums import HomeCareEventStatus as Status
from .models import HomeCareCase, HomeCareDefinition, HomeCareEvent, HomeCareWorkPlan

Kind = HomeCareEventKind


def approved_events(case: HomeCareCase):
    """The case's approved events, the one in force first."""
    return HomeCareEvent.objects.filter(case=case, status=Status.APPROVED).order_by(
        "-date", "-decided_at", "-pk"
    )


def event_in_force(case: HomeCareCase) -> HomeCareEvent | None:
    """The latest approved event, read from the events themselves (the case
    keeps it on `event_in_force`; this is the definition it must agree with)."""
    return approved_events(case).first()


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _kind_refusal(kind: str, in_force: HomeCareEvent) -> str:
    """Why an event of `kind` cannot follow `in_force` ("" when it can)."""
    current = in_force.kind
    if kind == Kind.INFORMATION:
        return _(
            "The information gathering is recorded once, when the expedient opens."
        )
    if kind == Kind.START and current != Kind.INFORMATION:
        return _("The service has already started: it cannot start a second time.")
    if kind in (Kind.MODIFICATION, Kind.SUSPENSION) and current == Kind.INFORMATION:
        return _("The service has not started yet: its start must be approved first.")
    if kind == Kind.RESUMPTION and current != Kind.SUSPENSION:
        return _("The service is not suspended: only a suspended service resumes.")
    if kind == Kind.SUSPENSION and current == Kind.SUSPENSION:
        return _("The service is already suspended.")
    if kind == Kind.MODIFICATION and current == Kind.SUSPENSION:
        return _(
            "The service is suspended: its resumption must be approved before "
            "modifying it."
        )
    return ""


def refusal(case: HomeCareCase, kind: str, on: date, *, exclude=None) -> str:
    """Why an event of `kind` dated `on` cannot be recorded in `case` now
    ("" when it can). `exclude` is the event being decided, left out of the
    state in force and of the pending check."""
    in_force = approved_events(case).exclude(pk=getattr(exclude, "pk", None)).first()
    if in_force is not None and in_force.kind == Kind.END:
        return _("The service ended on %(date)s: no event can follow its end.") % {
            "date": _day(in_force.date)
        }
    if not case.is_open:
        return _("Expedient %(number)s is closed.") % {"number": case.number}
    if in_force is None:
        return _("This expedient has no information gathering: it cannot go on.")
    if reason := _kind_refusal(kind, in_force):
        return reason
    if on < in_force.date:
        return _(
            "The date cannot be before %(date)s, the date of the state in force "
            "(%(event)s)."
        ) % {"date": _day(in_force.date), "event": in_force.get_kind_display()}
    if kind == Kind.END and on > date.today():
        return _(
            "The end of service cannot be dated in the future: the expedient "
            "closes when it is approved."
        )
    return ""


def pending_refusal(case: HomeCareCase) -> str:
    """Why nothing may be proposed now: another event waits for a decision."""
    pending = (
        HomeCareEvent.objects.filter(case=case, status=Status.PROPOSED)
        .order_by("proposed_at")
        .first()
    )
    if pending is None:
        return ""
    return _(
        "An event (%(event)s, %(date)s) is waiting for a decision: approve or "
        "deny it before proposing another."
    ) % {"event": pending.get_kind_display(), "date": _day(pending.date)}


def service_state_label(case: HomeCareCase) -> str:
    """How the state in force reads on the cover and in listings."""
    event = case.event_in_force
    return event.get_kind_display() if event else ""


def is_running(event: HomeCareEvent | None) -> bool:
    return event is not None and event.kind in RUNNING_KINDS


# --- the service as defined at each stage ---------------------------------------------


@dataclass(frozen=True)
class ServiceStage:
    """What the service was at one event: its characteristics and work plan."""

    event: HomeCareEvent
    definition: HomeCareDefinition | None
    work_plan: HomeCareWorkPlan | None


def definition_at(event: HomeCareEvent) -> HomeCareDefinition | None:
    """The characteristics an event shows: its own for a start or a
    modification (as proposed, even when denied); otherwise those of the
    latest approved start or modification up to the event's date."""
    if event.kind in DEFINING_KINDS:
        return HomeCareDefinition.objects.filter(event=event).first()
    defining = (
        approved_events(event.case)
        .filter(kind__in=DEFINING_KINDS, date__lte=event.date)
        .exclude(pk=event.pk)
    )
    return (
        HomeCareDefinition.objects.filter(event__in=defining[:1])
        .prefetch_related("tasks")
        .first()
    )


def work_plan_at(case: HomeCareCase, on: date) -> HomeCareWorkPlan | None:
    """The work plan in force on `on`: the latest start not after it."""
    return (
        HomeCareWorkPlan.objects.filter(case=case, starts_on__lte=on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def active_work_plan(case: HomeCareCase, today: date | None = None):
    """The work plan in force today (the latest start not in the future)."""
    return work_plan_at(case, today or date.today())


def service_at(event: HomeCareEvent) -> ServiceStage:
    """The service as defined at `event` ("opening an event shows the service
    as defined at that stage", domain.md §3.4)."""
    return ServiceStage(
        event=event,
        definition=definition_at(event),
        work_plan=work_plan_at(event.case, event.date),
    )
