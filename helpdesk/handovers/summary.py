"""The handover summary: taken once, when the reference professional changes
(`summary_snapshots`), and read back as linked lines (`summary_sections`).

Format of the snapshot: helpdesk.models.handovers. Every read is scoped to the
receiving professional (`visible_to`), who is by then the expedient's
reference professional; the transfer tool hands over many expedients at once,
so each part is read for all of them in one query. The next appointments
come from the agenda (when, what, with which professionals; never who).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation

from agenda.enums import AppointmentType
from agenda.services import next_appointments
from casework.enums import ObjectiveResult, PlanState
from casework.models import Expedient, InterventionPlan, PlanObjective, Resource
from casework.tabs import expedient_url
from configuration.enums import ResourceState

from ..alerts.queries import ALERT_TYPES
from ..alerts.selectors import expedients_alerts
from ..services import _language_of


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _open_plans(visible: QuerySet) -> dict[int, list[dict]]:
    """Open plans with their objectives not evaluated yet (achieved, partly
    or not achieved ones have a result and are left out), by expedient."""
    pending = PlanObjective.objects.filter(result=ObjectiveResult.PENDING)
    plans = (
        InterventionPlan.objects.filter(expedient__in=visible, state=PlanState.OPEN)
        .prefetch_related(Prefetch("objectives", queryset=pending))
        .order_by("expires_on", "pk")
    )
    found = defaultdict(list)
    for plan in plans:
        found[plan.expedient_id].append(
            {
                "id": plan.pk,
                "title": plan.title,
                "expires_on": _iso(plan.expires_on),
                "objectives": [
                    {
                        "id": o.pk,
                        "description": o.description,
                        "ends_on": _iso(o.ends_on),
                    }
                    for o in plan.objectives.all()
                ],
            }
        )
    return found


def _pending_resources(visible: QuerySet) -> dict[int, list[dict]]:
    resources = (
        Resource.objects.filter(expedient__in=visible, state=ResourceState.PRE_ASSIGNED)
        .select_related("benefit")
        .order_by("state_changed_on", "pk")
    )
    found = defaultdict(list)
    for r in resources:
        found[r.expedient_id].append(
            {"id": r.pk, "benefit": r.benefit.name, "since": _iso(r.state_changed_on)}
        )
    return found


def _alerts(receiver, expedient_ids: list[int]) -> dict[int, list[dict]]:
    with translation.override(_language_of(receiver)):
        return {
            expedient_id: [
                {"kind": str(t.kind), "tab": t.tab, "text": str(t.describe(row))}
                for t, row in alerts
            ]
            for expedient_id, alerts in expedients_alerts(
                receiver, expedient_ids
            ).items()
        }


def summary_snapshots(*, receiver, expedient_ids: list[int]) -> dict[int, dict]:
    """What is pending now in each of the expedients, as the receiver sees
    them, by expedient id (the same queries for one expedient or many)."""
    visible = Expedient.objects.visible_to(receiver).filter(pk__in=expedient_ids)
    visible = visible.values("pk")
    plans, resources = _open_plans(visible), _pending_resources(visible)
    alerts = _alerts(receiver, expedient_ids)
    appointments = next_appointments(visible.values_list("pk", flat=True))
    return {
        pk: {
            "plans": plans.get(pk, []),
            "resources": resources.get(pk, []),
            "alerts": alerts.get(pk, []),
            "appointments": appointments.get(pk, []),
        }
        for pk in expedient_ids
    }


# --- reading it back ------------------------------------------------------------


@dataclass
class Line:
    text: str
    url: str
    on: date | None = None  # the date the line is about (expiry, since, end)
    label: str = ""  # the alert kind's name
    children: list["Line"] = field(default_factory=list)


@dataclass
class Sections:
    plans: list[Line]
    resources: list[Line]
    alerts: list[Line]
    appointments: list[Line] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.plans or self.resources or self.alerts or self.appointments)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _plan_line(plan: dict) -> Line:
    return Line(
        text=plan["title"],
        url=reverse("casework_plans:edit", args=[plan["id"]]),
        on=_day(plan.get("expires_on")),
        children=[
            Line(
                text=o["description"],
                url=reverse("casework_objectives:edit", args=[o["id"]]),
                on=_day(o.get("ends_on")),
            )
            for o in plan.get("objectives", [])
        ],
    )


def _alert_line(expedient_id: int, alert: dict) -> Line:
    kind = alert.get("kind")
    label = ALERT_TYPES[kind].label if kind in ALERT_TYPES else ""
    return Line(
        text=alert["text"],
        url=expedient_url(expedient_id, alert.get("tab")),
        label=str(label),
    )


def _appointment_line(appointment: dict) -> Line:
    kind = appointment.get("type")
    label = AppointmentType(kind).label if kind in AppointmentType.values else ""
    hours = f"{appointment.get('starts_at', '')}–{appointment.get('ends_at', '')}"
    professionals = ", ".join(appointment.get("professionals", []))
    return Line(
        text=" · ".join(part for part in (hours, professionals) if part),
        url="",  # the agenda's screens will link it
        on=_day(appointment.get("date")),
        label=str(label),
    )


def summary_sections(handover) -> Sections:
    """The snapshot as lines, each linking into the expedient."""
    summary = handover.summary or {}
    return Sections(
        plans=[_plan_line(p) for p in summary.get("plans", [])],
        resources=[
            Line(
                text=r["benefit"],
                url=reverse("casework_resources:edit", args=[r["id"]]),
                on=_day(r.get("since")),
            )
            for r in summary.get("resources", [])
        ],
        alerts=[
            _alert_line(handover.expedient_id, a) for a in summary.get("alerts", [])
        ],
        # A snapshot taken before the agenda existed holds a note, not a list.
        appointments=[
            _appointment_line(a)
            for a in summary.get("appointments") or []
            if isinstance(a, dict)
        ],
    )
