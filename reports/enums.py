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

    SIAD_WOMEN_AGE_SEX = (
        "siad_women_age_sex",
        _("Women attended by the SIAD by age group"),
    )
    SIAD_BY_SERVICE = "siad_by_service", _("SIAD actuacions by attending service")
    SIAD_BY_AREA = "siad_by_area", _("SIAD actuacions by consultation area")
    SIAD_BY_TYPE = "siad_by_type", _("SIAD actuacions by consultation type")
    SIAD_BY_VIOLENCE = (
        "siad_by_violence",
        _("SIAD actuacions by violence situation detected"),
    )
    SIAD_BY_CHANNEL = "siad_by_channel", _("SIAD actuacions by channel")
    SIAD_BY_REFERRAL = "siad_by_referral", _("SIAD actuacions by referral source")
    EAIA_NEW_BY_PRIORITY = (
        "eaia_new_by_priority",
        _("New EAIA cases by month and prioritisation criterion"),
    )
    EAIA_NEW_BY_ORIGIN = (
        "eaia_new_by_origin",
        _("New EAIA cases by month and case origin"),
    )
    EAIA_IN_FORCE_BY_TYPE = (
        "eaia_in_force_by_type",
        _("EAIA cases in force at the end of each month by expedient type"),
    )
    EAIA_IN_FORCE_BY_TERRITORIALITY = (
        "eaia_in_force_by_territory",
        _("EAIA cases in force at the end of each month by territoriality"),
    )
    EAIA_REPORTS = (
        "eaia_reports",
        _("Reports to DGAIA/SAIA and case syntheses by month"),
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
    ICD = "icd", _("Memòria ICD (SIAD)")
    DGAIA_MONTHLY = "dgaia_monthly", _("DGAIA/SAIA monthly figures (EAIA)")
