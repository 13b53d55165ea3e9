"""A person's access report (data-protection access request): who consulted or
changed the person's data, when, and for what recorded reason, read from the
one audit trail (auditlog).

The entries are those on the person record and its extended block, their
kinship rows, the expedients they are linked to (cover, module case, housing,
their link) and the items that name them (actuacions, demandes, problemàtiques,
tràmits they hold, resources, plans and objectives). Listing exports are one
summary entry each and name no person, so they are not attributable here.

A read made while a break-glass grant ran gives the grant's reason. Teams are
the professional's current ones. The query count does not depend on the number
of entries: one query per kind of row, the entries, the teams, the grants.
"""

from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from configuration.models import Team
from directory.models import Kinship, Person, PersonExtended

from . import models as m
from .details import ACCESS_REPORT_EVENT, BREAK_GLASS_EVENT, EXPEDIENT_PRINT_EVENT
from .enums import BreakGlassReason
from .modules import module_models

ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("created"),
    LogEntry.Action.UPDATE: gettext_lazy("changed"),
    LogEntry.Action.DELETE: gettext_lazy("deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("read"),
}
EVENTS = {
    BREAK_GLASS_EVENT: gettext_lazy("opened by break-glass"),
    ACCESS_REPORT_EVENT: gettext_lazy("access report"),
    EXPEDIENT_PRINT_EVENT: gettext_lazy("expedient printed"),
    "export": gettext_lazy("export"),
}


@dataclass
class AccessRow:
    when: datetime
    professional: str
    teams: str
    record: str
    event: str
    reason: str


def _rows_about(person: Person) -> list[tuple[type, object]]:
    """(model, subquery of primary keys) of every row that is about `person`."""
    expedients = m.LinkedPerson._base_manager.filter(person=person).values(
        "expedient_id"
    )
    naming = {
        Person: Q(pk=person.pk),
        PersonExtended: Q(pk=person.pk),
        Kinship: Q(person=person) | Q(relative=person),
        m.LinkedPerson: Q(person=person),
        m.Actuacio: Q(related_persons=person) | Q(attendee_persons=person),
        m.Demand: Q(beneficiaries=person),
        m.ProblemRecord: Q(beneficiaries=person),
        m.Tramit: Q(holder=person),
        m.Resource: Q(beneficiary_rows__person=person),
        m.InterventionPlan: Q(affected_persons=person),
        m.PlanObjective: Q(target_persons=person),
    }
    rows = [
        (model, model._base_manager.filter(condition).values("pk"))
        for model, condition in naming.items()
    ]
    return [
        *rows,
        *((model, expedients) for model in (m.Expedient, *module_models(), m.Housing)),
    ]


def person_entries(person: Person):
    """The audit entries about `person`, oldest first, with actor and teams."""
    condition = Q()
    for model, ids in _rows_about(person):
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(content_type=content_type, object_id__in=ids)
    teams = Team.objects.order_by("name")
    return (
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .prefetch_related(Prefetch("actor__teams", queryset=teams))
        .order_by("timestamp", "pk")
    )


def _grants_by_actor(entries: list[LogEntry]) -> dict:
    """The break-glass grants of the entries' professionals, by professional."""
    actors = {entry.actor_id for entry in entries if entry.actor_id}
    found: dict = {}
    for grant in m.BreakGlassAccess.objects.filter(user_id__in=actors):
        found.setdefault(grant.user_id, []).append(grant)
    return found


def _reason(entry: LogEntry, grants: dict) -> str:
    data = entry.additional_data or {}
    if data.get("event") == BREAK_GLASS_EVENT:
        return str(BreakGlassReason(data["reason"]).label)
    if entry.action != LogEntry.Action.ACCESS:
        return ""
    for grant in grants.get(entry.actor_id, ()):
        during = grant.created_at <= entry.timestamp <= grant.expires_at
        if during and str(grant.expedient_id) == entry.object_pk:
            return str(BreakGlassReason(grant.reason).label)
    return ""


def _event(entry: LogEntry) -> str:
    data = entry.additional_data or {}
    return str(EVENTS.get(data.get("event"), ACTIONS.get(entry.action, "")))


def _record(entry: LogEntry) -> str:
    kind = entry.content_type.model_class()
    label = kind._meta.verbose_name if kind else entry.content_type.model
    return f"{label}: {entry.object_repr}"


def person_access_rows(person: Person) -> list[AccessRow]:
    entries = list(person_entries(person))
    grants = _grants_by_actor(entries)
    rows = []
    for entry in entries:
        actor = entry.actor
        rows.append(
            AccessRow(
                when=entry.timestamp,
                professional=actor.get_full_name() if actor else _("(system)"),
                teams=", ".join(t.name for t in actor.teams.all()) if actor else "",
                record=_record(entry),
                event=_event(entry),
                reason=_reason(entry, grants),
            )
        )
    return rows
