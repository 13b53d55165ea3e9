"""Spreadsheet exports of admin listings (`?export=csv|xlsx`), made safe and lean.

Wagtail's SpreadsheetExportMixin builds the whole listing context first, which
loads every row into memory, and writes CSV cells verbatim, so a cell such as
`=HYPERLINK(...)` runs as a formula when the file is opened in a spreadsheet
(wagtail-notes §5). `SafeExportMixin` fixes both for every index view it joins.
"""

import codecs
import tempfile
from collections.abc import Iterator

from django.db import models
from django.http import FileResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.coreutils import multigetattr

from .audit import log_export

EXPORT_CHUNK_SIZE = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV
# injection); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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


class SafeExportMixin:
    """Index-view mixin: stream exports row by row and neutralise CSV formulas.

    The export uses `get_queryset()`, so the listing's scope, filters, search and
    ordering all apply; the listing's own context (table, pagination, counts) is
    skipped because an export never shows it. Each export writes one audit entry
    (what, how many rows, which criteria). CSV starts with a UTF-8 byte order
    mark; an empty relation on a dotted column is an empty cell.
    """

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        queryset = self.get_queryset()
        export_format = request.GET.get("export")
        log_export(
            user=request.user,
            model=queryset.model,
            export_format=export_format,
            rows=queryset.count(),
            criteria=self.export_criteria(),
        )
        return self.as_spreadsheet(ChunkedRows(queryset), export_format)

    def export_criteria(self) -> dict:
        """What narrowed the export (search and filters), for its audit entry."""
        return {
            name: value
            for name, value in self.request.GET.items()
            if name not in ("export", "p") and value
        }

    def to_row_dict(self, item) -> dict:
        return {field: follow(item, field) for field in self.list_export}

    def stream_csv(self, queryset):
        """Wagtail's CSV, after a UTF-8 byte order mark: without it Excel reads
        the file as the system's code page and garbles every accent. Imports
        read files with and without it (`configuration/imports/files.py`)."""
        yield codecs.BOM_UTF8
        yield from super().stream_csv(queryset)

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
        preprocess = super().get_preprocess_function(field, value, export_format)
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
