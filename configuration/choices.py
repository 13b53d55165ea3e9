"""Drop-downs show a code-list entry by its label ("Fill/a", "Espanya"), not
"3 Fill/a" or "52 Espanya" (catalan.md). The official code stays in the
database, in `__str__` (what exports, imports and the data exchange write) and
in the catalogue screens' own code column.

`ScopedAdminForm` applies this to every choice field of a code list; plain
forms and listing filters use `LabelChoiceField` / `LabelChoiceFilter`.
"""

import django_filters
from django import forms

from .models.base import CodeListEntry


def choice_label(obj) -> str:
    """How a row reads in a drop-down."""
    return obj.label if isinstance(obj, CodeListEntry) else str(obj)


def show_labels(field) -> None:
    """Make a model choice field list its code-list entries by label."""
    if isinstance(field, forms.ModelChoiceField) and issubclass(
        field.queryset.model, CodeListEntry
    ):
        field.label_from_instance = choice_label


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return choice_label(obj)


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return choice_label(obj)


class LabelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LabelChoiceField
