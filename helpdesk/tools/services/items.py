"""Move actuacions, demandes, problemàtiques, recursos, tràmits and
documents from one expedient to another of the area (domain.md §4.5, §6.3).

Items that belong together move together: a tràmit with its "Tramitació"
actuació and its resource, a resource with its granting actuació, a demand with
its related actuació (and that actuació's other demands), a document with the
actuació, resource or tràmit it hangs off. Every person the
moved items name must already be linked to the target expedient.

The actuacions written when the source was opened, closed or reopened record
its life and never move: a demand recorded with the opening moves without that
link (it keeps its date).
"""

from collections.abc import Callable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from casework.enums import AutomaticEvent
from casework.models import (
    Actuacio,
    Demand,
    Document,
    Expedient,
    ProblemRecord,
    Resource,
    Tramit,
)
from casework.services.common import ensure_linked, ensure_open
from configuration.versioning import save_versioned
from directory.models import Person

from .common import ensure_coordinator, log_tool

ITEMS_MOVE_TOOL = "items_move"
LIFE_EVENTS = (AutomaticEvent.OPENED, AutomaticEvent.CLOSED, AutomaticEvent.REOPENED)
ITEM_MODELS: dict[str, type[Model]] = {
    "actuacions": Actuacio,
    "demands": Demand,
    "problems": ProblemRecord,
    "resources": Resource,
    "tramits": Tramit,
    "documents": Document,
}
# (from kind, to kind, field on the "from" row, field on the "to" row): rows of
# the two kinds that share the value go together.
COMPANIONS = (
    ("tramits", "actuacions", "actuacio_id", "pk"),
    ("tramits", "resources", "pk", "tramit_id"),
    ("resources", "tramits", "tramit_id", "pk"),
    ("resources", "actuacions", "granted_actuacio_id", "pk"),
    ("demands", "actuacions", "actuacio_id", "pk"),
    ("actuacions", "demands", "pk", "actuacio_id"),
    ("actuacions", "tramits", "pk", "actuacio_id"),
    ("actuacions", "resources", "pk", "granted_actuacio_id"),
    # A document goes with the item it hangs off (not the other way round).
    ("actuacions", "documents", "pk", "actuacio_id"),
    ("resources", "documents", "pk", "resource_id"),
    ("tramits", "documents", "pk", "tramit_id"),
)


def tool_rows(source: Expedient, kind: str) -> QuerySet:
    """The items of `source` a tool may take: all but its life actuacions."""
    rows = ITEM_MODELS[kind].objects.filter(expedient=source)
    if kind == "actuacions":
        rows = rows.exclude(event__in=LIFE_EVENTS)
    return rows


def _add_companions(rows: Callable[[str], QuerySet], ids: dict[str, set]) -> bool:
    grew = False
    for from_kind, to_kind, from_field, to_field in COMPANIONS:
        values = set(
            rows(from_kind)
            .filter(pk__in=ids[from_kind])
            .exclude(**{f"{from_field}__isnull": True})
            .values_list(from_field, flat=True)
        )
        found = set(
            rows(to_kind)
            .filter(**{f"{to_field}__in": values})
            .values_list("pk", flat=True)
        )
        grew |= not found <= ids[to_kind]
        ids[to_kind] |= found
    return grew


def chosen_ids(chosen: dict) -> dict[str, set]:
    """kind -> ids of `chosen` (kind -> items or ids), every kind present."""
    return {
        kind: {getattr(item, "pk", item) for item in chosen.get(kind, ())}
        for kind in ITEM_MODELS
    }


def items_together(*, rows: Callable[[str], QuerySet], chosen: dict) -> dict[str, set]:
    """The ids of the chosen items and of the items that go with them
    (COMPANIONS), by kind, all among `rows(kind)`: the tools that move, delete
    and restore items all act on such a closed set, so no item is left
    pointing at one the others cannot see."""
    ids = chosen_ids(chosen)
    for kind in ITEM_MODELS:
        ids[kind] = set(
            rows(kind).filter(pk__in=ids[kind]).values_list("pk", flat=True)
        )
    while _add_companions(rows, ids):
        pass
    return ids


def items_to_move(*, source: Expedient, chosen: dict) -> dict[str, set]:
    """The ids of the chosen items of `source` and of the items that go with
    them, by kind (`chosen`: kind -> items or ids)."""
    return items_together(rows=partial(tool_rows, source), chosen=chosen)


# (kind, rows naming a person, the field pointing at the item, the person field)
PERSON_LISTS = (
    ("actuacions", Actuacio.related_persons.through, "actuacio_id", "person_id"),
    ("actuacions", Actuacio.attendee_persons.through, "actuacio_id", "person_id"),
    ("demands", Demand.beneficiaries.through, "demand_id", "person_id"),
    ("problems", ProblemRecord.beneficiaries.through, "problemrecord_id", "person_id"),
    ("resources", Resource.beneficiaries.through, "resource_id", "person_id"),
    ("tramits", Tramit, "pk", "holder_id"),
    ("documents", Document.persons.through, "document_id", "person_id"),
)


def persons_named(ids: dict[str, set]):
    """The person records the items name (beneficiaries, holders, attendees…)."""
    person_ids = set()
    for kind, rows, item_field, person_field in PERSON_LISTS:
        # The base manager: the persons deleted items name count too (restore).
        named = rows._base_manager.filter(**{f"{item_field}__in": ids[kind]})
        person_ids |= set(named.values_list(person_field, flat=True))
    return Person.objects.filter(pk__in=person_ids).order_by(
        "surname1", "first_name", "pk"
    )


def items_check(*, source: Expedient, target: Expedient, chosen: dict, acting_user):
    """Refuse what cannot move; return the ids that would (for the preview)."""
    ensure_coordinator(acting_user, area_id=source.area_id)
    ensure_coordinator(acting_user, area_id=target.area_id)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose another expedient.")})
    ensure_open(source)
    ensure_open(target)
    ids = items_to_move(source=source, chosen=chosen)
    ensure_linked(target, persons_named(ids))
    return ids


@transaction.atomic
def items_move(
    *, source: Expedient, target: Expedient, chosen: dict, acting_user
) -> dict[str, int]:
    """Move the chosen items (and those that go with them) to `target`; return
    how many of each kind moved."""
    source = Expedient.objects.select_for_update().get(pk=source.pk)
    target = Expedient.objects.select_for_update().get(pk=target.pk)
    ids = items_check(
        source=source, target=target, chosen=chosen, acting_user=acting_user
    )
    for kind, pks in ids.items():
        for item in tool_rows(source, kind).filter(pk__in=pks).order_by("pk"):
            if kind == "demands" and item.actuacio_id not in ids["actuacions"]:
                item.actuacio = None  # a life actuació of the source stays there
            item.expedient = target
            # Versioned: an edit form loaded before this is out of date.
            save_versioned(obj=item, expected_version=None, acting_user=acting_user)
    counts = {kind: len(pks) for kind, pks in ids.items()}
    log_tool(
        instance=source,
        tool=ITEMS_MOVE_TOOL,
        acting_user=acting_user,
        to_expedient=target.pk,
        **counts,
    )
    return counts
