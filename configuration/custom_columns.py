"""The configurable fields as listing and export columns (issue #22).

`custom_columns(area_id=…, form=…)` returns one `CustomColumn` per field the
area's form has ever had, deactivated ones too (their heading says so: their
values stay readable). A column offers what each listing needs:

- `key`: the `list_export` entry ("extra.<key>", "expedient.extra.<key>");
- `heading`: the export's heading;
- `value_source()`: how the values path of an export reads it
  (configuration.export_plan.JsonValue: one key of the JSON column);
- `display(raw, names)`: the value as people read it
  (configuration.custom_fields.display);
- `column(names)`: a Wagtail table Column for a `list_display`.

`reference_labels(queryset, columns)` reads the labels of the persons and the
catalogue entries the rows of `queryset` name, in one query for the persons
and one per catalogue (never one per row), for `display(raw, names)`.

`CustomColumnsExportMixin` (an index view mixin, with `SafeExportMixin`) adds
the columns of its `custom_form` for the user's area to every export of the
listing, through either path (values or instances).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import IntegerField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.admin.ui.tables import Column

from .custom_fields import (
    all_definitions,
    display,
    reference_label,
    referenced_model,
)
from .export_plan import JsonValue, ValueRows
from .exports import ChunkedRows, SafeExportMixin, csv_text, xlsx_text
from .models.forms import CustomField


@dataclass(frozen=True)
class CustomColumn:
    """One configurable field as a column of a listing of `path`'s rows."""

    definition: CustomField
    path: str = "extra"

    @property
    def key(self) -> str:
        return f"{self.path.replace('__', '.')}.{self.definition.key}"

    @property
    def lookup(self) -> str:
        return f"{self.path}__{self.definition.key}"

    @property
    def is_deactivated(self) -> bool:
        ended = self.definition.deactivated_on
        return ended is not None and ended <= timezone.localdate()

    @property
    def heading(self) -> str:
        label = str(self.definition.label)
        if self.is_deactivated:
            return f"{label} {gettext('(deactivated)')}"
        return label

    def value_source(self) -> JsonValue:
        return JsonValue(self.lookup)

    def raw(self, item):
        """The stored value of `item` (None: none)."""
        current = item
        for bit in self.path.split("__"):
            current = getattr(current, bit, None)
            if current is None:
                return None
        return current.get(self.definition.key) if isinstance(current, dict) else None

    def display(self, raw, names=None) -> str:
        return display(self.definition, raw, names=names)

    def column(self, names=None) -> Column:
        return Column(
            self.key,
            label=self.heading,
            accessor=lambda item: self.display(self.raw(item), names),
        )


def custom_columns(
    *, area_id: int | None, form: str, path: str = "extra"
) -> list[CustomColumn]:
    """A column per field `form` has ever had for `area_id` (shared first)."""
    return [
        CustomColumn(definition, path)
        for definition in all_definitions(area_id=area_id, form=form)
    ]


class ReferenceNames:
    """{(definition pk, stored pk): label} as `display()` reads it, keeping
    one label per person and per catalogue entry however many columns name
    them."""

    def __init__(self):
        self.by_definition: dict[int, dict] = {}

    def __contains__(self, key) -> bool:
        definition_pk, raw = key
        return raw in self.by_definition.get(definition_pk, {})

    def __getitem__(self, key) -> str:
        definition_pk, raw = key
        return self.by_definition[definition_pk][raw]


def _referenced(queryset, column: CustomColumn):
    """The ids `column` holds in the rows of `queryset`, as a subquery."""
    alias = f"_cf_ref_{column.definition.key}"
    return (
        queryset.order_by()
        .annotate(
            **{
                alias: Cast(
                    KeyTextTransform(column.definition.key, column.path),
                    IntegerField(),
                )
            }
        )
        .filter(**{f"{alias}__isnull": False})
        .values(alias)
    )


def reference_labels(queryset, columns) -> ReferenceNames:
    """The labels of the persons and catalogue entries the rows name."""
    names = ReferenceNames()
    groups: dict = {}
    for column in columns:
        model = referenced_model(column.definition)
        if model is not None:
            groups.setdefault(model, []).append(column)
    for model, group in groups.items():
        wanted = Q()
        for column in group:
            wanted |= Q(pk__in=_referenced(queryset, column))
        rows = model._base_manager.filter(wanted)
        labels = {row.pk: reference_label(row) for row in rows}
        for column in group:
            names.by_definition[column.definition.pk] = labels
    return names


