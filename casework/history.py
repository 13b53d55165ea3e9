"""The History tab of an expedient, read from the one audit trail (auditlog).

Every change of the cover, the housing, the linked persons and the items
recorded in the expedient, newest first: who, when, what. Items are found by
the audit entry that created them in this expedient, so unlinked persons and
deleted items stay in the history; a plan's objectives and a resource's
beneficiaries by the entry that created (or deleted) them in such an item.
Changes of person lists (beneficiaries, affected persons, referents, target
persons, attendees) say who was added or removed, by the name the trail
stored (never a document number). A role sees the entries of the parts it may
read (administrative roles: no actuacions, resources or plans). Values are
shown as the person's Historial shows them (directory.history): names for ids,
identifiers masked. Reading the history writes nothing.
"""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from configuration.custom_fields import (
    ReferenceLabels,
    all_definitions,
    extra_changes,
)
from directory.history import (
    EMPTY,
    Change,
    Event,
    Formatter,
    Names,
    concrete_field,
    has_label,
    is_default,
)

from .custom_forms import model_form_key
from .models import (
    Actuacio,
    Demand,
    Document,
    Expedient,
    Housing,
    InterventionPlan,
    LinkedPerson,
    PlanObjective,
    ProblemRecord,
    Resource,
    ResourceBeneficiary,
    Tramit,
)
from .modules import module_models, modules
from .services.common import INFORMATION_TRANSFER_TOOL


def own_models() -> tuple:
    """Rows whose primary key is the expedient's: the cover, each module's
    table (casework.modules) and the housing."""
    return (Expedient, *module_models(), Housing)


# Rows that point at the expedient with an `expedient` field.
LINKED_MODELS = (
    LinkedPerson,
    Actuacio,
    Demand,
    ProblemRecord,
    Tramit,
    Resource,
    InterventionPlan,
    Document,
)
# Rows of an item: (model, the item's model, the field that points at the item).
CHILD_MODELS = (
    (ResourceBeneficiary, Resource, "resource"),
    (PlanObjective, InterventionPlan, "plan"),
)
NOT_SHOWN = {"id", "expedient", "version", "created_at", "updated_at", "updated_by"}
NOT_SHOWN |= {"created_by", "area", "module", "linked_at", "deleted_at", "deleted_by"}
# Normalised copies kept for searching (older entries still hold them).
NOT_SHOWN |= {"family_search"}
# A document's stored file name and what was read from it (the History shows
# the name the professional gave the file).
NOT_SHOWN |= {"file", "content_type", "size"}
# The summary entries of the coordinators' tools (helpdesk.tools, which casework
# may not import: the names are the entries' data).
TOOL_EVENT = "tool"
# The receiving professional's acknowledgement of a handover summary
# (helpdesk.handovers.services.HANDOVER_EVENT, an entry on the expedient).
HANDOVER_EVENT = "handover_acknowledged"
TOOL_LABELS = {
    INFORMATION_TRANSFER_TOOL: gettext_lazy("Information transfer to another sector"),
    "family_transfer": gettext_lazy("Family transfer to another sector"),
    "items_move": gettext_lazy("Items moved to another expedient"),
    "items_delete": gettext_lazy("Items deleted"),
    "items_restore": gettext_lazy("Deleted items restored"),
}
# The counts a tool's summary entry carries, as the History names them (the
# entry's other keys are ids: sectors, the other expedient).
TOOL_COUNTS = {
    "actuacions": Actuacio._meta.verbose_name_plural,
    "demands": Demand._meta.verbose_name_plural,
    "problems": ProblemRecord._meta.verbose_name_plural,
    "resources": Resource._meta.verbose_name_plural,
    "tramits": Tramit._meta.verbose_name_plural,
    "documents": Document._meta.verbose_name_plural,
    "plans_closed": gettext_lazy("intervention plans closed"),
}


@dataclass
class ListChange:
    """Persons added to or removed from a list (a many-to-many field), or a
    tool's counts (no verb): shown as they are, never as "old → new"."""

    label: str
    verb: str
    names: str
    is_list: bool = True


def readable_models(user) -> list:
    readable = [
        model
        for model in LINKED_MODELS
        if user.has_perm(f"casework.view_{model._meta.model_name}")
    ]
    return readable + [child for child, item, _f in CHILD_MODELS if item in readable]


def follows() -> dict:
    """(module table, cover field) → the item model its value follows
    (ModuleSpec.follows: the stage follows the intervention plans, the first
    open plan moving the expedient to treatment): part of what a role without
    that item never sees."""
    return {
        (module.get_model(), name): apps.get_model(source)
        for module in modules()
        for name, source in module.follows.items()
    }


