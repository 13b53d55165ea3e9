"""The History tab of an expedient, read from the one audit trail (auditlog).

Every change of the cover, the housing, the linked persons and the items
recorded in the expedient, newest first: who, when, what. Items are found by
the audit entry that created them in this expedient, so unlinked persons and
deleted items stay in the history. A role sees the entries of the parts it may
read (administrative roles: no actuacions, resources or plans). Values are
shown as the person's Historial shows them (directory.history): names for ids,
identifiers masked. Reading the history writes nothing.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from directory.history import (
    Change,
    Event,
    Formatter,
    Names,
    concrete_field,
    is_default,
)

from .models import (
    Actuacio,
    BasicCase,
    Demand,
    Expedient,
    Housing,
    InterventionPlan,
    LinkedPerson,
    ProblemRecord,
    Resource,
    Tramit,
)

# Rows whose primary key is the expedient's.
OWN_MODELS = (Expedient, BasicCase, Housing)
# Rows that point at the expedient with an `expedient` field.
LINKED_MODELS = (
    LinkedPerson,
    Actuacio,
    Demand,
    ProblemRecord,
    Tramit,
    Resource,
    InterventionPlan,
)
NOT_SHOWN = {"id", "expedient", "version", "created_at", "updated_at", "updated_by"}
NOT_SHOWN |= {"created_by", "area", "module", "linked_at"}


def readable_models(user) -> list:
    return [
        model
        for model in LINKED_MODELS
        if user.has_perm(f"casework.view_{model._meta.model_name}")
    ]


class ExpedientHistory:
    def __init__(self, expedient: Expedient, user):
        self.expedient = expedient
        types = ContentType.objects.get_for_models(*OWN_MODELS, *readable_models(user))
        self.models = {ct.pk: model for model, ct in types.items()}
        self.own = [types[model].pk for model in OWN_MODELS]
        self.linked = [ct.pk for model, ct in types.items() if model not in OWN_MODELS]
        self.names = Names()
        self.formatter = Formatter(self.names)

    def entries(self):
        pk = str(self.expedient.pk)
        query = Q(content_type_id__in=self.own, object_id=self.expedient.pk)
        for type_id in self.linked:
            created_here = LogEntry.objects.filter(
                content_type_id=type_id,
                action=LogEntry.Action.CREATE,
                changes__expedient__1=pk,
            ).values("object_id")
            query |= Q(content_type_id=type_id, object_id__in=created_here)
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
        return [self._event(entry) for entry in page_entries]

    def _event(self, entry: LogEntry) -> Event:
        model = self.models[entry.content_type_id]
        part = capfirst(model._meta.verbose_name)
        if model not in OWN_MODELS:
            part = f"{part}: {entry.object_repr}"
        event = Event(entry=entry, part=part, action=self._action(entry))
        for name, values in (entry.changes or {}).items():
            if self._worth_a_line(entry, model, name, values):
                old, new = (list(values) + [None, None])[:2]
                event.changes.append(
                    Change(
                        self.formatter.label(model, name),
                        self.formatter.value(model, name, old),
                        self.formatter.value(model, name, new),
                    )
                )
        return event

    @staticmethod
    def _worth_a_line(entry: LogEntry, model, name: str, values) -> bool:
        model_field = concrete_field(model, name)
        if name in NOT_SHOWN or model_field is None:
            return False
        if not isinstance(values, list | tuple) or len(values) < 2:
            return False  # many-to-many changes: the entry's own line says it
        created = entry.action == LogEntry.Action.CREATE
        return not (created and is_default(model_field, values[1]))

    @staticmethod
    def _action(entry: LogEntry) -> str:
        return {
            LogEntry.Action.CREATE: _("Created"),
            LogEntry.Action.UPDATE: _("Changed"),
            LogEntry.Action.DELETE: _("Deleted"),
        }.get(entry.action, _("Recorded"))
