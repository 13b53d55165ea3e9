"""Spreadsheet exports of admin listings (`?export=csv|xlsx`), made safe and lean.

Wagtail's SpreadsheetExportMixin builds the whole listing context first, which
loads every row into memory, and writes CSV cells verbatim, so a cell such as
`=HYPERLINK(...)` runs as a formula when the file is opened in a spreadsheet
(wagtail-notes §5). `SafeExportMixin` fixes both for every index view it joins.
"""

import codecs
import csv
import datetime
import functools
import gc
import io
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from itertools import islice

import xlsxwriter
from django.contrib import messages
from django.db import models
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.encoding import force_str, is_protected_type
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import ExcelDateFormatter
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import multigetattr

from .audit import log_export
from .export_plan import ValueRows, compile_columns

EXPORT_CHUNK_SIZE = 2000
# Rows of a values export labelled and completed together (five chunks).
EXPORT_BATCH_SIZE = 10_000
# Related rows whose labels one export keeps (a municipality, a professional):
# beyond this many the cache starts again, so memory stays flat.
LABEL_CACHE_SIZE = 20_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV
# injection); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_TRIGGERS)


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while an export writes.

    A batch of a values export holds ten thousand rows read from the
    database; the collector's full passes, triggered by so many live
    objects, walked the whole process again and again: 0.17 s of a
    166,000-row CSV's 0.93 s of Python (`make bench` data, the same export
    run with the collector on and off). The rows, lists and strings an
    export makes hold no reference cycles, so nothing waits for the
    collector; it runs again, as it was, when the writer ends or is closed
    (a client that goes away)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def neutralise_formula(value):
    """Return `value`, prefixed with ' when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def drop_illegal_characters(value):
    """Return `value` without the control characters a worksheet cannot hold."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


CSV_DATETIME_FORMAT = "%d/%m/%Y %H:%M:%S"  # as catalan.md writes dates, 24-hour
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_TITLE_LENGTH = 31  # the most a spreadsheet allows


def local_datetime(value: datetime.datetime) -> datetime.datetime:
    """Return `value` in the site's time zone, as the screens show it, naive
    (a spreadsheet cell has no zone; the column heading names it), to the second."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def time_zone_name() -> str:
    return timezone.get_current_timezone_name()


def yes_no(value: bool) -> str:
    """A flag as a person writes it, and as the imports read it back."""
    return _("yes") if value else _("no")


def sheet_title(text: str) -> str:
    """Return `text` as a worksheet's name: no forbidden characters, 31 at most."""
    title = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", capfirst(str(text))).split())
    title = title.strip("'")
    return title[:SHEET_TITLE_LENGTH].rstrip(" '") or "Llar"


def unique_sheet_title(title: str, taken: set[str]) -> str:
    """`title` (a valid name) made unique in a workbook whose names are
    `taken` (folded: Excel ignores case; "History" is its own) by a " (2)"
    within the 31 characters; the name is added to `taken`."""
    name, number = title, 1
    while name.casefold() in taken or name.casefold() == "history":
        number += 1
        suffix = f" ({number})"
        name = title[: SHEET_TITLE_LENGTH - len(suffix)].rstrip() + suffix
    taken.add(name.casefold())
    return name


def follow(item, accessor: str):
    """The value at a dotted `accessor` ("pre_assigns.code"), or None where a
    relation on the way is empty: Wagtail's lookup fails on it and so did the
    whole export (a tràmit type that pre-assigns no benefit)."""
    current = item
    for bit in accessor.split("."):
        if current is None:
            return None
        current = multigetattr(current, bit)
    return current


class ChunkedRows:
    """Iterate a queryset in chunks, never caching it; `.model` serves the headings."""

    def __init__(self, queryset: models.QuerySet):
        self.queryset = queryset
        self.model = queryset.model

    def __iter__(self) -> Iterator[models.Model]:
        return self.queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)


def csv_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def xlsx_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def as_is(value):
    return value


class _Unseen:
    """The kind of a column that has shown no value yet."""