def hidden_fields(readable: list) -> set[tuple]:
    """(model, field) pairs whose values would tell `readable`'s reader about
    items they may not see: links to unreadable items (a tràmit's automatic
    actuació) and the stage the plans set."""
    unreadable = {model for model in LINKED_MODELS if model not in readable}
    hidden = {pair for pair, source in follows().items() if source in unreadable}
    for model in (*own_models(), *LINKED_MODELS):
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model in unreadable:
                hidden.add((model, model_field.name))
    return hidden


class ExpedientHistory:
    def __init__(self, expedient: Expedient, user):
        self.expedient = expedient
        self.own_models = own_models()
        types = ContentType.objects.get_for_models(
            *self.own_models, *readable_models(user)
        )
        self.models = {ct.pk: model for model, ct in types.items()}
        self.type_ids = {model: ct.pk for model, ct in types.items()}
        self.own = [types[model].pk for model in self.own_models]
        children = {child for child, _item, _field in CHILD_MODELS}
        self.linked = [
            ct.pk
            for model, ct in types.items()
            if model not in self.own_models and model not in children
        ]
        self.names = Names()
        self.formatter = Formatter(self.names)
        self.hidden = hidden_fields(readable_models(user))
        self.custom_fields = {}  # form key → its fields, deactivated ones too
        self.references = None  # persons and entries their values name (a page's)

    def _created_here(self, type_id: int):
        """The rows created in this expedient or moved into it (a coordinators'
        tool): the entry that put them here names this expedient."""
        return LogEntry.objects.filter(
            content_type_id=type_id,
            action__in=(LogEntry.Action.CREATE, LogEntry.Action.UPDATE),
            changes__expedient__1=str(self.expedient.pk),
        ).values("object_id")

    def _children(self, child, item, field: str) -> Q:
        """The entries of the rows of this expedient's items: found by the entry
        that created the row in one (or, for rows written without one, that
        deleted it from one)."""
        item_ids = [
            str(pk)
            for pk in self._created_here(self.type_ids[item]).values_list(
                "object_id", flat=True
            )
        ]
        entries = LogEntry.objects.filter(content_type_id=self.type_ids[child])
        created = entries.filter(
            action=LogEntry.Action.CREATE, **{f"changes__{field}__1__in": item_ids}
        )
        deleted = Q(
            action=LogEntry.Action.DELETE, **{f"changes__{field}__0__in": item_ids}
        )
        return Q(content_type_id=self.type_ids[child]) & (
            Q(object_id__in=created.values("object_id")) | deleted
        )

    def entries(self):
        query = Q(content_type_id__in=self.own, object_id=self.expedient.pk)
        for type_id in self.linked:
            query |= Q(
                content_type_id=type_id, object_id__in=self._created_here(type_id)
            )
        for child, item, field in CHILD_MODELS:
            if child in self.type_ids:
                query |= self._children(child, item, field)
        return (
            LogEntry.objects.filter(query)
            .exclude(action=LogEntry.Action.ACCESS)
            .select_related("actor")
            .order_by("-timestamp", "-pk")
        )

    def build(self, page_entries) -> list[Event]:
        """The page's events, every id turned into a name in one batch."""
        for entry in page_entries:
            self.names.want(self.models[entry.content_type_id], entry.changes)
        self.names.resolve()
        self._read_references(page_entries)
        return [self._event(entry) for entry in page_entries]

    def _form_fields(self, model) -> list:
        """The area's own fields of `model`'s form, read once per form."""
        key = model_form_key(model, self.expedient.module)
        if key not in self.custom_fields:
            self.custom_fields[key] = (
                all_definitions(area_id=self.expedient.area_id, form=key) if key else []
            )
        return self.custom_fields[key]

    def _read_references(self, page_entries) -> None:
        """The persons and catalogue entries the page's changes of the area's
        own fields name, one query per kind for the page."""
        self.references = ReferenceLabels()
        for entry in page_entries:
            values = (entry.changes or {}).get("extra")
            if not isinstance(values, list | tuple) or len(values) < 2:
                continue
            fields = self._form_fields(self.models[entry.content_type_id])
            for stored in values[:2]:
                self.references.want_values(fields, stored)
        self.references.resolve()

    def _event(self, entry: LogEntry) -> Event:
        model = self.models[entry.content_type_id]
        if model is ResourceBeneficiary:
            return self._beneficiary_event(entry)
        part = capfirst(model._meta.verbose_name)
        if model not in self.own_models:
            part = f"{part}: {entry.object_repr}"
        event = Event(entry=entry, part=part, action=self._action(entry))
        note = entry.additional_data or {}
        if note.get("event") == TOOL_EVENT:
            event.action = _("Coordination tool")
            event.changes.append(self._tool_line(note))
        elif note.get("event") == HANDOVER_EVENT:
            event.action = _("Handover acknowledged")
        for name, values in (entry.changes or {}).items():
            if isinstance(values, dict) and values.get("type") == "m2m":
                event.changes.append(self._list_change(model, name, values))
            elif (model, name) in self.hidden:
                continue
            elif name == "extra":
                event.changes.extend(self._extra_changes(model, values))
            elif self._worth_a_line(entry, model, name, values):
                old, new = (list(values) + [None, None])[:2]
                event.changes.append(
                    Change(
                        self.formatter.label(model, name),
                        self.formatter.value(model, name, old),
                        self.formatter.value(model, name, new),
                    )
                )
        return event

    def _extra_changes(self, model, values) -> list[Change]:
        """The area's own fields that changed, by their label, as people read
        them (configuration.custom_fields), never the stored JSON."""
        if not isinstance(values, list | tuple) or len(values) < 2:
            return []
        return [
            Change(label, old or EMPTY, new or EMPTY)
            for label, old, new in extra_changes(
                self._form_fields(model), values[0], values[1], names=self.references
            )
        ]

    @staticmethod
    def _list_change(model, name: str, values: dict) -> ListChange:
        try:
            label = str(capfirst(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            label = name
        added = values.get("operation") == "add"
        return ListChange(
            label=label,
            verb=_("added") if added else _("removed"),
            names=", ".join(values.get("objects") or ()),
        )

    def _beneficiary_event(self, entry: LogEntry) -> Event:
        """A resource's holder or beneficiary added or removed, as a change of
        the resource (the row's own text is "name (role)")."""
        old, new = ((entry.changes or {}).get("resource") or [None, None])[:2]
        resource = self.names.name(Resource, new if old in (None, "None") else old)
        part = f"{capfirst(Resource._meta.verbose_name)}: {resource}"
        verb = {
            LogEntry.Action.CREATE: _("added"),
            LogEntry.Action.DELETE: _("removed"),
        }.get(entry.action, _("changed"))
        change = ListChange(
            label=str(capfirst(Resource._meta.get_field("beneficiaries").verbose_name)),
            verb=verb,
            names=entry.object_repr,
        )
        return Event(entry=entry, part=part, action=_("Changed"), changes=[change])

    @staticmethod
    def _tool_line(note: dict) -> ListChange:
        """Which tool ran, and its counts (the rows it changed have their own
        entries)."""
        tool = note.get("tool", "")
        counts = ", ".join(
            f"{label}: {note[key]}"
            for key, label in TOOL_COUNTS.items()
            if isinstance(note.get(key), int)
        )
        if reason := note.get("reason"):  # typed by the coordinator (deletion)
            counts = _("%(counts)s; reason: %(reason)s") % {
                "counts": counts,
                "reason": reason,
            }
        return ListChange(str(TOOL_LABELS.get(tool, tool)), "", counts)

    @staticmethod
    def _worth_a_line(entry: LogEntry, model, name: str, values) -> bool:
        model_field = concrete_field(model, name)
        moved = name == "expedient" and entry.action == LogEntry.Action.UPDATE
        if (name in NOT_SHOWN and not moved) or model_field is None:
            return False
        if not moved and not has_label(model_field):
            return False
        if not isinstance(values, list | tuple) or len(values) < 2:
            return False
        created = entry.action == LogEntry.Action.CREATE
        return not (created and is_default(model_field, values[1]))

    @staticmethod
    def _action(entry: LogEntry) -> str:
        # An item deleted or restored with the coordinators' tool is a change
        # of its `deleted_at`; the entry's actor and time say who and when.
        deleted = (entry.changes or {}).get("deleted_at")
        if entry.action == LogEntry.Action.UPDATE and isinstance(deleted, list):
            return _("Restored") if deleted[-1] in (None, "None") else _("Deleted")
        return {
            LogEntry.Action.CREATE: _("Created"),
            LogEntry.Action.UPDATE: _("Changed"),
            LogEntry.Action.DELETE: _("Deleted"),
        }.get(entry.action, _("Recorded"))
