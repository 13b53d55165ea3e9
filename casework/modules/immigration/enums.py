"""The immigration module's closed lists (domain.md §3.6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmigrationReferralSource(models.IntegerChoices):
    """Who sent the person to the immigration and citizenship service."""

    OWN_INITIATIVE = 1, _("Own initiative")
    SOCIAL_SERVICES = 2, _("Basic social services")
    MUNICIPAL_SERVICE = 3, _("Another municipal service")
    EDUCATION = 4, _("School or adult education centre")
    HEALTH = 5, _("Health service")
    ORGANISATION = 6, _("Civic organisation")
    OTHER = 9, _("Other")


class TrainingWay(models.TextChoices):
    """How a first-reception module is recorded (Decree 150/2014)."""

    OWN_COURSE = "own", _("Own course")
    ACCREDITED = "accredited", _("Accredited")
