"""Delete actuacions, demandes, problemàtiques, recursos and tràmits of an
expedient, and restore them (domain.md §4.6, §6.3 item 6).

Deleting only marks the rows (casework.models.items.DeletableItem): they
disappear from every screen, count and alert, and stay in the trail and in
this tool's restore list. Items that belong together go together both ways (a
tràmit with its "Tramitació" actuació and its resource…, see items.COMPANIONS).
The actuacions that record the expedient's life (opened, closed, reopened) are
never deleted, and never taken along as a companion.
"""

from collections.abc import Callable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.signal_handlers import disable_reference_index_auto_update

from casework.models import Expedient
from casework.services.common import ensure_open
from casework.services.problems import problem_clash
from configuration.versioning import save_versioned

from .common import ensure_coordinator, log_tool
from .items import (
    ITEM_MODELS,
    LIFE_EVENTS,
    chosen_ids,
    items_together,
    persons_named,
    tool_rows,
)

ITEMS_DELETE_TOOL = "items_delete"
ITEMS_RESTORE_TOOL = "items_restore"
REASON_LENGTH = 200
# What each kind's name needs (its __str__), so a list of them is one query.
LABEL_RELATED: dict[str, tuple[str, ...]] = {
    "actuacions": (),
    "demands": ("type",),
    "problems": ("problem",),
    "resources": ("benefit",),
    "tramits": ("type",),
    "documents": (),
}


def live_items(expedient: Expedient, kind: str) -> QuerySet:
    """The expedient's items of `kind` that the delete tool may take."""
    return tool_rows(expedient, kind).select_related(*LABEL_RELATED[kind])


def deleted_items(expedient: Expedient, kind: str) -> QuerySet:
    """The expedient's deleted items of `kind`, last deleted first."""
    return (
        ITEM_MODELS[kind]
        .all_objects.filter(expedient=expedient, deleted_at__isnull=False)
        .select_related("deleted_by", *LABEL_RELATED[kind])
        .order_by("-deleted_at", "-pk")
    )


def item_lines(rows: Callable[[str], QuerySet], ids: dict[str, set]) -> list[str]:
    """ "Kind: item" for every id, kind by kind (the tools' previews)."""
    return [
        f"{capfirst(ITEM_MODELS[kind]._meta.verbose_name)}: {item}"
        for kind, pks in ids.items()
        for item in rows(kind).filter(pk__in=pks).order_by("pk")
    ]


def _guard(expedient: Expedient, acting_user) -> None:
    ensure_coordinator(acting_user, area_id=expedient.area_id)
    ensure_open(expedient)


def _collect(expedient, chosen, rows) -> dict[str, set]:
    wanted = chosen_ids(chosen)
    ids = items_together(rows=rows, chosen=chosen)
    if any(not wanted[kind] <= ids[kind] for kind in ITEM_MODELS):
        raise ValidationError(
            _(
                "Some of the chosen items are not in expedient %(number)s or have "
                "changed since: choose them again."
            )
            % {"number": expedient.number}
        )
    if not any(ids.values()):
        raise ValidationError(_("Choose at least one item."))
    return ids


def _refuse_life_actuacions(expedient: Expedient, chosen: dict) -> None:
    life = ITEM_MODELS["actuacions"].objects.filter(
        expedient=expedient, pk__in=chosen_ids(chosen)["actuacions"]
    )
    names = ", ".join(str(a) for a in life.filter(event__in=LIFE_EVENTS))
    if names:
        raise ValidationError(
            _(
                "%(names)s: the actuacions written when the expedient was opened, "
                "closed or reopened record its life and cannot be deleted."
            )
            % {"names": names}
        )


def items_delete_check(
    *, expedient: Expedient, chosen: dict, acting_user
) -> dict[str, set]:
    """Refuse what cannot be deleted; return the ids that would be (the chosen
    items and those that go with them), by kind."""
    _guard(expedient, acting_user)
    _refuse_life_actuacions(expedient, chosen)
    return _collect(expedient, chosen, partial(live_items, expedient))


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why these items are deleted.")})
    if len(reason) > REASON_LENGTH:
        too_long = _("Keep the reason under %(n)d characters.")
        raise ValidationError({"reason": too_long % {"n": REASON_LENGTH}})
    return reason


def _mark(rows: QuerySet, acting_user, **values) -> None:
    # Wagtail's reference index reloads a saved row through `objects`, which
    # no longer finds a deleted one; what the row refers to does not change.
    with disable_reference_index_auto_update():
        for item in rows.select_for_update().order_by("pk"):
            for name, value in values.items():
                setattr(item, name, value)
            # Versioned: an edit form loaded before this is out of date.
            save_versioned(obj=item, expected_version=None, acting_user=acting_user)


