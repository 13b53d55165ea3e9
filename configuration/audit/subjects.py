"""Which audited models make up a person record and an expedient.

An audit entry points at one row of one model: an actuació, a kinship, the
extended block. To answer "everything about this person" or "this expedient",
the Registres screens need each family's models and how each reaches the record.
configuration imports no other app, so the apps that own the models register
them here in their `AppConfig.ready` (as with `holdings`).
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.functional import Promise

PERSON = "person"
EXPEDIENT = "expedient"


@dataclass
class Family:
    """A kind of record and the models whose rows belong to one such record."""

    label: str | Promise
    record: str  # model label of the record, e.g. "directory.Person"
    widget: type | None = None  # chooser widget for the Registres filter
    to_field_name: str | None = None  # what the filter's input names, if not pk
    records: set[str] = field(default_factory=set)  # the record and its subclasses
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label: lookups


_families: dict[str, Family] = {}


def register_audit_family(key: str, **attrs) -> None:
    """Register (or replace) a family of records; `record` is its model label."""
    _families[key] = Family(**attrs)
    _families[key].records.add(attrs["record"])


def register_audit_record(key: str, model: str) -> None:
    """Rows of `model` are records of the family themselves (e.g. a subclass)."""
    _families[key].records.add(model)


def register_audit_part(key: str, model: str, *lookups: str) -> None:
    """Rows of `model` belong to the record each lookup leads to (e.g. "expedient")."""
    _families[key].parts[model] = lookups


def audit_families() -> dict[str, Family]:
    return dict(_families)


def is_audited_subject(model) -> bool:
    """Whether rows of `model` belong to a person record or an expedient, so that
    opening one is a read of personal data (one access entry per screen)."""
    label = model._meta.label
    return any(label in f.records or label in f.parts for f in _families.values())


def _content_type_ids(labels) -> list[int]:
    models = [apps.get_model(label) for label in labels]
    by_model = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return sorted(ct.pk for ct in by_model.values())


def record_type_ids(key: str) -> list[int]:
    """Content types of the family's records (their creation is a creation)."""
    family = _families.get(key)
    return _content_type_ids(family.records) if family else []


def part_type_ids(key: str) -> list[int]:
    """Content types of what is recorded inside the family's records."""
    family = _families.get(key)
    return _content_type_ids(family.parts) if family else []


def entries_about(key: str, pk) -> Q:
    """Match the entries about one record of the family and everything in it.

    Parts are found through their current rows, so a part deleted since is found
    by its record only through the record's own entries.
    """
    family = _families[key]
    conditions = [Q(content_type_id__in=record_type_ids(key), object_id=pk)]
    for label, lookups in family.parts.items():
        model = apps.get_model(label)
        # The base manager: parts a default manager hides (deleted items)
        # keep their entries in the record's Registres.
        owned = model._base_manager.filter(
            reduce(or_, (Q(**{lookup: pk}) for lookup in lookups))
        )
        conditions.append(
            Q(
                content_type_id__in=_content_type_ids([label]),
                object_id__in=owned.values("pk"),
            )
        )
    return reduce(or_, conditions)
