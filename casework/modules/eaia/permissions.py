"""Who may do what in the child and adolescent protection (EAIA) module
(domain.md §2.4, §3.7).

Two layers, as everywhere (style.md G13): the rows come from the shared scope
(casework/scope.py: the module's view right, area, territory,
confidentiality); the actions from the role's rights, granted in
configuration/roles.py (`EAIA_WORK`): EAIA technicians and coordinators.
"""

from django.db import models
from django.utils.translation import gettext as _

from configuration.models import User
from configuration.scope import ScopedPermissionPolicy

from .models import ChildProtectionCase, EaiaActuacio, EaiaEvolution

EAIA_VIEW_RIGHT = "casework.view_childprotectioncase"
EAIA_OPEN_RIGHT = "casework.add_childprotectioncase"
EAIA_CHANGE_RIGHT = "casework.change_childprotectioncase"
EVOLUTION_ADD_RIGHT = "casework.add_eaiaevolution"
EVOLUTION_CHANGE_RIGHT = "casework.change_eaiaevolution"
EVOLUTION_DELETE_RIGHT = "casework.delete_eaiaevolution"
ACTUACIO_ADD_RIGHT = "casework.add_eaiaactuacio"
ACTUACIO_CHANGE_RIGHT = "casework.change_eaiaactuacio"


def visible_eaia_cases(user) -> models.QuerySet:
    """Return the EAIA expedients `user` may read."""
    return ChildProtectionCase.objects.visible_to(user)


def user_can_open_eaia(user) -> tuple[bool, str]:
    """Whether `user` may open an EAIA expedient, and if not why."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False, _("Sign in to open an expedient.")
    if user.is_superuser:
        return True, ""
    if user.area_id is None or not user.has_perm(EAIA_OPEN_RIGHT):
        return False, _(
            "Only an EAIA technician or a coordinator may open a child "
            "protection expedient."
        )
    return True, ""


def user_can_work_eaia(user, expedient, right: str) -> bool:
    """Whether `user` holds `right` and sees the EAIA `expedient`."""
    return bool(
        getattr(user, "is_active", False)
        and user.has_perm(right)
        and visible_eaia_cases(user).filter(pk=expedient.pk).exists()
    )


def eaia_professionals(area_id: int | None) -> models.QuerySet:
    """The active professionals of the area who work EAIA expedients."""
    return (
        User.objects.filter(area_id=area_id, is_active=True)
        .with_permission(EAIA_VIEW_RIGHT)
        .with_permission(ACTUACIO_ADD_RIGHT)
    )


# The module's item policies (the expedient's own is registered with every
# module's table by casework.permissions.register_policies).
POLICIES = {
    model: ScopedPermissionPolicy(model) for model in (EaiaEvolution, EaiaActuacio)
}
