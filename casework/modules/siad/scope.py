"""Who sees a women's service expedient and what is recorded in it.

The module adds no rule of its own to the expedients' scope (casework/scope.py,
built on configuration's scope kit): a women's service expedient is always
confidential, so the shared rule reads as domain.md §3.5 asks. A professional
sees one when it is of their area, their roles give them the module
(`casework.view_womensservicecase`: SIAD technicians and coordinators), and
either they are named on it (reference or co-reference professional), or they
coordinate a team its reference professional belongs to, or they opened it by
break-glass and the grant still runs. A SIAD technician of the territory who
is not named on it may open it only by break-glass; a basic social services
worker following the woman has no SIAD module, so not even break-glass reaches
it (break-glass lifts the confidentiality barrier only). Outside scope: 404.
"""

from django.db import models

from .models import (
    SiadActuacio,
    SiadTrainingAssignment,
    SiadTrainingSession,
    WomensServiceCase,
)


def visible_siad_cases(user) -> models.QuerySet:
    """Return the women's service expedients `user` may read."""
    return WomensServiceCase.objects.visible_to(user)


def siad_cases_for_break_glass(user) -> models.QuerySet:
    """Return the women's service expedients `user` may open only by break-glass."""
    return WomensServiceCase.objects.break_glass_for(user)


def visible_siad_actuacions(user) -> models.QuerySet:
    """Return the (not deleted) SIAD actuacions of the expedients `user` reads."""
    return SiadActuacio.objects.visible_to(user)


def visible_siad_training(user) -> models.QuerySet:
    """Return the training resources assigned in the expedients `user` reads."""
    return SiadTrainingAssignment.objects.visible_to(user)


def visible_siad_sessions(user) -> models.QuerySet:
    return SiadTrainingSession.objects.visible_to(user)
