"""The eight alert types of the home screen's "Alertes i tasques" (domain.md §4.8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    PLAN_EXPIRED = "plan_expired", _("Intervention plans expired")
    PLAN_EXPIRING = "plan_expiring", _("Intervention plans about to expire")
    RESOURCE_EXPIRED = "resource_expired", _("Granted resources past their end date")
    RESOURCE_PENDING = "resource_pending", _("Resources pre-assigned for over a month")
    INACTIVE_EXPEDIENT = (
        "inactive_expedient",
        _("Open expedients with no activity for a year"),
    )
    NO_MUNICIPALITY = (
        "no_municipality",
        _("Persons without a municipality of residence"),
    )
    DECEASED_PERSON = "deceased_person", _("Deceased persons in open expedients")
    PROBLEM_EXPIRED = "problem_expired", _("Problems past their end date")


# The kinds a professional may dismiss for good, one alert at a time.
DISMISSABLE_KINDS = frozenset({AlertKind.RESOURCE_EXPIRED})
