"""The Registres' "Changed fields" of a change of a row's own fields (issue
#22): each field by its label, as its form names it, never its value (the
record's History shows the values to those who may read the record).

Labels are read for a whole page of entries in one query (`label_own_fields`);
an entry read alone reads its own.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from ..custom_fields import changed_keys, forms_of_model
from ..models.forms import CustomField


def _wanted(entry) -> tuple[int | None, list[str], set[str]] | None:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    values = changes.get("extra")
    if not isinstance(values, list | tuple) or len(values) < 2:
        return None
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    forms = forms_of_model(model) if model else []
    area_id = entry.actor.area_id if entry.actor_id else None
    return area_id, forms, changed_keys(values[0], values[1])


def label_own_fields(entries) -> None:
    """Give each entry that changed `extra` the labels of the fields it
    changed (`own_field_labels`); one query for all of them. A key no
    definition of the entry's area names keeps its key."""
    wanted = []
    for entry in entries:
        entry.own_field_labels = []
        found = _wanted(entry)
        if found is not None:
            wanted.append((entry, *found))
    if not wanted:
        return
    areas = {area for _e, area, _f, _k in wanted if area is not None}
    definitions = CustomField.objects.filter(
        Q(area_id__in=areas) | Q(area__isnull=True),
        form__in={form for _e, _a, forms, _k in wanted for form in forms},
        key__in={key for _e, _a, _f, keys in wanted for key in keys},
    )
    definitions = list(definitions.order_by("pk"))
    for entry, area, forms, keys in wanted:
        labels = {
            row.key: str(row.label)
            for row in definitions
            if row.key in keys and row.form in forms and row.area_id in (None, area)
        }
        entry.own_field_labels = [labels.get(key, key) for key in sorted(keys)]
