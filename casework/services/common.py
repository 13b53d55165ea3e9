"""Pieces every casework service shares: the residence gate, automatic
actuacions and the guards on closed and transferred expedients (domain.md §4).

The version check (`save_versioned`, `EditConflict`) lives in
`configuration.versioning`, shared with the directory; casework.services
re-exports it.
"""

from collections.abc import Iterable
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from configuration.models import ActuacioType, Sector

from ..enums import ActuacioOrigin, AutomaticEvent
from ..models import Actuacio, Expedient, PlanObjective

# The automatic actuació of a registered tràmit is of this type (domain.md §3.3.4):
# the shared official entry of the closed list, code 5 "Tramitació".
TRAMITACIO_CODE = "5"
TRAMITACIO_NAME = "Tramitació"

AUTOMATIC_TOPICS = {
    AutomaticEvent.OPENED: "Obertura de l'expedient",
    AutomaticEvent.CLOSED: "Tancament de l'expedient",
    AutomaticEvent.REOPENED: "Reobertura de l'expedient",
    AutomaticEvent.TRAMIT: "Tramitació",
    AutomaticEvent.RESOURCE_GRANTED: "Recurs concedit",
}


def ensure_open(expedient: Expedient) -> None:
    if reason := closed_reason(expedient):
        raise ValidationError(reason)


def closed_reason(expedient: Expedient) -> str:
    """Why nothing in `expedient` may change ("" while it is open)."""
    if expedient.is_open:
        return ""
    return _("Expedient %(number)s is closed: nothing in it can be changed.") % {
        "number": expedient.number
    }


# --- the lock of an information transfer (domain.md §4.5, §4.7) -----------------------

# The coordinators' tool that moves an expedient to another sector keeping it
# (traspàs d'informació) writes a summary audit entry with this tool name.
INFORMATION_TRANSFER_TOOL = "information_transfer"
UNKNOWN = object()  # "not read yet": read the transfer date from the trail

RECORDED_BEFORE_TRANSFER = {
    "actuacio": gettext_lazy(
        "This actuació was recorded before the expedient moved to another "
        "sector on %(date)s: it can be read, not changed."
    ),
    "demand": gettext_lazy(
        "This demand was recorded before the expedient moved to another "
        "sector on %(date)s: it can be read, not changed."
    ),
    "problemrecord": gettext_lazy(
        "This problem was recorded before the expedient moved to another "
        "sector on %(date)s: it can be read, not changed (not extended or "
        "reopened either); record it again if it goes on."
    ),
    "resource": gettext_lazy(
        "This resource was recorded before the expedient moved to another "
        "sector on %(date)s: it can be read, not changed."
    ),
    "tramit": gettext_lazy(
        "This tràmit was recorded before the expedient moved to another "
        "sector on %(date)s: it can be read, not changed."
    ),
    "interventionplan": gettext_lazy(
        "This plan was recorded before the expedient moved to another "
        "sector on %(date)s: it can be read, not changed (its objectives "
        "neither); start a new plan if one is needed."
    ),
    "planobjective": gettext_lazy(
        "The plan of this objective was recorded before the expedient moved to "
        "another sector on %(date)s: it can be read, not changed."
    ),
}


def _transfer_entries(expedient_ids: Iterable[int]) -> models.QuerySet:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Expedient),
        object_id__in=list(expedient_ids),
        additional_data__event="tool",
        additional_data__tool=INFORMATION_TRANSFER_TOOL,
    )


def information_transfer_at(expedient_id: int) -> datetime | None:
    """When the expedient last moved sector by an information transfer, read
    from the audit trail: what was recorded before then is read-only (§4.7)."""
    return (
        _transfer_entries([expedient_id])
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )


def information_transfers_at(expedient_ids: Iterable[int]) -> dict[int, datetime]:
    """`information_transfer_at` of several expedients in one query (listings);
    expedients never transferred are left out."""
    ids = {pk for pk in expedient_ids if pk is not None}
    if not ids:
        return {}
    rows = (
        _transfer_entries(ids)
        .order_by()
        .values("object_id")
        .annotate(last=Max("timestamp"))
        .values_list("object_id", "last")
    )
    return dict(rows)


def recorded_item(item: models.Model) -> models.Model:
    """The row whose recording date decides the lock: an objective goes with its
    plan (adding to or changing an objective changes the plan)."""
    return item.plan if isinstance(item, PlanObjective) else item