class ColumnFormatters:
    """Each column's cell formatter, chosen once per type of value it meets
    (`get_preprocess_function` by column and type), not once per cell: a
    column keeps the formatter of the last type it met, so a row costs one
    type check per cell. Formats the row list in place."""

    def __init__(self, view, keys, export_format: str):
        self.view = view
        self.keys = list(keys)
        self.export_format = export_format
        self.chosen = [{} for _key in self.keys]
        self.kinds = [_Unseen] * len(self.keys)
        self.functions = [as_is] * len(self.keys)

    def __call__(self, values: list) -> list:
        kinds, functions = self.kinds, self.functions
        for index, value in enumerate(values):
            if value.__class__ is kinds[index]:
                function = functions[index]
            elif value is None:
                continue
            else:
                function = self.choose(index, value)
            if function is csv_text:
                # `csv_text` inline: most cells are text, and a call per cell
                # was a fifth of a CSV export's Python time (cProfile).
                if value and value[0] in FORMULA_FIRST:
                    values[index] = "'" + value
            elif function is not as_is:
                values[index] = function(value)
        return values

    def columns(self, columns: list) -> Iterator[tuple]:
        """A batch's rows, formatted a column at a time (CSV), from its
        columns: a column whose cells all keep their value is not touched, a
        text column is checked in one comprehension (a call per cell was as
        costly as writing the row, cProfile)."""
        columns = list(columns)
        for index, column in enumerate(columns):
            kinds = set(map(type, column))
            kinds.discard(type(None))
            functions = {
                kind: self.choose(index, next(v for v in column if type(v) is kind))
                for kind in kinds
            }
            if all(function is as_is for function in functions.values()):
                continue
            if len(functions) == 1 and csv_text in functions.values():
                columns[index] = [
                    "'" + value if value and value[0] in FORMULA_FIRST else value
                    for value in column
                ]
                continue
            columns[index] = [
                value if value is None else functions[value.__class__](value)
                for value in column
            ]
        return zip(*columns, strict=True)

    def choose(self, index: int, value):
        kind = value.__class__
        chosen = self.chosen[index]
        function = chosen.get(kind)
        if function is None:
            function = self.view.get_preprocess_function(
                self.keys[index], value, self.export_format
            )
            function = chosen[kind] = function or as_is
        self.kinds[index], self.functions[index] = kind, function
        return function