@transaction.atomic
def items_delete(
    *, expedient: Expedient, chosen: dict, reason: str, acting_user
) -> dict[str, int]:
    """Delete (mark deleted) the chosen items and those that go with them;
    return how many of each kind."""
    reason = _clean_reason(reason)
    expedient = Expedient.objects.select_for_update().get(pk=expedient.pk)
    ids = items_delete_check(
        expedient=expedient, chosen=chosen, acting_user=acting_user
    )
    now = timezone.now()
    for kind, pks in ids.items():
        _mark(
            ITEM_MODELS[kind].objects.filter(pk__in=pks),
            acting_user,
            deleted_at=now,
            deleted_by=acting_user,
            deletion_reason=reason,
        )
    counts = {kind: len(pks) for kind, pks in ids.items()}
    log_tool(
        instance=expedient,
        tool=ITEMS_DELETE_TOOL,
        acting_user=acting_user,
        reason=reason,
        **counts,
    )
    return counts


def _refuse_unlinked(expedient: Expedient, ids: dict[str, set]) -> None:
    linked = set(expedient.links.values_list("person_id", flat=True))
    strangers = [p for p in persons_named(ids) if p.pk not in linked]
    if strangers:
        raise ValidationError(
            _(
                "%(names)s is no longer linked to expedient %(number)s: link them "
                "again (Persons tab) before restoring these items, or leave them "
                "deleted."
            )
            % {
                "names": ", ".join(str(p) for p in strangers),
                "number": expedient.number,
            }
        )


def _refuse_problem_clashes(expedient: Expedient, ids: dict[str, set]) -> None:
    problems = deleted_items(expedient, "problems").filter(pk__in=ids["problems"])
    for record in problems.prefetch_related("beneficiaries"):
        clash = problem_clash(record=record, persons=record.beneficiaries.all())
        if clash is not None:
            raise ValidationError(
                _(
                    "%(problem)s is recorded again for the same persons since it "
                    "was deleted: extend that record instead of restoring this one."
                )
                % {"problem": record}
            )


# The item kinds a document may hang off, as this tool names them.
DOCUMENT_ITEM_KINDS = {
    "actuacio": "actuacions",
    "resource": "resources",
    "tramit": "tramits",
}


def _refuse_orphan_documents(expedient: Expedient, ids: dict[str, set]) -> None:
    """A document whose item stays deleted is not restored alone: it would
    hang off an item nobody sees (restoring the item brings it back). Plans
    are never deleted."""
    documents = deleted_items(expedient, "documents").filter(pk__in=ids["documents"])
    for document in documents.order_by("pk"):
        for name, model in DOCUMENT_ITEM_KINDS.items():
            item_id = getattr(document, f"{name}_id")
            if item_id is None or item_id in ids.get(model, ()):
                continue
            item = ITEM_MODELS[model].all_objects.get(pk=item_id)
            if item.deleted_at is not None:
                raise ValidationError(
                    _(
                        "The document “%(document)s” belongs to an item that is "
                        "deleted (%(kind)s: %(item)s): restore that item (its "
                        "documents come back with it) or leave the document deleted."
                    )
                    % {
                        "document": document.title,
                        "kind": ITEM_MODELS[model]._meta.verbose_name,
                        "item": item,
                    }
                )


def items_restore_check(
    *, expedient: Expedient, chosen: dict, acting_user
) -> dict[str, set]:
    """Refuse what cannot be restored; return the ids that would be, by kind."""
    _guard(expedient, acting_user)
    ids = _collect(expedient, chosen, partial(deleted_items, expedient))
    _refuse_unlinked(expedient, ids)
    _refuse_problem_clashes(expedient, ids)
    _refuse_orphan_documents(expedient, ids)
    return ids


@transaction.atomic
def items_restore(*, expedient: Expedient, chosen: dict, acting_user) -> dict[str, int]:
    """Restore the chosen deleted items and those deleted with them; return
    how many of each kind."""
    expedient = Expedient.objects.select_for_update().get(pk=expedient.pk)
    ids = items_restore_check(
        expedient=expedient, chosen=chosen, acting_user=acting_user
    )
    for kind, pks in ids.items():
        _mark(
            ITEM_MODELS[kind].all_objects.filter(pk__in=pks),
            acting_user,
            deleted_at=None,
            deleted_by=None,
            deletion_reason="",
        )
    counts = {kind: len(pks) for kind, pks in ids.items()}
    log_tool(
        instance=expedient,
        tool=ITEMS_RESTORE_TOOL,
        acting_user=acting_user,
        **counts,
    )
    return counts
