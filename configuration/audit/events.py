"""The eleven event types of the Registres (domain.md §4.9), defined once.

Each type is a filter on the one audit trail (`event_filter`), and each entry is
sorted back into its type for display (`event_of`); the two stay in step here.
Entries outside the eleven (a catalogue or team change, a merge decision) are
listed under "all events" with no type.
"""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .subjects import EXPEDIENT, PERSON, part_type_ids, record_type_ids
from .trail import EXPORT_DOWNLOAD_EVENT, EXPORT_EVENT, SEARCH_EVENT

Action = LogEntry.Action
WRITES = (Action.CREATE, Action.UPDATE, Action.DELETE)
CHANGES = (Action.UPDATE, Action.DELETE)

SIGN_IN_EVENT = "sign_in"
SIGN_OUT_EVENT = "sign_out"
SIGN_IN_FAILED_EVENT = "sign_in_failed"
ROLE_FIELD = "groups"  # a change of a professional's groups is a change of role


class AuditEvent(models.TextChoices):
    SIGN_IN = "sign_in", _("Sign-ins and sign-outs")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-ins")
    PERSON_READ = "person_read", _("Person-record reads")
    PERSON_CHANGE = "person_change", _("Person-record changes")
    PERSON_CREATE = "person_create", _("Person-record creations")
    EXPORT = "export", _("Data exports")
    EXPEDIENT_READ = "expedient_read", _("Expedient reads")
    EXPEDIENT_CHANGE = "expedient_change", _("Expedient changes")
    EXPEDIENT_CREATE = "expedient_create", _("Expedient creations")
    USER_CHANGE = "user_change", _("Professional changes")
    ROLE_CHANGE = "role_change", _("Role changes")


def user_type_id() -> int:
    return ContentType.objects.get_for_model(get_user_model()).pk


def _family_types(family: str) -> list[int]:
    return record_type_ids(family) + part_type_ids(family)


def _read(family: str) -> Q:
    # A read of one row, or a search that listed the family's records (the
    # desk and the person chooser list persons; the tools' chooser, expedients).
    one_row = ~Q(object_pk="") | Q(additional_data__event=SEARCH_EVENT)
    return Q(action=Action.ACCESS, content_type_id__in=_family_types(family)) & one_row


def _change(family: str) -> Q:
    # Creating something inside a record (an actuació, a kinship) changes it.
    return Q(action__in=CHANGES, content_type_id__in=record_type_ids(family)) | Q(
        action__in=WRITES, content_type_id__in=part_type_ids(family)
    )


def _create(family: str) -> Q:
    return Q(action=Action.CREATE, content_type_id__in=record_type_ids(family))


def _professional(*, roles: bool) -> Q:
    role_change = Q(changes__has_key=ROLE_FIELD)
    return Q(action__in=WRITES, content_type_id=user_type_id()) & (
        role_change if roles else ~role_change
    )


def event_filter(event: AuditEvent | str) -> Q:
    """Return the condition on LogEntry that selects the entries of `event`."""
    filters = {
        AuditEvent.SIGN_IN: lambda: Q(
            action=Action.ACCESS,
            additional_data__event__in=[SIGN_IN_EVENT, SIGN_OUT_EVENT],
        ),
        AuditEvent.SIGN_IN_FAILED: lambda: Q(
            action=Action.ACCESS, additional_data__event=SIGN_IN_FAILED_EVENT
        ),
        AuditEvent.PERSON_READ: lambda: _read(PERSON),
        AuditEvent.PERSON_CHANGE: lambda: _change(PERSON),
        AuditEvent.PERSON_CREATE: lambda: _create(PERSON),
        AuditEvent.EXPORT: lambda: Q(
            action=Action.ACCESS,
            additional_data__event__in=[EXPORT_EVENT, EXPORT_DOWNLOAD_EVENT],
        ),
        AuditEvent.EXPEDIENT_READ: lambda: _read(EXPEDIENT),
        AuditEvent.EXPEDIENT_CHANGE: lambda: _change(EXPEDIENT),
        AuditEvent.EXPEDIENT_CREATE: lambda: _create(EXPEDIENT),
        AuditEvent.USER_CHANGE: lambda: _professional(roles=False),
        AuditEvent.ROLE_CHANGE: lambda: _professional(roles=True),
    }
    return filters[AuditEvent(event)]()


def _summary_event(entry: LogEntry) -> AuditEvent | None:
    event = (entry.additional_data or {}).get("event")
    return {
        SIGN_IN_EVENT: AuditEvent.SIGN_IN,
        SIGN_OUT_EVENT: AuditEvent.SIGN_IN,
        SIGN_IN_FAILED_EVENT: AuditEvent.SIGN_IN_FAILED,
        EXPORT_EVENT: AuditEvent.EXPORT,
        EXPORT_DOWNLOAD_EVENT: AuditEvent.EXPORT,
    }.get(event)


def _record_event(entry: LogEntry, family: str) -> AuditEvent | None:
    events = {
        PERSON: (
            AuditEvent.PERSON_READ,
            AuditEvent.PERSON_CREATE,
            AuditEvent.PERSON_CHANGE,
        ),
        EXPEDIENT: (
            AuditEvent.EXPEDIENT_READ,
            AuditEvent.EXPEDIENT_CREATE,
            AuditEvent.EXPEDIENT_CHANGE,
        ),
    }
    read, create, change = events[family]
    if entry.content_type_id in record_type_ids(family):
        if entry.action == Action.ACCESS:
            return read if entry.object_pk else None
        return create if entry.action == Action.CREATE else change
    if entry.content_type_id in part_type_ids(family):
        return read if entry.action == Action.ACCESS else change
    return None


def _search_event(entry: LogEntry) -> AuditEvent | None:
    if entry.content_type_id in _family_types(EXPEDIENT):
        return AuditEvent.EXPEDIENT_READ
    if entry.content_type_id in _family_types(PERSON):
        return AuditEvent.PERSON_READ
    return None


def event_of(entry: LogEntry) -> AuditEvent | None:
    """Return the type of one entry, as `event_filter` would select it."""
    if entry.action == Action.ACCESS and not entry.object_pk:
        if (entry.additional_data or {}).get("event") == SEARCH_EVENT:
            return _search_event(entry)
        return _summary_event(entry)
    if entry.content_type_id == user_type_id():
        if entry.action == Action.ACCESS:
            return _summary_event(entry)
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        return (
            AuditEvent.ROLE_CHANGE if ROLE_FIELD in changes else AuditEvent.USER_CHANGE
        )
    return _record_event(entry, PERSON) or _record_event(entry, EXPEDIENT)
