"""The fast path of listing exports: read the exported columns as values.

An export of model instances spends most of its time building them (and the
objects they select), not fetching rows. When every exported column of a listing
is a field (followed through forward relations, "sector.municipality.code"),
a relation (written as its label), an annotation of the listing's queryset or
a value the view reads for a chunk of rows at once (`ChunkValues`) or a
key of a JSON column (`JsonValue`, the configurable fields' values),
`compile_columns` turns the columns into one `values_list` read through a
server-side cursor; `ValueRows` then yields each row's values in column order,
exactly those an instance would give, and labels each relation once per export
(one query a chunk for the related rows not seen yet). Any other column (a
method, a property, a many-to-many) returns None: that listing exports its
instances, as before.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import F, Func, TextField
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str


@dataclass(frozen=True)
class ValueColumn:
    """One exported column: the `values_list` lookup that reads it and, for a
    relation, the model whose label (`str()`) the cell shows and the relations
    to select with it (those the listing selects, so `str()` runs no query)."""

    key: str
    lookup: str | Func  # a values_list lookup, or an expression
    related: type[models.Model] | None = None
    target: str = "pk"
    select: tuple[str, ...] | None = ()
    convert: Callable | None = None


@dataclass(frozen=True)
class Converted:
    """A column read as the field `lookup` (the column's own key by default)
    and shown through `convert`: a choice as its label, a flag as words. A
    relation reaches `convert` as its key unless `labelled`."""

    convert: Callable
    lookup: str | None = None
    labelled: bool = True

    def compile(self, queryset, key: str) -> ValueColumn | None:
        column = _compile(queryset, self.lookup or key)
        if column is None:
            return None
        if not self.labelled:
            return ValueColumn(key, column.lookup, convert=self.convert)
        return ValueColumn(
            key,
            column.lookup,
            column.related,
            column.target,
            column.select,
            self.convert,
        )


class JsonKeyText(Func):
    """One key of a JSON column as JSON text ('"12.50"', 'true', '["a"]'),
    decoded in Python: SQLite's JSON_EXTRACT would give "12.50" back as the
    number 12.5 (and true as 1)."""

    output_field = TextField()

    def __init__(self, column: str, key: str):
        super().__init__(F(column))
        self.key = key

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql} -> %s)::text)", (*params, self.key)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> %s)", (*params, f'$."{self.key}"')


def json_or_none(text):
    return None if text is None else json.loads(text)


@dataclass(frozen=True)
class JsonValue:
    """A column read as one key of a JSON column ("extra__<key>", through
    forward relations too: "expedient__extra__<key>"): the stored JSON value,
    None when the row has none."""

    lookup: str

    def compile(self, queryset, key: str) -> ValueColumn:
        column, _sep, name = self.lookup.rpartition("__")
        return ValueColumn(key, JsonKeyText(column, name), convert=json_or_none)


def choice_label(model: type[models.Model], name: str) -> Converted:
    """The column `name` as `get_<name>_display()` shows it. Each label is
    translated once, at its first row: build it per export (in the export's
    language), as the views' `export_value_sources` do. Translating a lazy
    label on every row cost a 166,000-row CSV ~2 s of its ~6 (cProfile)."""
    choices = dict(model._meta.get_field(name).flatchoices)
    shown: dict = {}

    def convert(value):
        try:
            return shown[value]
        except KeyError:
            label = force_str(choices.get(value, value), strings_only=True)
            shown[value] = label
            return label

    return Converted(convert)


INTEGER_KEYS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


@dataclass(frozen=True)
class ChunkValues:
    """A column read for a chunk of rows at once: `read(pks)` returns
    {pk: value} (one grouped query, say, instead of a subquery per row);
    a row it leaves out gets `default`."""

    read: Callable[[list], dict]
    default: object = None


class ChunkQuery:
    """`queryset` run for one chunk of `field` values at a time, compiled once:
    the chunk is one parameter (an array on PostgreSQL, JSON on SQLite), so
    neither Django nor the driver builds a query of two thousand placeholders
    per chunk. `rows(keys)` returns the queryset's rows (tuples) for `keys`.

    On PostgreSQL integer keys go as the array's text, `{1,2,3}`, written at
    once: psycopg adapted a list element by element, 10 ms for each chunk of
    10,000 keys, 0.16 s of a 166,000-row export (cProfile, `make bench`)."""

    def __init__(self, queryset: models.QuerySet, field: str):
        connection = connections[queryset.db]
        quote = connection.ops.quote_name
        meta = queryset.model._meta
        target = meta.pk if field == "pk" else meta.get_field(field)
        column = target.column
        name = f"{quote(queryset.model._meta.db_table)}.{quote(column)}"
        self.as_text = False
        if connection.vendor == "postgresql":
            key_field = getattr(target, "target_field", target)
            self.as_text = key_field.get_internal_type() in INTEGER_KEYS
            cast = "::bigint[]" if self.as_text else ""
            condition = f"{name} = ANY(%s{cast})"  # noqa: S608 - quoted names only
        else:
            condition = f"{name} IN (SELECT value FROM json_each(%s))"  # noqa: S608
        self.vendor = connection.vendor
        self.connection = connection
        marker = self.marker = object()
        filtered = queryset.filter(
            RawSQL(condition, (marker,), output_field=models.BooleanField())  # noqa: S611
        )
        self.sql, params = filtered.query.sql_with_params()
        self.params = list(params)
        self.slot = next(i for i, p in enumerate(self.params) if p is marker)

    def rows(self, keys: list) -> list[tuple]:
        params = list(self.params)
        if self.as_text:
            params[self.slot] = "{" + ",".join(map(str, map(int, keys))) + "}"
        elif self.vendor == "postgresql":
            params[self.slot] = list(keys)
        else:
            params[self.slot] = json.dumps(keys)
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()


@dataclass(frozen=True)
class ChunkColumn:
    key: str
    values: ChunkValues


def _select_paths(tree: dict, prefix: str = "") -> list[str]:
    paths = []
    for name, nested in tree.items():
        path = f"{prefix}{name}"
        paths.append(path)
        paths.extend(_select_paths(nested, f"{path}__"))
    return paths


def _compile(queryset: models.QuerySet, key: str) -> ValueColumn | None:
    if key in queryset.query.annotations:
        return ValueColumn(key, key)
    selected = queryset.query.select_related
    model = queryset.model
    bits = key.split(".")
    for position, bit in enumerate(bits):
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if not field.concrete:
            return None
        last = position == len(bits) - 1
        if not field.is_relation:
            return ValueColumn(key, "__".join(bits)) if last else None
        if not (field.many_to_one or field.one_to_one) or field.related_model is None:
            return None
        nested = selected.get(bit, {}) if isinstance(selected, dict) else selected
        if last:
            select = None if nested is True else tuple(_select_paths(nested or {}))
            return ValueColumn(
                key,
                "__".join(bits),
                related=field.related_model,
                target=field.target_field.attname,
                select=select,
            )
        model, selected = field.related_model, nested
    return None


def compile_columns(queryset: models.QuerySet, keys, sources=None):
    """The value columns of `keys` on `queryset`, or None when one of them is
    not a field, a forward relation, an annotation or in `sources` ({key:
    ChunkValues, Converted or JsonValue}, the view's own way to read a column)."""
    sources = sources or {}
    columns = []
    for key in keys:
        source = sources.get(key)
        if isinstance(source, ChunkValues):
            columns.append(ChunkColumn(key, source))
        elif isinstance(source, (Converted, JsonValue)):
            columns.append(source.compile(queryset, key))
        else:
            columns.append(_compile(queryset, key))
    return None if None in columns else columns


class RelatedLabels:
    """The label of each related row an export names, read once per chunk for
    the rows not seen yet; forgets them all beyond `limit` (flat memory)."""

    def __init__(self, column: ValueColumn, limit: int):
        self.column = column
        self.limit = limit
        self.labels: dict = {}

    def read(self, keys: set) -> None:
        keys.discard(None)
        missing = keys - self.labels.keys()
        if not missing:
            return
        if len(self.labels) + len(missing) > self.limit:
            self.labels.clear()
            missing = keys
        rows = self.column.related._base_manager.filter(
            **{f"{self.column.target}__in": missing}
        )
        if self.column.select is None:
            rows = rows.select_related()
        elif self.column.select:
            rows = rows.select_related(*self.column.select)
        target = self.column.target
        self.labels.update((getattr(row, target), str(row)) for row in rows)


class ValueRows:
    """Iterate `queryset` as lists of `columns` values, read in chunks through
    one server-side cursor; a relation's value is its label."""

    def __init__(
        self, queryset, columns, *, chunk_size: int, label_limit: int, batch_size=None
    ):
        self.queryset = queryset
        self.model = queryset.model
        self.columns = columns
        self.chunk_size = chunk_size
        self.label_limit = label_limit
        # Rows completed together (labels, chunk values): several cursor
        # chunks, so a query per batch costs little per row.
        self.batch_size = max(batch_size or chunk_size, chunk_size)

    def __iter__(self) -> Iterator[list]:
        for columns in self.column_batches():
            for row in zip(*columns, strict=True):
                yield list(row)

    def column_batches(self) -> Iterator[list]:
        """The rows a batch at a time, as the batch's columns (a sequence of
        values per column, in column order): a batch is completed and
        formatted a column at a time, and no list is made per row (the
        garbage collector's passes over thousands of them cost a 166,000-row
        CSV a fifth of its time, cProfile)."""
        # The primary key first: a DISTINCT listing keeps every row, and a
        # chunk's values are read by it (a chunk column reads it too, then
        # its value replaces it).
        lookups = [
            "pk",
            *(
                column.lookup if isinstance(column, ValueColumn) else "pk"
                for column in self.columns
            ),
        ]
        rows = (
            self.queryset.prefetch_related(None)
            .values_list(*lookups)
            .iterator(chunk_size=self.chunk_size)
        )
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == self.batch_size:
                yield self._completed(chunk)
                chunk = []
        if chunk:
            yield self._completed(chunk)

    def _completed(self, chunk: list[tuple]) -> list:
        """The batch's columns with their labels, chunk values and conversions."""
        pks, *columns = zip(*chunk, strict=True)
        columns = list(columns)
        for index, column in enumerate(self.columns):
            if isinstance(column, ChunkColumn):
                found = column.values.read(list(pks))
                default = column.values.default
                columns[index] = [found.get(pk, default) for pk in pks]
                continue
            values = columns[index]
            if column.related is not None:
                labels = self._labels[index]
                labels.read(set(values))
                found = labels.labels
                values = [None if key is None else found[key] for key in values]
            if column.convert is not None:
                values = list(map(column.convert, values))
            columns[index] = values
        return columns

    @cached_property
    def _labels(self) -> dict[int, "RelatedLabels"]:
        return {
            index: RelatedLabels(column, self.label_limit)
            for index, column in enumerate(self.columns)
            if isinstance(column, ValueColumn) and column.related is not None
        }
