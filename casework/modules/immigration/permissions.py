"""Who may do what in the immigration module (domain.md §2.4, §3.6).

Two layers, as everywhere (style.md G13): the rows come from the module's scope
(`scope.py`); the actions from the role's rights, granted in
configuration/roles.py (`IMMIGRATION_WORK`): immigration technicians and
coordinators.
"""

from django.db import models
from django.utils.translation import gettext as _

from configuration.models import User
from configuration.scope import ScopedPermissionPolicy

from .models import (
    ImmigrationActuacio,
    ImmigrationAttendance,
    ImmigrationCase,
    ImmigrationCourseClass,
    ImmigrationTrainingModule,
)
from .scope import visible_immigration_cases

IMMIGRATION_VIEW_RIGHT = "casework.view_immigrationcase"
IMMIGRATION_OPEN_RIGHT = "casework.add_immigrationcase"
IMMIGRATION_CHANGE_RIGHT = "casework.change_immigrationcase"
ACTUACIO_ADD_RIGHT = "casework.add_immigrationactuacio"
ACTUACIO_CHANGE_RIGHT = "casework.change_immigrationactuacio"


def user_can_open_immigration(user) -> tuple[bool, str]:
    """Whether `user` may open an immigration expedient, and if not why."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False, _("Sign in to open an expedient.")
    if user.area_id is None or not user.has_perm(IMMIGRATION_OPEN_RIGHT):
        return False, _(
            "Only an immigration technician or a coordinator may open an "
            "immigration expedient."
        )
    return True, ""


def user_can_work_immigration(user, expedient, right: str) -> bool:
    """Whether `user` holds `right` and sees the immigration `expedient`."""
    return bool(
        user.is_active
        and user.has_perm(right)
        and visible_immigration_cases(user).filter(pk=expedient.pk).exists()
    )


def immigration_professionals(area_id: int | None) -> models.QuerySet:
    """The active professionals of the area who work immigration expedients:
    who may be an expedient's reference professional or an actuació's
    responsible one."""
    return (
        User.objects.filter(area_id=area_id, is_active=True)
        .with_permission(IMMIGRATION_VIEW_RIGHT)
        .with_permission(ACTUACIO_ADD_RIGHT)
    )


# The module's permission policies, registered before its viewsets
# (registration.py); every screen and chooser reaches rows through them.
POLICIES = {
    model: ScopedPermissionPolicy(model)
    for model in (
        ImmigrationCase,
        ImmigrationActuacio,
        ImmigrationTrainingModule,
        ImmigrationCourseClass,
        ImmigrationAttendance,
    )
}
