"""The Registres' sentences for the helpdesk's entries (configuration/audit/details.py):
a handover's acknowledgement, each step of a support incident, a dismissed
alert. The coordinators' tools have theirs in tools/details.py."""

from django.utils.translation import gettext as _

from .alerts.kinds import AlertKind
from .alerts.services import DISMISS_EVENT
from .enums import IncidentState
from .handovers.services import HANDOVER_EVENT
from .incidents.services import INCIDENT_EVENT


def handover_sentence(data: dict, record: str) -> str:
    # Entries written before the name was kept, and handovers with no previous
    # professional, say only what was acknowledged.
    if name := data.get("from_name"):
        return _("Acknowledged the handover summary received from %(name)s.") % {
            "name": name
        }
    return _("Acknowledged the handover summary of the expedient.")


INCIDENT_STEPS = {
    "open": lambda: _("Opened the support incident."),
    "reply": lambda: _("Replied in the incident's thread."),
    "resolve": lambda: _("Marked the incident as resolved."),
    "close": lambda: _("Closed the incident."),
    "note": lambda: _("Wrote an internal note on the incident."),
}


def _state(value) -> str:
    return str(IncidentState(value).label) if value in IncidentState.values else ""


def _states(data: dict) -> str:
    """ "State: Open → Updated." when the step changed it; "" otherwise."""
    states = data.get("state")
    if not isinstance(states, list) or len(states) != 2:
        return ""
    old, new = (_state(value) for value in states)
    if not (old and new) or old == new:
        return ""
    return _("State: %(old)s → %(new)s.") % {"old": old, "new": new}


def _assignment(data: dict) -> str:
    assigned = data.get("assigned_to")
    if isinstance(assigned, list) and len(assigned) == 2 and assigned[1] is None:
        return _("Left the incident without an assignee.")
    if name := data.get("assigned_to_name"):
        return _("Assigned the incident to %(name)s.") % {"name": name}
    return _("Changed who the incident is assigned to.")  # written before the name


def incident_sentence(data: dict, record: str) -> str:
    action = data.get("action")
    if action == "assign":
        return _assignment(data)
    step = INCIDENT_STEPS.get(action)
    text = step() if step else _("A step in a support incident.")
    states = _states(data)  # an opening starts from no state: none shown
    return f"{text} {states}" if states else text


def dismissal_sentence(data: dict, record: str) -> str:
    kind = data.get("kind")
    if kind not in AlertKind.values:
        return _("Dismissed an alert for everyone.")
    return _("Dismissed the alert “%(kind)s” for everyone.") % {
        "kind": AlertKind(kind).label
    }


def register() -> None:
    from configuration.audit.details import register_audit_sentence

    register_audit_sentence(HANDOVER_EVENT, handover_sentence)
    register_audit_sentence(INCIDENT_EVENT, incident_sentence)
    register_audit_sentence(DISMISS_EVENT, dismissal_sentence)
