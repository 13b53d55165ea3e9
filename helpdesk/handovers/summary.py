"""The handover summary: taken once, when the reference professional changes
(`summary_snapshot`), and read back as linked lines (`summary_sections`).

Format of the snapshot: helpdesk.models.handovers. Every read is scoped to the
receiving professional (`visible_to`), who is by then the expedient's
reference professional. There is no agenda (appointments) module yet, so the
summary records that no appointment can be listed rather than inventing any.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation

from casework.enums import ObjectiveResult, PlanState
from casework.models import InterventionPlan, PlanObjective, Resource
from casework.tabs import expedient_url
from configuration.enums import ResourceState

from ..alerts.kinds import AlertKind
from ..alerts.selectors import expedient_alerts
from ..services import _language_of

NO_AGENDA = {"recorded": False, "reason": "no_agenda"}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _open_plans(receiver, expedient_id: int) -> list[dict]:
    """Open plans with their objectives not evaluated yet (achieved, partly
    or not achieved ones have a result and are left out)."""
    pending = PlanObjective.objects.filter(result=ObjectiveResult.PENDING)
    plans = (
        InterventionPlan.objects.visible_to(receiver)
        .filter(expedient_id=expedient_id, state=PlanState.OPEN)
        .prefetch_related(Prefetch("objectives", queryset=pending))
        .order_by("expires_on", "pk")
    )
    return [
        {
            "id": plan.pk,
            "title": plan.title,
            "expires_on": _iso(plan.expires_on),
            "objectives": [
                {"id": o.pk, "description": o.description, "ends_on": _iso(o.ends_on)}
                for o in plan.objectives.all()
            ],
        }
        for plan in plans
    ]


def _pending_resources(receiver, expedient_id: int) -> list[dict]:
    resources = (
        Resource.objects.visible_to(receiver)
        .filter(expedient_id=expedient_id, state=ResourceState.PRE_ASSIGNED)
        .select_related("benefit")
        .order_by("state_changed_on", "pk")
    )
    return [
        {"id": r.pk, "benefit": r.benefit.name, "since": _iso(r.state_changed_on)}
        for r in resources
    ]


def summary_snapshot(*, receiver, expedient_id: int) -> dict:
    """What is pending in the expedient now, as the receiver sees it."""
    with translation.override(_language_of(receiver)):
        alerts = [
            {"kind": t.kind.value, "tab": t.tab, "text": str(t.describe(row))}
            for t, row in expedient_alerts(receiver, expedient_id)
        ]
    return {
        "plans": _open_plans(receiver, expedient_id),
        "resources": _pending_resources(receiver, expedient_id),
        "alerts": alerts,
        "appointments": NO_AGENDA,
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

    @property
    def empty(self) -> bool:
        return not (self.plans or self.resources or self.alerts)


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
    label = AlertKind(kind).label if kind in AlertKind.values else ""
    return Line(
        text=alert["text"],
        url=expedient_url(expedient_id, alert.get("tab")),
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
    )
