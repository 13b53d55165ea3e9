"""Listing filters on the configurable fields' values (issue #22).

`custom_filters(definitions, path=…)` returns one django-filter per field in
force (named `cf_<key>`), each reading the row's `extra` JSON column (or the one
at `path`, "expedient__extra" for a listing of expedient covers):

- text and long text: contains, whatever the case and the accents ("alex"
  finds "Àlex", "ç" finds "Ç"), alike on both databases
  (configuration.collation.Folded);
- whole and decimal numbers: from–to, inclusive, compared as numbers (decimals
  are stored as text, "12.50": they are cast, never compared as text);
- dates: from–to, inclusive, typed as dd/mm/aaaa (stored as ISO text, which
  sorts as the dates do);
- yes/no, one choice, a catalogue entry: equal;
- several choices: the list holds the chosen code;
- a person: the person's name contains the words typed.

On PostgreSQL an equality or a code in a list is asked as containment of the
whole column (`extra @> '{"key": …}'`), which the GIN index on `extra` answers;
SQLite asks the key itself (and `json_each` for a code in a list).

`CustomFieldFilterSetMixin` adds them to a FilterSet for the request's user's
area and the FilterSet's `custom_form`; `with_custom_filters(filterset_class,
form)` makes such a FilterSet of an existing one.
"""

from __future__ import annotations

import datetime
import json

import django_filters
from django.db import connections
from django.db.models import (
    DecimalField,
    Exists,
    IntegerField,
    Lookup,
    OuterRef,
    TextField,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .collation import Folded, fold_text
from .custom_fields import FIELD_PREFIX, catalogue_model, definitions
from .dates import DateFromToRangeFilter
from .models.forms import CustomField, CustomFieldType
from .numbers import LlarDecimalField

# Wide enough for any amount a form takes (LlarDecimalField has no bounds).
NUMBER = DecimalField(max_digits=30, decimal_places=10)


class JsonListHas(Lookup):
    """A JSON list (a key of a JSON column) holds `rhs` (a string code):
    `json_each` on SQLite, containment on PostgreSQL."""

    lookup_name = "json_list_has"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)",  # noqa: S608 - compiled lhs
            (*lhs_params, self.rhs),
        )

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", (*lhs_params, json.dumps([self.rhs]))


def _is_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


class CustomFieldFilterMixin:
    """What every configurable field's filter knows: its definition and the
    JSON column it reads."""

    def __init__(self, *args, definition: CustomField, path: str = "extra", **kw):
        self.definition = definition
        self.path = path
        kw.setdefault("label", definition.label)
        super().__init__(*args, field_name=f"{path}__{definition.key}", **kw)

    @property
    def key(self) -> str:
        return self.definition.key

    def equal(self, queryset, value):
        """Rows whose value is `value` (an int, a bool, a code)."""
        if _is_postgresql(queryset):
            return queryset.filter(**{f"{self.path}__contains": {self.key: value}})
        return queryset.filter(**{f"{self.path}__{self.key}": value})


class TextContainsFilter(CustomFieldFilterMixin, django_filters.CharFilter):
    def filter(self, queryset, value):
        if not value:
            return queryset
        alias = f"_cf_text_{self.key}"
        queryset = queryset.alias(
            **{alias: Folded(KeyTextTransform(self.key, self.path))}
        )
        return queryset.filter(**{f"{alias}__contains": fold_text(value)})


class LlarDecimalRangeField(django_filters.fields.RangeField):
    def __init__(self, *args, **kwargs):
        fields = (LlarDecimalField(), LlarDecimalField())
        super().__init__(fields, *args, **kwargs)


class NumberRangeFilter(CustomFieldFilterMixin, django_filters.RangeFilter):
    field_class = LlarDecimalRangeField

    def filter(self, queryset, value):
        if not value or (value.start is None and value.stop is None):
            return queryset
        alias = f"_cf_number_{self.key}"
        queryset = queryset.alias(
            **{alias: Cast(KeyTextTransform(self.key, self.path), NUMBER)}
        )
        if value.start is not None:
            queryset = queryset.filter(**{f"{alias}__gte": value.start})
        if value.stop is not None:
            queryset = queryset.filter(**{f"{alias}__lte": value.stop})
        return queryset


class DateRangeFilter(CustomFieldFilterMixin, DateFromToRangeFilter):
    def filter(self, queryset, value):
        if not value or (value.start is None and value.stop is None):
            return queryset
        alias = f"_cf_date_{self.key}"
        # As plain text: a JSON key's own comparisons read the bound as JSON.
        text = Cast(KeyTextTransform(self.key, self.path), TextField())
        queryset = queryset.alias(**{alias: text})
        # ISO dates (2026-03-14) sort as text as they do as dates; the range
        # field gives the first and the last moment of its days.
        if value.start is not None:
            queryset = queryset.filter(**{f"{alias}__gte": _iso_day(value.start)})
        if value.stop is not None:
            queryset = queryset.filter(**{f"{alias}__lte": _iso_day(value.stop)})
        return queryset


