"""The helpdesk's models, one module per concern: home notices, support
incidents, alerts and handovers each add theirs here."""

from .alerts import AlertDismissal, AlertPreference, AlertSnapshot
from .handovers import Handover, HandoverQuerySet
from .incidents import Incident, IncidentMessage, IncidentQuerySet
from .notifications import Notification, NotificationQuerySet

__all__ = [
    "AlertDismissal",
    "AlertPreference",
    "AlertSnapshot",
    "Handover",
    "HandoverQuerySet",
    "Incident",
    "IncidentMessage",
    "IncidentQuerySet",
    "Notification",
    "NotificationQuerySet",
]
