"""Closed lists of the helpdesk."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a home-screen notice is about; incidents and alerts add theirs."""

    BREAK_GLASS = "break_glass", _("Confidential expedient opened")