def _iso_day(value) -> str:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return value.isoformat()


YES_NO = (("yes", _("Yes")), ("no", _("No")))


class YesNoFilter(CustomFieldFilterMixin, django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=YES_NO, **kwargs)

    def filter(self, queryset, value):
        if value not in ("yes", "no"):
            return queryset
        return self.equal(queryset, value == "yes")


class ChoiceEqualFilter(CustomFieldFilterMixin, django_filters.ChoiceFilter):
    def __init__(self, *args, definition, **kwargs):
        choices = [
            (str(choice.get("code")), str(choice.get("label") or choice.get("code")))
            for choice in definition.choices or ()
        ]
        super().__init__(*args, definition=definition, choices=choices, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return self.equal(queryset, str(value))


class ChoiceInListFilter(ChoiceEqualFilter):
    def filter(self, queryset, value):
        if not value:
            return queryset
        if _is_postgresql(queryset):
            # Containment of the whole column: the GIN index answers it.
            return queryset.filter(**{f"{self.path}__contains": {self.key: [value]}})
        return queryset.filter(JsonListHas(KeyTransform(self.key, self.path), value))


class CatalogueEntryFilter(CustomFieldFilterMixin, django_filters.ModelChoiceFilter):
    def __init__(self, *args, definition, **kwargs):
        model = catalogue_model(definition.catalogue)

        def entries(request):
            if model is None or request is None:
                return CustomField.objects.none()
            manager = model._default_manager
            if hasattr(manager.all(), "visible_to"):
                return manager.visible_to(request.user)
            return manager.all()

        super().__init__(*args, definition=definition, queryset=entries, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return self.equal(queryset, value.pk)


class PersonNameFilter(CustomFieldFilterMixin, django_filters.CharFilter):
    """The rows whose person's name holds the words typed (accents and case
    aside, as the person search reads names)."""

    def filter(self, queryset, value):
        from directory.models import Person
        from directory.normalise import normalise_name

        words = normalise_name(value or "").split()
        if not words:
            return queryset
        people = Person.objects.all()
        for word in words:
            people = people.filter(search_name__contains=word)
        people = people.filter(
            pk=Cast(KeyTextTransform(self.key, OuterRef(self.path)), IntegerField())
        )
        return queryset.filter(Exists(people))


FILTERS = {
    CustomFieldType.TEXT: TextContainsFilter,
    CustomFieldType.LONG_TEXT: TextContainsFilter,
    CustomFieldType.INTEGER: NumberRangeFilter,
    CustomFieldType.DECIMAL: NumberRangeFilter,
    CustomFieldType.DATE: DateRangeFilter,
    CustomFieldType.BOOLEAN: YesNoFilter,
    CustomFieldType.CHOICE: ChoiceEqualFilter,
    CustomFieldType.MULTIPLE: ChoiceInListFilter,
    CustomFieldType.PERSON: PersonNameFilter,
    CustomFieldType.CATALOGUE: CatalogueEntryFilter,
}


def custom_filters(
    definitions_in_force, *, path: str = "extra"
) -> dict[str, django_filters.Filter]:
    """One filter per definition, named `cf_<key>`, in the definitions' order."""
    filters = {}
    for definition in definitions_in_force:
        kind = FILTERS.get(definition.field_type)
        if kind is not None:
            filters[FIELD_PREFIX + definition.key] = kind(
                definition=definition, path=path
            )
    return filters


class CustomFieldFilterSetMixin:
    """A FilterSet mixin: the filters of the fields in force on `custom_form`
    for the user's area (shared ones too), after the FilterSet's own."""

    custom_form: str = ""
    custom_path: str = "extra"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.custom_form:
            return
        user = getattr(self.request, "user", None)
        if not getattr(user, "is_authenticated", False):
            return
        if not self.custom_fields_readable(user):
            return
        found = definitions(area_id=user.area_id, form=self.custom_form)
        for name, filter_ in custom_filters(found, path=self.custom_path).items():
            filter_.parent = self
            filter_.model = self.queryset.model
            self.filters[name] = filter_

    def custom_fields_readable(self, user) -> bool:
        """Whether `user` may read the values these filters ask about (a
        FilterSet of rows whose configurable values are a part of the record
        some roles do not read says no for them)."""
        return True


def with_custom_filters(filterset_class, form: str, *, path: str = "extra") -> type:
    """`filterset_class` with the configurable fields' filters of `form`."""
    return type(
        filterset_class.__name__,
        (CustomFieldFilterSetMixin, filterset_class),
        {"custom_form": form, "custom_path": path, "__module__": __name__},
    )
