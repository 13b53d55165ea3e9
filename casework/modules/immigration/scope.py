"""Who sees an immigration expedient and what is recorded in it.

The module adds no rule of its own to the expedients' scope (casework/scope.py):
a professional sees one when it is of their area, their roles give them the
module (`casework.view_immigrationcase`: immigration technicians and
coordinators) and it is in their territory (its sector is one of their teams',
they are named on it, or they coordinate its reference professional's team).
Another module's technician (SIAD, basic social services) and another area
never see it: 404.
"""

from django.db import models

from .models import ImmigrationActuacio, ImmigrationCase


def visible_immigration_cases(user) -> models.QuerySet:
    """Return the immigration expedients `user` may read."""
    return ImmigrationCase.objects.visible_to(user)


def visible_immigration_actuacions(user) -> models.QuerySet:
    """Return the (not deleted) immigration actuacions of the expedients `user`
    reads."""
    return ImmigrationActuacio.objects.visible_to(user)
