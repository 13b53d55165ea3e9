"""The Registres' sentences for casework's own entries (configuration/audit/details.py):
a break-glass opening and a person's access report."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .enums import BreakGlassReason

BREAK_GLASS_EVENT = "break_glass"
ACCESS_REPORT_EVENT = "access_report"
EXPEDIENT_PRINT_EVENT = "expedient_print"


def _reason_label(value) -> str:
    if value not in BreakGlassReason.values:
        return ""
    return str(BreakGlassReason(value).label)


def _local(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def break_glass_sentence(data: dict, record: str) -> str:
    """E.g. "Opened the confidential expedient by break-glass until 14/03/2026
    18:30. Reason: Urgent care of the person (“…”)." The explanation is the one
    the professional typed, already kept in the entry."""
    until = _local(data.get("expires_at"))
    text = (
        _("Opened the confidential expedient by break-glass until %(until)s.")
        % {"until": until}
        if until
        else _("Opened the confidential expedient by break-glass.")
    )
    reason, explanation = _reason_label(data.get("reason")), data.get("text") or ""
    if reason and explanation:
        text += " " + _("Reason: %(reason)s (“%(text)s”).") % {
            "reason": reason,
            "text": explanation,
        }
    elif reason:
        text += " " + _("Reason: %(reason)s.") % {"reason": reason}
    return text


def access_report_sentence(data: dict, record: str) -> str:
    rows = data.get("rows", 0)
    return ngettext(
        "Made the record's access report (%(rows)s access listed).",
        "Made the record's access report (%(rows)s accesses listed).",
        rows,
    ) % {"rows": rows}


def expedient_print_sentence(data: dict, record: str) -> str:
    sections = data.get("sections") or []
    return ngettext(
        "Printed the expedient (%(count)s section).",
        "Printed the expedient (%(count)s sections).",
        len(sections),
    ) % {"count": len(sections)}


def register() -> None:
    from configuration.audit.details import register_audit_sentence

    register_audit_sentence(BREAK_GLASS_EVENT, break_glass_sentence)
    register_audit_sentence(ACCESS_REPORT_EVENT, access_report_sentence)
    register_audit_sentence(EXPEDIENT_PRINT_EVENT, expedient_print_sentence)
