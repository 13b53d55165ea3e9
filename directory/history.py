"""The Historial of a person record, read from the one audit trail (auditlog).

What changed, who changed it and when, newest first; over it, how the reference
professional, the municipality of residence and the reference team changed over
time (domain.md §4.4). The audit trail stores foreign keys as ids and the
identifiers already half masked; here ids become names (one query per related
model, whatever the number of entries) and identifiers show only their last
characters. Roles that may not read the sensitive parts of the record see
neither their values nor which of them changed.

Reading the history writes nothing.
"""

from dataclasses import dataclass, field
from functools import cache

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.functional import Promise
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Kinship, Person, PersonExtended
from .permissions import EXTENDED_RIGHT, SENSITIVE_PERSON_FIELDS

# Bookkeeping every save touches: the entry's own date and actor say it better.
NOT_SHOWN = {
    "id",
    "person",
    "search_name",
    "document_norm",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "area",
    "version",
}
IDENTIFIERS = {"document_number", "health_card", "social_security_number"}
OVER_TIME = (
    ("reference_professional", gettext_lazy("Reference professional")),
    ("residence_municipality", gettext_lazy("Municipality of residence")),
    ("reference_team", gettext_lazy("Reference team")),
)
EMPTY = "—"
PARTS = {
    PersonExtended: gettext_lazy("Extended data"),
    Kinship: gettext_lazy("Kinship"),
}
MAX_TEXT = 200


def mask_identifier(value: str, visible: int = 4) -> str:
    """Hide all but the last `visible` characters (all of a short value)."""
    value = value or ""
    if len(value) <= visible:
        return "•" * len(value)
    return "•" * (len(value) - visible) + value[-visible:]


def sensitive_person_fields() -> frozenset[str]:
    """The record's fields shown only with the extended-data right."""
    return frozenset(SENSITIVE_PERSON_FIELDS)


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Event:
    entry: LogEntry
    part: str
    action: str
    changes: list[Change] = field(default_factory=list)
    hidden: bool = False  # some changes are of data the reader may not see
    note: dict | None = None  # what a merge or its undo recorded
    summary: str = ""


@dataclass
class Period:
    since: object
    value: str
    actor: object


