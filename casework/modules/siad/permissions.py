"""Who may do what in the women's service (SIAD) module (domain.md §2.4, §3.5).

Two layers, as everywhere (style.md G13): the rows come from the module's scope
(`scope.py`: the professionals named on the expedient, their coordinators, and
a running break-glass grant); the actions from the role's rights, granted in
configuration/roles.py (`SIAD_WORK`): SIAD technicians and coordinators.
"""

from django.db import models
from django.utils.translation import gettext as _

from configuration.models import User
from configuration.scope import ScopedPermissionPolicy

from .models import (
    SiadActuacio,
    SiadTrainingAssignment,
    SiadTrainingSession,
    WomensServiceCase,
)
from .scope import visible_siad_cases

SIAD_VIEW_RIGHT = "casework.view_womensservicecase"
SIAD_OPEN_RIGHT = "casework.add_womensservicecase"
SIAD_CHANGE_RIGHT = "casework.change_womensservicecase"
SIAD_REOPEN_RIGHT = "casework.reopen_womensservicecase"
ACTUACIO_ADD_RIGHT = "casework.add_siadactuacio"
ACTUACIO_CHANGE_RIGHT = "casework.change_siadactuacio"
TRAINING_ADD_RIGHT = "casework.add_siadtrainingassignment"
TRAINING_CHANGE_RIGHT = "casework.change_siadtrainingassignment"
SESSION_ADD_RIGHT = "casework.add_siadtrainingsession"
SESSION_CHANGE_RIGHT = "casework.change_siadtrainingsession"


def user_can_open_siad(user) -> tuple[bool, str]:
    """Whether `user` may open a women's service expedient, and if not why."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False, _("Sign in to open an expedient.")
    if user.area_id is None or not user.has_perm(SIAD_OPEN_RIGHT):
        return False, _(
            "Only a SIAD technician or a coordinator may open a women's service "
            "expedient."
        )
    return True, ""


def user_can_work_siad(user, expedient, right: str) -> bool:
    """Whether `user` holds `right` and sees the women's service `expedient`
    (named on it, a coordinator of their teams, or a running break-glass)."""
    return bool(
        user.is_active
        and user.has_perm(right)
        and visible_siad_cases(user).filter(pk=expedient.pk).exists()
    )


def siad_professionals(area_id: int) -> models.QuerySet:
    """The active professionals of the area who work SIAD expedients: who may be
    an expedient's reference professional or an actuació's responsible one."""
    return (
        User.objects.filter(area_id=area_id, is_active=True)
        .with_permission(SIAD_VIEW_RIGHT)
        .with_permission(ACTUACIO_ADD_RIGHT)
    )


# The module's permission policies: the lead registers them with
# `register_permission_policy` before the module's viewsets (README, "Scoping a
# new model"); every screen and chooser then reaches rows through them.
POLICIES = {
    model: ScopedPermissionPolicy(model)
    for model in (
        WomensServiceCase,
        SiadActuacio,
        SiadTrainingAssignment,
        SiadTrainingSession,
    )
}
