"""The helpdesk's models, one module per concern: home notices, support
incidents and alerts each add theirs here."""

from .alerts import AlertDismissal, AlertPreference, AlertSnapshot
from .incidents import Incident, IncidentMessage, IncidentQuerySet
from .notifications import Notification, NotificationQuerySet

__all__ = [
    "AlertDismissal",
    "AlertPreference",
    "AlertSnapshot",
    "Incident",
    "IncidentMessage",
    "IncidentQuerySet",
    "Notification",
    "NotificationQuerySet",
]
