"""Closed lists of the helpdesk."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationKind(models.TextChoices):
    """What a home-screen notice is about; incidents and alerts add theirs."""

    BREAK_GLASS = "break_glass", _("Confidential expedient opened")
    INCIDENT_REPLY = "incident_reply", _("Support incident answered")
    INCIDENT_STATE = "incident_state", _("Support incident changed state")
    NEW_ALERTS = "new_alerts", _("New alerts")
    HANDOVER = "handover", _("Expedient handed over")


# --- support incidents (domain.md §6.2) ---------------------------------------


class IncidentCategory(models.TextChoices):
    """What a professional asks the support desk for (domain.md §6.2)."""

    NEW_PROFESSIONAL = "new_professional", _("New professional")
    MERGE_PERSONS = "merge_persons", _("Merge person records")
    MERGE_EXPEDIENTS = "merge_expedients", _("Merge expedients")
    MASS_TRANSFER = "mass_transfer", _("Mass transfer between professionals")
    DELETE_EXPEDIENTS = "delete_expedients", _("Delete expedients")
    DATA_CORRECTION = "data_correction", _("Data correction")
    LISTING_REQUEST = "listing_request", _("Listing request")
    NEW_SECTOR = "new_sector", _("New sector")
    CANNOT_RECORD = "cannot_record", _("Cannot record an item")
    OTHER = "other", _("Other")


class IncidentState(models.TextChoices):
    """open -> updated (support answered) -> resolved -> closed; a reply from
    the professional takes an updated or resolved incident back to open."""

    # Contexts: the state of an incident (Catalan and Spanish agree it in gender).
    OPEN = "open", pgettext_lazy("incident state", "Open")
    UPDATED = "updated", pgettext_lazy("incident state", "Updated")
    RESOLVED = "resolved", pgettext_lazy("incident state", "Resolved")
    CLOSED = "closed", pgettext_lazy("incident state", "Closed")


# Still being worked on: the support queue's default and the home panel's counts.
ACTIVE_INCIDENT_STATES = (IncidentState.OPEN, IncidentState.UPDATED)


class IncidentSide(models.TextChoices):
    """Who wrote a message of an incident's thread."""

    PROFESSIONAL = "professional", _("Professional")
    SUPPORT = "support", _("Support")
