"""The Registres' "Details" column: each summary entry as a sentence.

A summary entry keeps what it was about in `additional_data` (rows, criteria,
the typed username, a tool's counts). The screen and its exports never show
those internal keys: each event has a writer that turns them into one sentence
in the reader's language. configuration imports no other app, so the apps that
write other events register their writers here in `AppConfig.ready`.

A writer is called with the entry's `additional_data` and `record`, the name the
entry gave what it was about (its Element column, `object_repr`). It says only
what the entry itself holds, and reads well for entries written before a key
was added (a missing key makes a shorter sentence, never an error).
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .events import SIGN_IN_EVENT, SIGN_IN_FAILED_EVENT, SIGN_OUT_EVENT
from .trail import EXPORT_DOWNLOAD_EVENT, EXPORT_EVENT, SEARCH_EVENT

Writer = Callable[[dict, str], str]
_writers: dict[str, Writer] = {}


def register_audit_sentence(event: str, writer: Writer) -> None:
    """Let `writer(data, record)` say in one sentence what an entry of `event` did."""
    _writers[event] = writer


def has_audit_sentence(event: str) -> bool:
    return event in _writers


def details_sentence(data: dict | None, record: str = "") -> str:
    """Return the sentence of one entry's `additional_data`; "" when it has none.

    An event nobody registered says nothing rather than show its internal keys.
    """
    data = dict(data) if isinstance(data, dict) else {}
    writer = _writers.get(data.get("event"))
    return writer(data, record or "") if writer else ""


def filters_clause(criteria) -> str:
    # A chooser's empty search box is stored as {"q": ""}: no filter at all.
    count = sum(1 for value in (criteria or {}).values() if value)
    if not count:
        return _("without filters")
    return ngettext(
        "with %(count)s filter applied", "with %(count)s filters applied", count
    ) % {"count": count}


def _export(data: dict, record: str) -> str:
    rows = data.get("rows", 0)
    return ngettext(
        "Exported %(rows)s row as %(format)s, %(filters)s.",
        "Exported %(rows)s rows as %(format)s, %(filters)s.",
        rows,
    ) % {
        "rows": rows,
        "format": str(data.get("format", "")).upper(),
        "filters": filters_clause(data.get("criteria")),
    }


def _download(data: dict, record: str) -> str:
    rows = data.get("rows", 0)
    return ngettext(
        "Downloaded a background export of %(rows)s row as %(format)s.",
        "Downloaded a background export of %(rows)s rows as %(format)s.",
        rows,
    ) % {"rows": rows, "format": str(data.get("format", "")).upper()}


def _search(data: dict, record: str) -> str:
    # Searches list persons, expedients and their items: the Element column
    # names which, the sentence counts the results.
    rows = data.get("rows", 0)
    return ngettext(
        "A search listed %(rows)s result (page %(page)s), %(filters)s.",
        "A search listed %(rows)s results (page %(page)s), %(filters)s.",
        rows,
    ) % {
        "rows": rows,
        "page": data.get("page", 1),
        "filters": filters_clause(data.get("criteria")),
    }


def _failed(data: dict, record: str) -> str:
    return _("Sign-in refused for the username “%(username)s”.") % {
        "username": data.get("username", "")
    }


register_audit_sentence(EXPORT_EVENT, _export)
register_audit_sentence(EXPORT_DOWNLOAD_EVENT, _download)
register_audit_sentence(SEARCH_EVENT, _search)
register_audit_sentence(SIGN_IN_EVENT, lambda data, record: _("Signed in."))
register_audit_sentence(SIGN_OUT_EVENT, lambda data, record: _("Signed out."))
register_audit_sentence(SIGN_IN_FAILED_EVENT, _failed)