class Names:
    """Turn stored foreign-key ids into names, one query per related model."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = {}
        self.found: dict[type[models.Model], dict] = {}

    def want(self, model, changes: dict) -> None:
        for name, values in (changes or {}).items():
            related = _related_model(model, name)
            if related is not None:
                ids = {_as_id(related, v) for v in values} - {None}
                self.wanted.setdefault(related, set()).update(ids)

    def resolve(self) -> None:
        for related, ids in self.wanted.items():
            rows = related._base_manager.in_bulk(list(ids)) if ids else {}
            # Code-list entries by their label ("Espanya", not "52 Espanya").
            self.found[related] = {
                pk: str(getattr(row, "label", row)) for pk, row in rows.items()
            }

    def name(self, related, value) -> str:
        pk = _as_id(related, value)
        if pk is None:
            return EMPTY
        return self.found.get(related, {}).get(pk, _("deleted (%(id)s)") % {"id": pk})


@cache
def _fields(model) -> dict:
    return {f.name: f for f in model._meta.concrete_fields}


def concrete_field(model, name: str):
    """The model's stored field of that name; None for reverse relations (the
    trail lists them on creation) and for fields removed since."""
    return _fields(model).get(name)


def has_label(model_field) -> bool:
    """Whether the field has a translated label: one without (bookkeeping such as
    a normalised copy) would show its English attribute name to the reader."""
    return isinstance(model_field.verbose_name, Promise)


def _related_model(model, name: str):
    model_field = concrete_field(model, name)
    if model_field is not None and model_field.is_relation:
        return model_field.related_model
    return None


def is_unset(raw) -> bool:
    return raw in (None, "", "None")


def is_default(model_field, raw) -> bool:
    """Whether a stored value is what the field holds when nobody filled it in."""
    if is_unset(raw):
        return True
    return model_field.has_default() and raw == str(model_field.get_default())


def _as_id(related, value):
    if value in (None, "", "None"):
        return None
    try:
        return related._meta.pk.to_python(value)
    except ValidationError:  # a legacy value stored as text
        return None


class Formatter:
    """Show one stored value of one field as a person would read it."""

    def __init__(self, names: Names):
        self.names = names

    def label(self, model, name: str) -> str:
        model_field = concrete_field(model, name)
        return capfirst(model_field.verbose_name) if model_field else name

    def value(self, model, name: str, raw) -> str:
        model_field = concrete_field(model, name)
        if raw in (None, "", "None") or model_field is None:
            return EMPTY if raw in (None, "", "None") else str(raw)
        return self._shown(model_field, name, str(raw))

    def _shown(self, model_field, name: str, raw: str) -> str:
        if name in IDENTIFIERS:
            return mask_identifier(raw)
        if model_field.is_relation:
            return self.names.name(model_field.related_model, raw)
        if model_field.choices:
            choices = {str(key): label for key, label in model_field.flatchoices}
            return str(choices.get(raw, raw))
        if isinstance(model_field, models.BooleanField):
            return _("yes") if raw == "True" else _("no")
        if isinstance(model_field, models.DateField) and not isinstance(
            model_field, models.DateTimeField
        ):
            parsed = parse_date(raw[:10])
            return formats.date_format(parsed, "SHORT_DATE_FORMAT") if parsed else raw
        return Truncator(raw).chars(MAX_TEXT)


class PersonHistory:
    """The Historial of one record as `user` may read it."""

    def __init__(self, person: Person, user):
        self.person = person
        self.with_extended = user.has_perm(EXTENDED_RIGHT)
        self.hide = set() if self.with_extended else set(sensitive_person_fields())
        self.models = {ContentType.objects.get_for_model(Person).pk: Person}
        self.kinship_type = ContentType.objects.get_for_model(Kinship).pk
        self.models[self.kinship_type] = Kinship
        if self.with_extended:
            extended_type = ContentType.objects.get_for_model(PersonExtended)
            self.models[extended_type.pk] = PersonExtended
        self.names = Names()
        self.formatter = Formatter(self.names)
        self.custom_fields = None  # the extended block's, read once when needed
        self.references = None  # persons and entries its values name (a page's)

    def entries(self):
        """Every change of the record, of its kinship (from either end) and,
        with the right, of its extended block."""
        own = [pk for pk in self.models if pk != self.kinship_type]
        pk = self.person.pk
        kinship = Q(additional_data__person=pk) | Q(additional_data__relative=pk)
        return (
            LogEntry.objects.filter(
                Q(content_type_id__in=own, object_id=pk)
                | Q(kinship, content_type_id=self.kinship_type)
            )
            .exclude(action=LogEntry.Action.ACCESS)
            .select_related("actor")
            .order_by("-timestamp", "-pk")
        )

    def build(self, page_entries) -> tuple[list[Event], dict]:
        """Return the page's events and the over-time summary, names resolved in
        one batch."""
        tracked = list(self._tracked_entries())
        for entry in [*page_entries, *tracked]:
            self.names.want(self.models[entry.content_type_id], entry.changes)
        self.names.resolve()
        self._read_references(page_entries)
        events = [self._event(entry) for entry in page_entries]
        return events, self._over_time(tracked)

    def _tracked_entries(self):
        person_type = next(pk for pk, m in self.models.items() if m is Person)
        has_any = Q()
        for name, _label in OVER_TIME:
            has_any |= Q(changes__has_key=name)
        return (
            LogEntry.objects.filter(
                content_type_id=person_type, object_id=self.person.pk
            )
            .filter(has_any)
            .select_related("actor")
            .order_by("timestamp", "pk")
        )

    def _over_time(self, tracked) -> list[tuple[str, list[Period]]]:
        summary = []
        for name, label in OVER_TIME:
            periods = [self._period(entry, name) for entry in tracked]
            summary.append((label, [period for period in periods if period]))
        return summary

    def _period(self, entry: LogEntry, name: str) -> Period | None:
        values = (entry.changes or {}).get(name)
        if not values or entry.action == LogEntry.Action.DELETE:
            return None
        if entry.action == LogEntry.Action.CREATE and is_unset(values[1]):
            return None  # created without one: nothing to show yet
        value = self.formatter.value(Person, name, values[1])
        return Period(
            entry.timestamp, _("none") if value == EMPTY else value, entry.actor
        )

    def _event(self, entry: LogEntry) -> Event:
        model = self.models[entry.content_type_id]
        event = Event(
            entry=entry,
            part=PARTS.get(model, ""),
            action=self._action(entry),
            note=None if model is Kinship else (entry.additional_data or None),
        )
        if event.note:
            event.summary = self._summary(event.note)
        for name, values in (entry.changes or {}).items():
            if not self._worth_a_line(entry, model, name, values):
                continue
            if model is Person and name in self.hide:
                event.hidden = True
            elif name == "extra":
                event.changes.extend(self._extra_changes(model, values))
            else:
                event.changes.append(self._change(model, name, values))
        return event

    @staticmethod
    def _worth_a_line(entry: LogEntry, model, name: str, values) -> bool:
        """Bookkeeping fields, and on creation the fields left at their default,
        say nothing to the reader."""
        model_field = concrete_field(model, name)
        shown_here = model is Kinship and name == "person"  # the other end
        if (name in NOT_SHOWN and not shown_here) or model_field is None:
            return False
        if not (shown_here or has_label(model_field)):
            return False
        if not isinstance(values, list | tuple) or len(values) < 2:
            return False
        created = entry.action == LogEntry.Action.CREATE
        return not (created and is_default(model_field, values[1]))

    def _extended_fields(self) -> list:
        from configuration.custom_fields import all_definitions

        if self.custom_fields is None:
            self.custom_fields = all_definitions(
                area_id=self.person.area_id, form="person"
            )
        return self.custom_fields

    def _read_references(self, page_entries) -> None:
        """The persons and catalogue entries the page's changes of the
        extended block's own fields name, one query per kind for the page."""
        from configuration.custom_fields import ReferenceLabels

        self.references = ReferenceLabels()
        for entry in page_entries:
            if self.models.get(entry.content_type_id) is not PersonExtended:
                continue
            values = (entry.changes or {}).get("extra")
            if isinstance(values, list | tuple) and len(values) >= 2:
                for stored in values[:2]:
                    self.references.want_values(self._extended_fields(), stored)
        self.references.resolve()

    def _extra_changes(self, model, values) -> list[Change]:
        """The area's own fields of the extended block that changed, by their
        label, as people read them (configuration.custom_fields)."""
        from configuration.custom_fields import extra_changes

        if model is not PersonExtended or len(values) < 2:
            return []
        return [
            Change(label, old or EMPTY, new or EMPTY)
            for label, old, new in extra_changes(
                self._extended_fields(), *values[:2], names=self.references
            )
        ]

    def _change(self, model, name: str, values) -> Change:
        old, new = (list(values) + [None, None])[:2]
        return Change(
            self.formatter.label(model, name),
            self.formatter.value(model, name, old),
            self.formatter.value(model, name, new),
        )

    def _labels(self, names) -> str:
        return ", ".join(
            str(self.formatter.label(Person, name))
            for name in names or ()
            if name not in self.hide
        )

    def _summary(self, note: dict) -> str:
        """Say what a merge or its undo did, in one or two sentences."""
        name = {"name": note.get("other_name", "")}
        happening = note.get("event")
        if happening == "merge":
            text = _("%(name)s was merged into this record.") % name
            if fields := self._labels(note.get("fields_taken")):
                text += " " + _("Values taken from it: %(fields)s.") % {
                    "fields": fields
                }
            return text
        if happening == "merged_into":
            return _("This record was merged into %(name)s.") % name
        if happening == "unmerge":
            text = _("The merge with %(name)s was undone.") % name
            if fields := self._labels(note.get("kept")):
                text += " " + _("Kept as changed after the merge: %(fields)s.") % {
                    "fields": fields
                }
            return text
        return ""

    def _action(self, entry: LogEntry) -> str:
        happening = (entry.additional_data or {}).get("event")
        if happening in ("merge", "merged_into"):
            return _("Merged")
        if happening == "unmerge":
            return _("Merge undone")
        return {
            LogEntry.Action.CREATE: _("Created"),
            LogEntry.Action.UPDATE: _("Changed"),
            LogEntry.Action.DELETE: _("Deleted"),
        }.get(entry.action, _("Recorded"))
