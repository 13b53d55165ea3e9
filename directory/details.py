"""The Registres' sentences for a merge of person records and its undo
(configuration/audit/details.py).

A merge writes one entry on each record: "merge" on the survivor, "merged_into"
on the record folded into it; its undo writes "unmerge" on both. Each entry is
named after its own record (`record`) and keeps the other's name
(`other_name`), so both read as the same sentence, whichever row is looked at.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .history import concrete_field
from .models import Person

MERGE_EVENT = "merge"
MERGED_INTO_EVENT = "merged_into"
UNMERGE_EVENT = "unmerge"


def _fields(names) -> str:
    """The labels of the named person fields; a field removed since is left out
    rather than shown by its attribute name."""
    fields = (concrete_field(Person, name) for name in names or ())
    return ", ".join(str(capfirst(field.verbose_name)) for field in fields if field)


def _merged(merged: str, survivor: str) -> str:
    return _("Merged the record of %(merged)s into %(survivor)s.") % {
        "merged": merged,
        "survivor": survivor,
    }


def merge_sentence(data: dict, record: str) -> str:
    text = _merged(data.get("other_name", ""), record)  # on the survivor
    if fields := _fields(data.get("fields_taken")):
        text += " " + _("Values taken from it: %(fields)s.") % {"fields": fields}
    return text


def merged_into_sentence(data: dict, record: str) -> str:
    return _merged(record, data.get("other_name", ""))  # on the merged record


def unmerge_sentence(data: dict, record: str) -> str:
    text = _("Undid the merge of the records of %(record)s and %(other)s.") % {
        "record": record,
        "other": data.get("other_name", ""),
    }
    if fields := _fields(data.get("kept")):
        text += " " + _("Kept as changed after the merge: %(fields)s.") % {
            "fields": fields
        }
    return text


def register() -> None:
    from configuration.audit.details import register_audit_sentence

    register_audit_sentence(MERGE_EVENT, merge_sentence)
    register_audit_sentence(MERGED_INTO_EVENT, merged_into_sentence)
    register_audit_sentence(UNMERGE_EVENT, unmerge_sentence)
