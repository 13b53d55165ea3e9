"""One step of every catalogue import: an entry named twice in one file is refused.

Before, the later row silently won over the earlier one (issue #16.10). An entry
is named by the resource's import key (the code; the code within its year for
problems; the name within its sector for subsectors); the portfolio's item is
named by its code alone, whatever name each row gives it.
"""

from django.utils.translation import gettext as _

from .files import PreparedRows


def repeated_entries(prepared: PreparedRows, resource) -> list[tuple[int, str, str]]:
    """(row, column, message) for every row naming an entry an earlier row named."""
    names = list(resource.get_import_id_fields())
    if "code" in names:
        names = [name for name in names if name != "name"]
    key_fields = [resource.fields[name] for name in names]
    first_rows: dict[tuple, int] = {}
    repeats = []
    for line, row in zip(prepared.line_numbers, prepared.dataset.dict, strict=True):
        try:
            key = tuple(field.clean(row) for field in key_fields)
        except Exception:  # noqa: BLE001, S112 - the import reports this row
            continue
        if any(value in (None, "") for value in key):
            continue
        if key in first_rows:
            message = _(
                "%(entry)s is also on row %(first)s: each entry may appear only "
                "once in a file."
            ) % {"entry": " / ".join(map(str, key)), "first": first_rows[key]}
            repeats.append((line, key_fields[-1].column_name, message))
        else:
            first_rows[key] = line
    return repeats
