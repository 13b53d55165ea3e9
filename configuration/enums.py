from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalBodyKind(models.TextChoices):
    TOWN_COUNCIL = "ajuntament", _("Town council")
    COUNTY_COUNCIL = "consell_comarcal", _("County council")
    ASSOCIATION = "mancomunitat", _("Association of municipalities")
    CONSORTIUM = "consorci", _("Consortium")


class TeamKind(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial")
    THEMATIC = "thematic", _("Thematic")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
