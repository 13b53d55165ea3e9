"""Merge two person records of one area into one, and undo it (domain.md §4.6).

The surviving record keeps its identity and takes the values the coordinator
picked from the merged one; every registered link (`directory.links`) moves to
it. The merged record stays in the database, hidden from search
(`merged_into`), and the `PersonMerge` row keeps a snapshot of both records and
of every moved or removed link row, so the merge can be undone from the
survivor's history.
"""

import json
from itertools import permutations

from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from ..details import MERGE_EVENT, MERGED_INTO_EVENT, UNMERGE_EVENT
from ..links import person_links
from ..models import DuplicateCandidate, Person, PersonExtended, PersonMerge
from ..permissions import SENSITIVE_PERSON_FIELDS
from .records import person_save

# What a coordinator may take from the merged record, in the order the merge
# screen shows it. Area, status, stamps and derived search keys never move.
MERGEABLE_FIELDS = (
    # identification
    "document_type",
    "document_number",
    "health_card",
    "social_security_number",
    "first_name",
    "surname1",
    "surname2",
    "sex",
    # birth
    "birth_date",
    "birth_country",
    "birth_province",
    "birth_municipality",
    "nationality",
    "civil_status",
    # contact
    "phone1",
    "phone2",
    "email",
    # record
    "reference_professional",
    "reference_team",
    "unborn",
    "consent_signed",
    "consent_date",
    "consent_document",
    # address
    "transient",
    "residence_province",
    "residence_municipality",
    "locality",
    "postcode",
    "street_type",
    "street_type_text",
    "street_name",
    "street_number",
    "block",
    "staircase",
    "floor",
    "door",
    "tenure_regime",
    "construction_type",
    # cohabitation, dependency and disability, observations
    *SENSITIVE_PERSON_FIELDS,
)
# A document number is checked against its type: they travel together.
DOCUMENT_FIELDS = ("document_type", "document_number")
NOT_IN_SNAPSHOT = {"search_name", "document_norm"}  # derived on save
STAMPS = {"created_at", "updated_at", "version"}  # bookkeeping, not values


# --- snapshots ----------------------------------------------------------------------


def model_values(instance: models.Model, *, keep_pk: bool = False) -> dict:
    """Return the row's stored values, JSON-safe: foreign keys as ids, dates as ISO
    text, files as their names."""
    skip = NOT_IN_SNAPSHOT | STAMPS
    values = {}
    for field in instance._meta.concrete_fields:
        if (field.primary_key and not keep_pk) or field.name in skip:
            continue
        value = field.value_from_object(instance)
        values[field.name] = (
            (value.name or "") if isinstance(value, FieldFile) else value
        )
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def assign_values(instance: models.Model, values: dict, names=None) -> None:
    """Set the named fields (all of `values` by default) from a snapshot."""
    for name in values if names is None else names:
        field = instance._meta.get_field(name)
        setattr(instance, field.attname, field.to_python(values[name]))


def _extended_values(person: Person) -> dict | None:
    extended = PersonExtended.objects.filter(pk=person.pk).first()
    return model_values(extended) if extended else None


# --- checks -------------------------------------------------------------------------


def check_mergeable(*, survivor: Person, merged: Person) -> None:
    """Raise ValidationError unless `merged` may be folded into `survivor`."""
    if survivor.pk is None or merged.pk is None:
        raise ValidationError(_("Only saved records can be merged."))
    if survivor.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    if survivor.area_id != merged.area_id:
        raise ValidationError(_("Both records must belong to the same area."))
    for person in (survivor, merged):
        if person.merged_into_id:
            raise ValidationError(
                _("%(name)s was already merged into another record.") % {"name": person}
            )


def fields_to_take(fields_taken) -> list[str]:
    """Validate the picked field names; return them in screen order, the document
    type and number together."""
    unknown = sorted(set(fields_taken) - set(MERGEABLE_FIELDS))
    if unknown:
        raise ValidationError(
            _("These fields cannot be taken from the merged record: %(fields)s.")
            % {"fields": ", ".join(unknown)}
        )
    taken = set(fields_taken)
    if taken & set(DOCUMENT_FIELDS):
        taken |= set(DOCUMENT_FIELDS)
    return [name for name in MERGEABLE_FIELDS if name in taken]