class SafeExportMixin:
    """Index-view mixin: stream exports row by row and neutralise CSV formulas.

    The export uses `get_queryset()`, so the listing's scope, filters, search and
    ordering all apply; the listing's own context (table, pagination, counts) is
    skipped because an export never shows it. Each export writes one audit entry
    (what, how many rows, which criteria). CSV starts with a UTF-8 byte order
    mark; an empty relation on a dotted column is an empty cell.

    Speed (issue #21): when every column is a field, a relation or an
    annotation and the view does not build its rows itself (`to_row_dict`),
    the rows are read as values through a server-side cursor
    (`configuration.export_plan`) instead of as model instances; either way each
    column's formatter is chosen once per type, and CSV is written a chunk at a
    time. `fast_export = False` keeps the instance path.

    Background (issue #21): an export of more than LLAR_BACKGROUND_EXPORT_ROWS
    rows, or asked for with "Export in the background", becomes a job on "My
    exports" (`configuration.export_jobs`): the worker calls this same view as
    the owner and `write_export_job` writes the file with the writers below;
    its audit entry is written once the file is finished, with its row count.
    """

    fast_export = True
    # Exports of more rows than LLAR_BACKGROUND_EXPORT_ROWS, or asked for with
    # `?background=1`, run in the background (configuration/export_jobs.py);
    # False keeps every export of the view a download.
    background_export = True

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        queryset = self.get_queryset()
        export_format = request.GET.get("export")
        job = getattr(request, "llar_export_job", None)
        if job is not None:  # the exports worker, running a queued export
            return self.write_export_job(job, queryset, export_format)
        rows = queryset.count()
        if self.runs_in_background(rows):
            return self.queue_export(queryset, export_format, rows)
        log_export(
            user=request.user,
            model=queryset.model,
            export_format=export_format,
            rows=rows,
            criteria=self.export_criteria(),
        )
        return self.as_spreadsheet(self.export_rows(queryset), export_format)

    def runs_in_background(self, rows: int) -> bool:
        """Whether this export is queued instead of downloaded: asked for so,
        or more rows than LLAR_BACKGROUND_EXPORT_ROWS."""
        from .export_jobs import background_threshold

        if not self.background_export:
            return False
        asked = self.request.GET.get("background") == "1"
        return asked or rows > background_threshold()

    def queue_export(self, queryset, export_format: str, rows: int):
        """Queue the export for the exports worker and send the professional
        to "My exports", where its progress shows."""
        from .export_jobs import export_job_start

        export_job_start(
            owner=self.request.user,
            model=queryset.model,
            listing=self.get_export_listing_name(),
            path=self.request.path_info,
            query=self.request.GET,
            filters=self.export_criteria(),
            export_format=export_format,
            rows_total=rows,
            filename=f"{self.get_filename()}.{export_format}",
        )
        if self.request.GET.get("background") == "1":
            message = _(
                "The export runs in the background: it will be ready here, "
                "and on your home screen, when it is written."
            )
        else:
            message = _(
                "%(rows)s rows are too many to download at once: the export "
                "runs in the background, and will be ready here, and on your "
                "home screen, when it is written."
            ) % {"rows": formats.number_format(rows, force_grouping=True)}
        messages.success(self.request, message)
        return redirect("llar_exports")

    def write_export_job(self, job, queryset, export_format: str):
        """Write a queued export's file (on the worker's request, as its owner)."""
        from .export_jobs import write_job_file

        return write_job_file(
            view=self, job=job, queryset=queryset, export_format=export_format
        )

    def get_export_listing_name(self) -> str:
        """The listing's name on "My exports": the screen's title."""
        title = getattr(self, "page_title", "") or self.model._meta.verbose_name_plural
        return capfirst(str(title))

    def get_background_export_url(self, export_format: str) -> str:
        params = self.request.GET.copy()
        params["export"] = export_format
        params["background"] = "1"
        return self.request.path + "?" + params.urlencode()

    @cached_property
    def header_more_buttons(self):
        """Beside Wagtail's downloads, the same exports in the background."""
        buttons = list(super().header_more_buttons)
        if self.show_export_buttons and self.background_export:
            for export_format, priority in (("xlsx", 95), ("csv", 105)):
                buttons.append(
                    Button(
                        _("Export in the background (%(format)s)")
                        % {"format": export_format.upper()},
                        url=self.get_background_export_url(export_format),
                        icon_name="download",
                        priority=priority,
                    )
                )
        return buttons

    def export_rows(self, queryset):
        """The rows to export: values when every column is one, else instances."""
        columns = self.export_value_columns(queryset)
        if columns is None:
            return ChunkedRows(queryset)
        return ValueRows(
            queryset,
            columns,
            chunk_size=EXPORT_CHUNK_SIZE,
            label_limit=LABEL_CACHE_SIZE,
            batch_size=EXPORT_BATCH_SIZE,
        )

    def export_value_columns(self, queryset):
        """A view that builds its rows itself (`to_row_dict`) exports values
        only when it says how to read its columns (`export_value_sources`)."""
        cls = type(self)
        builds_rows = cls.to_row_dict is not SafeExportMixin.to_row_dict
        sources_given = (
            cls.export_value_sources is not SafeExportMixin.export_value_sources
        )
        if not self.fast_export or (builds_rows and not sources_given):
            return None
        return compile_columns(queryset, self.list_export, self.export_value_sources())

    def export_value_sources(self) -> dict:
        """How the values path reads the columns that are not plain fields:
        {key: ChunkValues} (read a batch of rows at once, instead of an
        annotation computed row by row) or {key: Converted} (a field shown as
        `to_row_dict` shows it: a choice's label, a flag as words)."""
        return {}

    def row_values(self, rows) -> Iterator[list]:
        """Each row's values in `list_export` order, from values or instances
        (counted, for a background export's progress)."""
        values = self._row_values(rows)
        progress = getattr(self, "export_progress", None)
        return values if progress is None else progress.counted(values)

    def column_batches(self, rows) -> Iterator[list]:
        """The rows `row_values` gives, a batch at a time, as the batch's
        columns (counted, for a background export's progress)."""
        if isinstance(rows, ValueRows):
            batches = rows.column_batches()
        else:
            values = self._row_values(rows)
            chunks = iter(lambda: list(islice(values, EXPORT_CHUNK_SIZE)), [])
            batches = (list(zip(*chunk, strict=True)) for chunk in chunks)
        progress = getattr(self, "export_progress", None)
        return batches if progress is None else progress.counted_batches(batches)

    def _row_values(self, rows) -> Iterator[list]:
        if isinstance(rows, ValueRows):
            yield from rows
            return
        keys = self.list_export
        for item in rows:
            row = self.to_row_dict(item)
            yield [row.get(key) for key in keys]

    def export_criteria(self) -> dict:
        """What narrowed the export (search and filters), for its audit entry."""
        return {
            name: value
            for name, value in self.request.GET.items()
            if name not in ("export", "p", "background") and value
        }

    def get_sheet_title(self) -> str:
        title = getattr(self, "page_title", "") or self.model._meta.verbose_name_plural
        return sheet_title(title)

    def write_xlsx(self, queryset, output):
        """The workbook, one sheet named after the listing (not "Sheet1"),
        written by XlsxWriter in constant memory (a row at a time to disk):
        text always as text (never a formula or a link), numbers, flags,
        dates and date-times (in Wagtail's date-time format) as such."""
        workbook = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "tmpdir": tempfile.gettempdir(),
            },
        )
        worksheet = workbook.add_worksheet(self.get_sheet_title())
        for column, key in enumerate(self.list_export):
            worksheet.write_string(0, column, self.get_heading(queryset, key))
        date_formats = {
            datetime.datetime: workbook.add_format(
                {"num_format": ExcelDateFormatter().get()}
            ),
            datetime.date: workbook.add_format({"num_format": "yyyy-mm-dd"}),
            datetime.time: workbook.add_format({"num_format": "h:mm:ss"}),
        }
        write_string = worksheet.write_string
        write_number = worksheet.write_number
        formatted = ColumnFormatters(self, self.list_export, self.FORMAT_XLSX)
        for row, values in enumerate(self.row_values(queryset), 1):
            for column, cell in enumerate(formatted(values)):
                kind = cell.__class__
                if kind is str:
                    if cell:
                        write_string(row, column, cell)
                elif cell is None:
                    continue
                elif kind is int or kind is float or kind is Decimal:
                    write_number(row, column, cell)
                elif kind is bool:
                    worksheet.write_boolean(row, column, cell)
                elif kind in date_formats:
                    worksheet.write_datetime(row, column, cell, date_formats[kind])
                else:
                    worksheet.write(row, column, cell)
        workbook.close()

    def to_row_dict(self, item) -> dict:
        return {field: follow(item, field) for field in self.list_export}

    def stream_csv(self, queryset):
        """The CSV, after a UTF-8 byte order mark (without it Excel reads the
        file as the system's code page and garbles every accent; imports read
        files with and without it, `configuration/imports/files.py`), a chunk
        of rows at a time."""
        yield codecs.BOM_UTF8
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([self.get_heading(queryset, f) for f in self.list_export])
        formatted = ColumnFormatters(self, self.list_export, self.FORMAT_CSV)
        with cycle_collection_paused():
            for columns in self.column_batches(queryset):
                writer.writerows(formatted.columns(columns))
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    def write_xlsx_response(self, queryset):
        """Write the workbook to a temporary file on disk, not to memory: the
        response streams it from there and it disappears when closed."""
        output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type=XLSX_TYPE,
            filename=f"{self.get_filename()}.xlsx",
        )

    def get_preprocess_function(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            # Local time, as on the screen, never UTC with microseconds.
            if export_format == self.FORMAT_CSV:
                return lambda raw: local_datetime(raw).strftime(CSV_DATETIME_FORMAT)
            return local_datetime
        if isinstance(value, bool) and export_format == self.FORMAT_CSV:
            return yes_no
        preprocess = super().get_preprocess_function(field, value, export_format)
        if _is_force_str(preprocess):
            # Wagtail's default: text as it is, numbers (and other protected
            # types) untouched; the checks below are then all that remains.
            if type(value) is str:
                return csv_text if export_format == self.FORMAT_CSV else xlsx_text
            if is_protected_type(value):
                return as_is
        if export_format != self.FORMAT_CSV:
            # Wagtail already stores formula-like XLSX cells as text; control
            # characters (typed into a name, a sign-in username) a worksheet
            # cannot hold at all: openpyxl would refuse the whole export.
            def xlsx_safe(raw):
                return drop_illegal_characters(preprocess(raw) if preprocess else raw)

            return xlsx_safe

        def safe(raw):
            return neutralise_formula(preprocess(raw) if preprocess else raw)

        return safe


def _is_force_str(function) -> bool:
    return isinstance(function, functools.partial) and function.func is force_str
