"""The EAIA module's fixed lists (domain.md §3.7)."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _


class EaiaPriority(models.TextChoices):
    """The prioritisation criterion: how soon the study, diagnosis and
    assessment are due."""

    URGENT = "urgent", _("Urgent (72 hours)")
    PRIORITY = "priority", _("Priority (15 days)")
    PREFERENTIAL = "preferential", _("Preferential (3 months)")
    ORDINARY = "ordinary", _("Ordinary (6 months)")


# How long each priority gives, from the day it is set.
PRIORITY_TERMS = {
    EaiaPriority.URGENT: timedelta(hours=72),
    EaiaPriority.PRIORITY: timedelta(days=15),
    EaiaPriority.PREFERENTIAL: relativedelta(months=3),
    EaiaPriority.ORDINARY: relativedelta(months=6),
}
ANSWER_TERM = relativedelta(months=6)


def priority_due(priority: str, since: date) -> date:
    """The day the study is due under `priority`, set on `since`."""
    return since + PRIORITY_TERMS[EaiaPriority(priority)]


class EaiaPhase(models.TextChoices):
    """Alta while it is being documented; Obert once Evolució records its
    first administrative situation."""

    REGISTERED = "registered", _("Registered")
    OPEN = "open", _("Open")


class EaiaExpedientType(models.TextChoices):
    HELPLESSNESS = "helplessness", _("Helplessness")  # Desemparament
    JUDICIAL_GUARDIANSHIP = "judicial_guard", _("Judicial guardianship")
    PROTECTIVE_GUARDIANSHIP = "protective_guard", _("Protective guardianship")
    RISK = "risk", _("Risk")
    TUTELAGE = "tutelage", _("Tutelage")
    ASSISTANCE_MEASURES = "assistance", _("Assistance measures")


class EaiaTerritoriality(models.TextChoices):
    """The territoriality criterion of a period, and how another EAIA team
    takes part in it."""

    REFERENCE = "reference", _("Reference")
    CO_REFERENCE = "co_reference", _("Co-reference")
    COLLABORATION = "collaboration", _("Collaboration")


class EaiaThematicScope(models.TextChoices):
    """The thematic scope of an EAIA actuació."""

    FAMILY = "family", _("Family")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    SOCIAL = "social", _("Social and community")
    LEGAL = "legal", _("Legal and judicial")
    PROTECTION = "protection", _("Protection measure")
