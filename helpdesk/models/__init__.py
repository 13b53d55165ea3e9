"""The helpdesk's models, one module per concern: home notices, support
incidents and alerts each add theirs here."""

from .notifications import Notification, NotificationQuerySet

__all__ = ["Notification", "NotificationQuerySet"]
