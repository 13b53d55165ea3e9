"""Reading an uploaded catalogue file into rows (CSV or XLSX)."""

import csv
import io
from dataclasses import dataclass

import tablib
from django.utils.translation import gettext_lazy

HEADING_ROWS = 1
MAX_IMPORT_BYTES = 5 * 1024 * 1024
FORMATS = ("csv", "xlsx")


class UnreadableFile(ValueError):
    """The upload is not a CSV or XLSX file this import can read."""


def read_dataset(content: bytes, *, file_format: str) -> tablib.Dataset:
    """Return the file's rows; the first row holds the column headings."""
    if len(content) > MAX_IMPORT_BYTES:
        raise UnreadableFile(gettext_lazy("The file is larger than 5 MB."))
    try:
        if file_format == "xlsx":
            return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        if file_format == "csv":
            return _read_csv(content)
    except UnreadableFile:
        raise
    except Exception as error:  # tablib and openpyxl raise many kinds of error
        raise UnreadableFile(
            gettext_lazy("The file could not be read as %(format)s.")
            % {"format": file_format.upper()}
        ) from error
    raise UnreadableFile(gettext_lazy("Upload a CSV or XLSX file."))


def _read_csv(content: bytes) -> tablib.Dataset:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")  # what spreadsheets save as "CSV" on Windows
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise UnreadableFile(gettext_lazy("The file is empty."))
    dataset = tablib.Dataset(headers=rows[0])
    width = len(rows[0])
    for row in rows[1:]:
        dataset.append((row + [""] * width)[:width])
    return dataset


@dataclass
class PreparedRows:
    dataset: tablib.Dataset
    line_numbers: list[int]  # spreadsheet row number of each dataset row


def prepare_rows(raw: tablib.Dataset, resource_class) -> PreparedRows:
    """Rename headings to the resource's columns and drop empty rows."""
    headers = [resource_class.column_for(heading) for heading in raw.headers or []]
    dataset = tablib.Dataset(headers=headers)
    line_numbers = []
    for index, row in enumerate(raw, start=HEADING_ROWS + 1):
        values = ["" if value is None else value for value in row]
        if all(str(value).strip() == "" for value in values):
            continue
        dataset.append(values)
        line_numbers.append(index)
    return PreparedRows(dataset, line_numbers)