def check_undoable(*, merge: PersonMerge) -> None:
    """Raise ValidationError unless the merge can be undone now."""
    if merge.is_undone:
        raise ValidationError(_("This merge has already been undone."))
    if merge.survivor.merged_into_id:
        raise ValidationError(
            _(
                "%(name)s was merged into another record after this merge. "
                "Undo that merge first."
            )
            % {"name": merge.survivor}
        )
    if merge.merged.merged_into_id != merge.survivor_id:
        raise ValidationError(
            _("%(name)s is no longer merged into this record.") % {"name": merge.merged}
        )


def _lock(*persons: Person) -> None:
    """Lock both rows for the transaction and reload them as they are now."""
    pks = [person.pk for person in persons if person.pk is not None]
    list(Person.objects.select_for_update().filter(pk__in=pks).values_list("pk"))
    for person in persons:
        if person.pk is not None:
            person.refresh_from_db()


# --- links --------------------------------------------------------------------------


def _links_by_model() -> dict[str, list]:
    grouped: dict[str, list] = {}
    for link in person_links():
        grouped.setdefault(link.model_label, []).append(link)
    return grouped


def _between_the_two(links, survivor: Person, merged: Person) -> Q | None:
    """Rows linking the two records to each other: merged they would link a
    record to itself (a kinship between the two, say)."""
    fields = [link.field for link in links]
    pairs = [Q(**{a: merged, b: survivor}) for a, b in permutations(fields, 2)]
    if not pairs:
        return None
    query = pairs[0]
    for pair in pairs[1:]:
        query |= pair
    return query


def _already_held(link, survivor: Person, merged: Person) -> Q | None:
    """Merged-record rows whose unique values the survivor already holds."""
    if not link.unique_with:
        return None
    rows = link.model._base_manager
    held = set(rows.filter(**{link.field: survivor}).values_list(*link.unique_with))
    clashing = [
        pk
        for pk, *key in rows.filter(**{link.field: merged}).values_list(
            "pk", *link.unique_with
        )
        if tuple(key) in held
    ]
    return Q(pk__in=clashing) if clashing else None


def _remove(model_label: str, query: Q | None) -> list[dict]:
    """Delete the rows (each with its own audit entry) and return them serialised."""
    if query is None:
        return []
    removed = []
    for row in apps.get_model(model_label)._base_manager.filter(query):
        removed.append(
            {"model": model_label, "pk": row.pk, "values": model_values(row)}
        )
        row.delete()
    return removed


def _move_links(survivor: Person, merged: Person) -> tuple[dict, list]:
    """Point every registered link of `merged` at `survivor`; return the moved ids
    per "model:field" and the rows removed instead of moved."""
    moved: dict[str, list] = {}
    removed: list[dict] = []
    for label, links in _links_by_model().items():
        removed += _remove(label, _between_the_two(links, survivor, merged))
        for link in links:
            removed += _remove(label, _already_held(link, survivor, merged))
            rows = link.model._base_manager.filter(**{link.field: merged})
            ids = sorted(rows.values_list("pk", flat=True))
            if ids:
                rows.filter(pk__in=ids).update(**{link.field: survivor})
                moved[f"{label}:{link.field}"] = ids
    return moved, removed


def _move_links_back(moved: dict, survivor: Person, merged: Person) -> None:
    for key, ids in moved.items():
        label, field = key.rsplit(":", 1)
        rows = apps.get_model(label)._base_manager
        rows.filter(pk__in=ids, **{field: survivor}).update(**{field: merged})


def _recreate(removed: list[dict]) -> None:
    for item in removed:
        row = apps.get_model(item["model"])()
        assign_values(row, item["values"])
        row.save()


def _move_extended(source: Person, target: Person) -> bool:
    """Give `target` the extended block of `source` when it has none of its own."""
    if PersonExtended.objects.filter(pk=target.pk).exists():
        return False
    return bool(PersonExtended.objects.filter(pk=source.pk).update(person=target))


# --- audit --------------------------------------------------------------------------


def _log(person: Person, *, acting_user, event: str, merge: PersonMerge, **data):
    """One summary entry per record in the audit trail, beside the field diffs."""
    LogEntry.objects.log_create(
        instance=person,
        action=LogEntry.Action.UPDATE,
        changes={},
        actor=acting_user,
        additional_data={"event": event, "merge": merge.pk, **data},
    )


