"""One step of every catalogue import: an entry named twice in one file is refused.

Before, the later row silently won over the earlier one (issue #16.10). An entry
is named by the resource's import key (the code; the code within its year for
problems; the name within its sector for subsectors; the code and name of a
portfolio item, as the published file gives two items the code 5.4.5).

A row that only repeats an earlier one (the same cells once case, accents,
spaces and a trailing dot are set aside, as the published benefits file does
with its "PRESTACIONS ECONOMIQUES" / "ECONÒMIQUES" sections) says nothing new
and is not reported. A repeat that would change the entry is left out of the
import and reported with both rows: the first row stands, nothing is silently
overwritten, and the rest of the file still imports.
"""

import unicodedata

import tablib
from django.utils.translation import gettext as _

from .files import PreparedRows


def _same_cell(value) -> str:
    text = unicodedata.normalize("NFKD", str(value or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace(". ", " ").split()).rstrip(".")


def _same_row(row: dict) -> tuple:
    return tuple(_same_cell(value) for value in row.values())


def repeated_entries(
    prepared: PreparedRows, resource
) -> tuple[list[tuple[int, str, str]], set[int]]:
    """(row, column, message) for every row naming an entry an earlier row named
    with other values, and the lines of every repeat (reported or not), which
    the import leaves out: the first row naming an entry stands."""
    # The resource's own identity: the portfolio's item is its code and name,
    # as the published file gives two items one code (5.4.5).
    names = list(resource.get_import_id_fields())
    key_fields = [resource.fields[name] for name in names]
    first_rows: dict[tuple, int] = {}
    first_cells: dict[tuple, tuple] = {}
    repeats, repeated_lines = [], set()
    for line, row in zip(prepared.line_numbers, prepared.dataset.dict, strict=True):
        try:
            key = tuple(field.clean(row) for field in key_fields)
        except Exception:  # noqa: BLE001, S112 - the import reports this row
            continue
        if any(value in (None, "") for value in key):
            continue
        if key in first_rows:
            repeated_lines.add(line)
            if first_cells[key] == _same_row(row):
                continue  # the same entry again, nothing changed
            message = _(
                "%(entry)s is also on row %(first)s with other values; the first "
                "row stands."
            ) % {"entry": " / ".join(map(str, key)), "first": first_rows[key]}
            repeats.append((line, key_fields[-1].column_name, message))
        else:
            first_rows[key] = line
            first_cells[key] = _same_row(row)
    return repeats, repeated_lines


def without_lines(prepared: PreparedRows, lines: set[int]) -> PreparedRows:
    """`prepared` without the rows at those spreadsheet lines."""
    if not lines:
        return prepared
    keep = [i for i, line in enumerate(prepared.line_numbers) if line not in lines]
    dataset = tablib.Dataset(headers=prepared.dataset.headers)
    for index in keep:
        dataset.append(prepared.dataset[index])
    return PreparedRows(dataset, [prepared.line_numbers[i] for i in keep])