def transfer_lock_reason(item: models.Model, *, transferred_at=UNKNOWN) -> str:
    """Why `item` is read-only because it was recorded before the expedient's
    last information transfer to another sector ("" when it is not).

    `item` is an actuació, demand, problem, resource, tràmit, plan or plan
    objective. `transferred_at` is the transfer date when the caller already
    has it (listings read it once per expedient); otherwise it is read here.
    Items recorded after the transfer, and new ones, stay changeable.
    """
    recorded = recorded_item(item)
    if recorded.pk is None or recorded.created_at is None:
        return ""
    if transferred_at is UNKNOWN:
        transferred_at = information_transfer_at(recorded.expedient_id)
    if not transferred_at or recorded.created_at >= transferred_at:
        return ""
    return RECORDED_BEFORE_TRANSFER[item._meta.model_name] % {
        "date": date_format(localdate(transferred_at), "SHORT_DATE_FORMAT")
    }


def item_lock_reason(item: models.Model, *, transferred_at=UNKNOWN) -> str:
    """Why nobody may change `item` now: its expedient is closed, or it was
    recorded before an information transfer ("" when it may be changed)."""
    return closed_reason(recorded_item(item).expedient) or transfer_lock_reason(
        item, transferred_at=transferred_at
    )


def ensure_item_changeable(item: models.Model) -> None:
    """Refuse any change to an item of a closed expedient or recorded before
    an information transfer (every write service of an item calls this)."""
    if reason := item_lock_reason(item):
        raise ValidationError(reason, code="locked")


def ensure_linked(expedient: Expedient, persons: Iterable) -> None:
    """Every person must be linked to the expedient."""
    linked = set(expedient.links.values_list("person_id", flat=True))
    strangers = [person for person in persons if person.pk not in linked]
    if strangers:
        raise ValidationError(
            _("%(names)s is not linked to expedient %(number)s.")
            % {
                "names": ", ".join(str(p) for p in strangers),
                "number": expedient.number,
            }
        )


def area_municipality_ids(area_id: int) -> set[int]:
    return set(
        Sector.objects.filter(area_id=area_id).values_list("municipality_id", flat=True)
    )


def residence_gate(*, expedient: Expedient, persons: Iterable) -> None:
    """Demandes, problemàtiques, recursos and tràmits are only for residents.

    Each person must live in one of the area's municipalities (the person
    record's municipality of residence); otherwise only actuacions can be
    recorded (domain.md §4.1). The message names the person and the field.
    """
    municipalities = area_municipality_ids(expedient.area_id)
    problems = []
    for person in persons:
        if person.residence_municipality_id is None:
            problems.append(
                _(
                    "%(person)s has no municipality of residence: fill in "
                    "“municipality of residence” on their person record."
                )
                % {"person": person}
            )
        elif person.residence_municipality_id not in municipalities:
            problems.append(
                _(
                    "%(person)s lives in %(municipality)s, outside this area: "
                    "only actuacions can be recorded for them. If they have moved "
                    "here, correct “municipality of residence” on their person "
                    "record."
                )
                % {"person": person, "municipality": person.residence_municipality}
            )
    if problems:
        raise ValidationError(problems, code="residence")


def tramitacio_type() -> ActuacioType:
    """Return the shared "Tramitació" actuació type, adding it if it is missing.

    The closed list of actuació types is data (seeded by the demo or imported),
    but a tràmit's actuació must always have its type, whatever the catalogue
    holds: an empty or partly imported catalogue gets the official entry here.
    get_or_create survives two tràmits adding it at once (the shared-code
    constraint makes the second insert fail and fetch the first one's row).
    """
    type_, _created = ActuacioType.objects.get_or_create(
        code=TRAMITACIO_CODE,
        area=None,
        defaults={"name": TRAMITACIO_NAME, "sort_order": int(TRAMITACIO_CODE)},
    )
    return type_


def automatic_topic(event: str, subject: str = "") -> str:
    topic = AUTOMATIC_TOPICS[AutomaticEvent(event)]
    topic_length = Actuacio._meta.get_field("topic").max_length
    return f"{topic}: {subject}"[:topic_length] if subject else topic


def automatic_actuacio(
    *,
    expedient: Expedient,
    event: str,
    acting_user,
    text: str = "",
    on=None,
    persons: Iterable = (),
    subject: str = "",
) -> Actuacio:
    """Write the automatic actuació that records `event` (domain.md §4.2);
    `subject` names what it is about in its topic ("Recurs concedit: …")."""
    type_ = tramitacio_type() if event == AutomaticEvent.TRAMIT else None
    actuacio = Actuacio(
        expedient=expedient,
        origin=ActuacioOrigin.AUTOMATIC,
        event=event,
        type=type_,
        topic=automatic_topic(event, subject),
        text=text,
        responsible=acting_user,
        created_by=acting_user,
        updated_by=acting_user,
    )
    if on is not None:
        actuacio.date = on
    actuacio.save()
    persons = list(persons)
    if persons:
        actuacio.related_persons.set(persons)
    return actuacio