# --- services -----------------------------------------------------------------------


@transaction.atomic
def person_merge(
    *, survivor: Person, merged: Person, fields_taken: list[str], acting_user
) -> PersonMerge:
    """Fold `merged` into `survivor`: take the picked fields, move every link.

    The merged record keeps its data but loses its document (one document per
    area: the survivor may take it) and is hidden from search. Everything needed
    to undo the merge is kept in the returned `PersonMerge`.
    """
    _lock(survivor, merged)
    check_mergeable(survivor=survivor, merged=merged)
    taken = fields_to_take(fields_taken)
    snapshot = {
        "version": 1,
        "survivor": model_values(survivor),
        "merged": model_values(merged),
        "survivor_extended": _extended_values(survivor),
        "merged_extended": _extended_values(merged),
    }
    merged.merged_into, merged.document_number = survivor, ""
    person_save(person=merged, acting_user=acting_user)
    assign_values(survivor, snapshot["merged"], taken)
    person_save(person=survivor, acting_user=acting_user)
    snapshot["moved"], snapshot["removed"] = _move_links(survivor, merged)
    snapshot["extended_moved"] = _move_extended(merged, survivor)
    DuplicateCandidate.objects.involving(merged).delete()
    merge = PersonMerge.objects.create(
        survivor=survivor,
        merged=merged,
        fields_taken=taken,
        snapshot=snapshot,
        merged_by=acting_user,
    )
    moved = {key: len(ids) for key, ids in snapshot["moved"].items()}
    _log(
        survivor,
        acting_user=acting_user,
        event=MERGE_EVENT,
        merge=merge,
        other=merged.pk,
        other_name=str(merged),
        fields_taken=taken,
        moved=moved,
        removed=len(snapshot["removed"]),
    )
    _log(
        merged,
        acting_user=acting_user,
        event=MERGED_INTO_EVENT,
        merge=merge,
        other=survivor.pk,
        other_name=str(survivor),
    )
    return merge


def _revert_survivor(merge: PersonMerge, acting_user) -> list[str]:
    """Give the survivor back its own values of the fields it took; a field
    changed again since the merge is kept as it is now. Returns the kept ones."""
    survivor, snapshot = merge.survivor, merge.snapshot
    now = model_values(survivor)
    reverted, kept = [], []
    for name in merge.fields_taken:
        same = now.get(name) == snapshot["merged"].get(name)
        (reverted if same else kept).append(name)
    if reverted:
        assign_values(survivor, snapshot["survivor"], reverted)
        person_save(person=survivor, acting_user=acting_user)
    return kept


def _restore_merged(merge: PersonMerge, acting_user) -> Person:
    merged, before = merge.merged, merge.snapshot["merged"]
    merged.merged_into = None
    if not merged.document_number:
        assign_values(merged, before, DOCUMENT_FIELDS)
    return person_save(person=merged, acting_user=acting_user)


@transaction.atomic
def person_unmerge(*, merge: PersonMerge, acting_user) -> Person:
    """Undo a merge: both records as they were, every moved link back.

    Fields the survivor took are given back unless changed again since; rows the
    merge removed (a kinship between the two) are created again. Returns the
    restored record.
    """
    list(PersonMerge.objects.select_for_update().filter(pk=merge.pk).values("pk"))
    merge.refresh_from_db()
    _lock(merge.survivor, merge.merged)
    check_undoable(merge=merge)
    survivor, snapshot = merge.survivor, merge.snapshot
    kept = _revert_survivor(merge, acting_user)
    merged = _restore_merged(merge, acting_user)
    _move_links_back(snapshot.get("moved", {}), survivor, merged)
    _recreate(snapshot.get("removed", []))
    if snapshot.get("extended_moved"):
        _move_extended(survivor, merged)
    merge.undone_by, merge.undone_at = acting_user, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    for person, other in ((survivor, merged), (merged, survivor)):
        _log(
            person,
            acting_user=acting_user,
            event=UNMERGE_EVENT,
            merge=merge,
            other=other.pk,
            other_name=str(other),
            kept=kept if person is survivor else [],
        )
    return merged
