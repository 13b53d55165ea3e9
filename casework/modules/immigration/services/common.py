"""Checks every immigration service shares: the module, the acting
professional's right on the expedient, and the professionals it names."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from configuration.models import User

from ....enums import Module
from ....models import Expedient
from ....services.expedients import ActionNotAllowed
from ..permissions import immigration_professionals, user_can_work_immigration


def ensure_immigration(expedient: Expedient) -> None:
    if expedient.module != Module.IMMIGRATION:
        raise ValidationError(
            _("Only an immigration expedient records immigration actuacions.")
        )


def ensure_right(by: User, expedient: Expedient, right: str, message: str) -> None:
    """Refuse anything but an immigration expedient, then anyone who does not
    hold `right` on this one (`message` says who may)."""
    ensure_immigration(expedient)
    if not user_can_work_immigration(by, expedient, right):
        raise ActionNotAllowed(message)


def check_professionals(area_id: int, **named: User | None) -> None:
    allowed = immigration_professionals(area_id)
    errors = {
        field: _("Choose an active professional of the area who works immigration.")
        for field, user in named.items()
        if user is not None and not allowed.filter(pk=user.pk).exists()
    }
    if errors:
        raise ValidationError(errors)
