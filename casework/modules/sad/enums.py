"""Closed lists of home care (SAD) that its rules depend on (domain.md §3.4)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class HomeCareEventKind(models.TextChoices):
    """The state events of a home-care service, in the order they may happen."""

    INFORMATION = "information", _("Information gathering")
    START = "start", _("Service start")
    MODIFICATION = "modification", _("Modification")
    SUSPENSION = "suspension", _("Suspension")
    RESUMPTION = "resumption", _("Resumption")
    END = "end", _("Service end")


class HomeCareEventStatus(models.TextChoices):
    PROPOSED = "proposed", _("Pending")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


# After an approved event of these kinds the service is running.
RUNNING_KINDS = (
    HomeCareEventKind.START,
    HomeCareEventKind.MODIFICATION,
    HomeCareEventKind.RESUMPTION,
)
# These events carry the service's characteristics as defined at that stage.
DEFINING_KINDS = (HomeCareEventKind.START, HomeCareEventKind.MODIFICATION)
# Approved at most once in a home-care expedient.
ONCE_KINDS = (
    HomeCareEventKind.INFORMATION,
    HomeCareEventKind.START,
    HomeCareEventKind.END,
)


class WorkPlanPeriodicity(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# Eight hours a day, every day: far above what the regulations grant (a grade
# III dependency gets up to 70 hours a month), so only a typing slip is refused.
MAX_WEEKLY_HOURS = Decimal(56)
# One visit of a work plan lasts at most a working day.
MAX_VISIT_HOURS = Decimal(12)
