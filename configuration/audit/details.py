"""The Registres' "Details" column: each summary entry as a sentence.

A summary entry keeps what it was about in `additional_data` (rows, criteria,
the typed username, a tool's counts). The screen and its exports never show
those internal keys: each event has a writer that turns them into one sentence
in the reader's language. configuration imports no other app, so the apps that
write other events register their writers here in `AppConfig.ready`.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .events import SIGN_IN_EVENT, SIGN_IN_FAILED_EVENT, SIGN_OUT_EVENT
from .trail import EXPORT_EVENT, SEARCH_EVENT

Writer = Callable[[dict], str]
_writers: dict[str, Writer] = {}


def register_audit_sentence(event: str, writer: Writer) -> None:
    """Let `writer(data)` say in one sentence what an entry of `event` did."""
    _writers[event] = writer


def details_sentence(data: dict | None) -> str:
    """Return the sentence of one entry's `additional_data`; "" when it has none.

    An event nobody registered says nothing rather than show its internal keys.
    """
    data = dict(data or {})
    writer = _writers.get(data.get("event"))
    return writer(data) if writer else ""


def filters_clause(criteria) -> str:
    count = len(criteria or {})
    if not count:
        return _("without filters")
    return ngettext(
        "with %(count)s filter applied", "with %(count)s filters applied", count
    ) % {"count": count}


def _export(data: dict) -> str:
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


def _search(data: dict) -> str:
    rows = data.get("rows", 0)
    return ngettext(
        "A search listed %(rows)s person (page %(page)s), %(filters)s.",
        "A search listed %(rows)s people (page %(page)s), %(filters)s.",
        rows,
    ) % {
        "rows": rows,
        "page": data.get("page", 1),
        "filters": filters_clause(data.get("criteria")),
    }


def _failed(data: dict) -> str:
    return _("Sign-in refused for the username “%(username)s”.") % {
        "username": data.get("username", "")
    }


def _access_report(data: dict) -> str:
    rows = data.get("rows", 0)
    return ngettext(
        "Made the record's access report (%(rows)s access listed).",
        "Made the record's access report (%(rows)s accesses listed).",
        rows,
    ) % {"rows": rows}


register_audit_sentence(EXPORT_EVENT, _export)
register_audit_sentence(SEARCH_EVENT, _search)
register_audit_sentence(SIGN_IN_EVENT, lambda data: _("Signed in."))
register_audit_sentence(SIGN_OUT_EVENT, lambda data: _("Signed out."))
register_audit_sentence(SIGN_IN_FAILED_EVENT, _failed)
register_audit_sentence("access_report", _access_report)
