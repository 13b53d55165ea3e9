"""The closed lists of the returns: which table a variable reads, and how
things are dated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Breakdown(models.TextChoices):
    """The tables a return is built from (reports.breakdowns): each is one query."""

    PERSONS_AGE_SEX = "persons_age_sex", _("Persons attended by age group and sex")
    PERSONS_NATIONALITY_SEX = (
        "persons_nationality_sex",
        _("Persons attended by nationality and sex"),
    )
    EXPEDIENTS = "expedients", _("Expedients worked, new or continuing, by state")
    PROBLEMS = "problems", _("Problems by RUDEL type")
    BENEFITS = "benefits", _("Benefits granted by portfolio code")
    STAFF = "staff", _("Professionals by role")
    ENERGY_BY_STATE = (
        "energy_by_state",
        _("Household-supply aids (2.3.7) by benefit and state"),
    )
    ENERGY_BY_CHANNEL = (
        "energy_by_channel",
        _("Household-supply aids (2.3.7) by how the case arrived and state"),
    )
    ENERGY_DENIALS = (
        "energy_denials",
        _("Household-supply aids (2.3.7) denied, by reason"),
    )


class DateBasis(models.TextChoices):
    """The counting choice of domain.md §5.2."""

    HAPPENED = "happened", _("By the date it happened")
    REGISTERED = "registered", _("By the date it was registered")


class ReturnKind(models.TextChoices):
    RUDEL_FITXA1 = "rudel_fitxa1", _("RUDEL Fitxa 1")
    ENERGY_POVERTY = (
        "energy_poverty",
        _("Urgent aids for household supplies (energy poverty)"),
    )
