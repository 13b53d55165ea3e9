"""Checks every SIAD service shares: the module, the acting professional's
right on the expedient, the professionals it names, and the woman."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from configuration.models import User
from directory.models import Person

from ....enums import Module
from ....models import Expedient, LinkedPerson
from ....services.expedients import ActionNotAllowed
from ..permissions import siad_professionals, user_can_work_siad


def ensure_siad(expedient: Expedient) -> None:
    if expedient.module != Module.SIAD:
        raise ValidationError(
            _("Only a women's service expedient records SIAD actuacions and training.")
        )


def ensure_right(by: User, expedient: Expedient, right: str, message: str) -> None:
    """Refuse anything but a women's service expedient, then anyone who does not
    hold `right` on this one (`message` says who may)."""
    ensure_siad(expedient)
    if not user_can_work_siad(by, expedient, right):
        raise ActionNotAllowed(message)


def check_professionals(area_id: int, **named: User | None) -> None:
    allowed = siad_professionals(area_id)
    errors = {
        field: _("Choose an active professional of the area who works SIAD.")
        for field, user in named.items()
        if user is not None and not allowed.filter(pk=user.pk).exists()
    }
    if errors:
        raise ValidationError(errors)


def main_person(expedient: Expedient) -> Person:
    link = LinkedPerson.objects.select_related("person").get(
        expedient=expedient, is_main=True
    )
    return link.person