class ExtraDefaultRows(ChunkedRows):
    """Instances whose JSON columns answer None for a key they lack, so a
    listing's own `to_row_dict` reads "extra.<key>" as it reads any field."""

    def __init__(self, rows: ChunkedRows, paths: set[str]):
        self.rows = rows
        self.model = rows.model
        self.paths = paths

    def __iter__(self):
        for item in self.rows:
            for path in self.paths:
                *through, name = path.split("__")
                holder = item
                for bit in through:
                    holder = getattr(holder, bit, None)
                if holder is not None:
                    setattr(holder, name, _ExtraValues(getattr(holder, name) or {}))
            yield item


class _ExtraValues(dict):
    def __missing__(self, key):
        return None


class CustomColumnsExportMixin:
    """Index-view mixin (with SafeExportMixin): every export of the listing
    ends with the columns of `custom_form` for the user's area, shown as
    people read them; persons and catalogue entries are labelled in one query
    each per export."""

    custom_form: str = ""
    custom_path: str = "extra"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.custom_export_columns: dict[str, CustomColumn] = {}
        self.custom_names = None
        user = request.user
        if not (
            self.custom_form
            and getattr(self, "is_export", False)
            and getattr(user, "is_authenticated", False)
            and self.custom_fields_readable(user)
        ):
            return
        columns = custom_columns(
            area_id=user.area_id, form=self.custom_form, path=self.custom_path
        )
        if not columns:
            return
        self.custom_export_columns = {column.key: column for column in columns}
        self.list_export = [*self.list_export, *self.custom_export_columns]
        self.export_headings = {
            **self.export_headings,
            **{column.key: column.heading for column in columns},
        }

    def custom_fields_readable(self, user) -> bool:
        """Whether `user` may read the columns' values (a listing whose values
        are a part of the record some roles do not read says no for them)."""
        return True

    def export_rows(self, queryset):
        if not self.custom_export_columns:
            return super().export_rows(queryset)
        self.custom_names = reference_labels(
            queryset, self.custom_export_columns.values()
        )
        rows = super().export_rows(queryset)
        if isinstance(rows, ValueRows):
            return rows
        paths = {column.path for column in self.custom_export_columns.values()}
        return ExtraDefaultRows(rows, paths)

    def _defined_below(self, name: str) -> bool:
        """Whether a class of this view other than this mixin, above
        SafeExportMixin, defines `name`."""
        mro = type(self).__mro__
        above = mro[: mro.index(SafeExportMixin)] if SafeExportMixin in mro else mro
        return any(
            name in vars(cls) for cls in above if cls is not CustomColumnsExportMixin
        )

    def export_value_columns(self, queryset):
        # A listing that builds its rows itself without saying how to read
        # them as values exports instances, as it would without these columns.
        if (
            self.custom_export_columns
            and self._defined_below("to_row_dict")
            and not self._defined_below("export_value_sources")
        ):
            return None
        return super().export_value_columns(queryset)

    def export_value_sources(self) -> dict:
        sources = dict(super().export_value_sources())
        for key, column in self.custom_export_columns.items():
            sources[key] = column.value_source()
        return sources

    def get_preprocess_function(self, field, value, export_format):
        column = self.custom_export_columns.get(field)
        if column is None:
            return super().get_preprocess_function(field, value, export_format)
        safe = csv_text if export_format == self.FORMAT_CSV else xlsx_text
        names = self.custom_names

        def shown(raw):
            return safe(column.display(raw, names))

        return shown


class CustomFieldsListingMixin:
    """A ModelViewSet mixin: the listing of a configurable form's rows filters
    by the fields in force of the user's area (configuration.custom_filters)
    and exports a column per field the form has had. Set `custom_form` (or
    override `custom_form_key()`) and build the index view class with
    `with_custom_columns(view_class)`."""

    custom_form: str = ""

    def custom_form_key(self) -> str:
        return self.custom_form

    def with_custom_columns(self, view_class: type) -> type:
        """`view_class` (an index view) exporting the form's columns."""
        form = self.custom_form_key()
        if not form:
            return view_class
        return type(
            view_class.__name__,
            (CustomColumnsExportMixin, view_class),
            {"custom_form": form},
        )

    def get_index_view_kwargs(self, **kwargs):
        from .custom_filters import with_custom_filters

        kwargs = super().get_index_view_kwargs(**kwargs)
        filterset_class = kwargs.get("filterset_class")
        form = self.custom_form_key()
        if form and isinstance(filterset_class, type):
            kwargs["filterset_class"] = with_custom_filters(filterset_class, form)
        return kwargs
