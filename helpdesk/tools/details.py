"""The Registres' sentence for a coordinator's tool (configuration/audit/details.py):
which tool ran and what it counted, in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.history import TOOL_COUNTS, TOOL_LABELS
from configuration.holdings import transferable_labels

from .services.common import TOOL_EVENT
from .services.persons import PERSON_RECOVER_TOOL
from .services.professionals import HOLDINGS_TOOL, PASSWORD_TOOL
from .views.professionals import COUNT_LINES

LABELS = {
    **TOOL_LABELS,
    HOLDINGS_TOOL: gettext_lazy("Transfer of a professional's records"),
    PASSWORD_TOOL: gettext_lazy("Password reset link sent to the professional"),
    PERSON_RECOVER_TOOL: gettext_lazy("Deceased person's record reactivated"),
}


def tool_sentence(data: dict, record: str) -> str:
    """E.g. "Transfer of a professional's records: 2 expedients where they are the
    reference professional, 0 person records where …"."""
    tool = data.get("tool", "")
    counts = [
        COUNT_LINES[key](data[key]) % {"count": data[key]}
        for key in COUNT_LINES
        if isinstance(data.get(key), int)
    ]
    counts += [
        f"{label}: {data[key]}"
        for key, label in {**TOOL_COUNTS, **transferable_labels()}.items()
        if isinstance(data.get(key), int)
    ]
    label = str(LABELS.get(tool, _("A coordination tool")))
    if not counts:
        return f"{label}."
    return _("%(tool)s: %(counts)s.") % {"tool": label, "counts": "; ".join(counts)}


def register() -> None:
    from configuration.audit.details import register_audit_sentence

    register_audit_sentence(TOOL_EVENT, tool_sentence)
