"""Casework's policy and rights: who may do what with an expedient.

Two layers, always in this order (style.md G13): rows come from
`visible_to(user)` (casework.scope: area, module, territory,
confidentiality); actions from the role's Django permissions and the rules
below. Each module declares its own rights once (casework.modules:
`ModuleSpec.open_permission`, `view_permission`, `change_permission`,
`reopen_permission`, `approve_permission`); the rights every module shares
are named here. Services check these before acting; views and panels ask them
to show or hide a button.

Nothing here imports casework's models: the scope (imported by the models)
reads `user_modules`, `user_coordinates` and `user_sector_ids` from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Q

from configuration.models import Sector, User
from configuration.scope import ScopedPermissionPolicy

from .modules import get_module, modules_readable_by

if TYPE_CHECKING:
    from .models import Expedient

# Coordinators: their teams' expedients, confidential ones included; reopening,
# transfers anywhere in the area, the coordinators' tools.
COORDINATION_RIGHT = "casework.coordinate_expedients"
# Roles of direct care record actuacions; administrative roles never do.
DIRECT_CARE_RIGHT = "casework.add_actuacio"
# Who changes who is responsible for a case where its sector is theirs: TS/ES
# and family workers; never administrative roles (domain.md §2.3, §2.4).
REFERENCE_CHANGE_RIGHT = "casework.change_reference_professional"
# Who moves an expedient between their own teams' sectors (domain.md §4.5).
TRANSFER_RIGHT = "casework.transfer_expedient"
# Who unlinks a person from an expedient (coordinators, domain.md §4.6).
UNLINK_RIGHT = "casework.delete_linkedperson"
# Who downloads a person's data-access report (coordinators).
REPORT_RIGHT = "casework.report_person_access"

# The models whose rows are scoped by casework.scope, each with the scope kit's
# policy (configuration.scope.ScopedPermissionPolicy); the modules' own tables
# join them (register_policies).
SCOPED_MODELS = (
    "Expedient",
    "LinkedPerson",
    "Housing",
    "Actuacio",
    "Demand",
    "ProblemRecord",
    "Resource",
    "Tramit",
    "InterventionPlan",
    "PlanObjective",
    "Document",
)


def register_policies() -> None:
    """Give every casework model its permission policy (CaseworkConfig.ready):
    the scope kit's, or the module-item policy for the items a module's own
    right reaches (MODULE_ITEM_RIGHTS)."""
    from wagtail.permissions import register_permission_policy

    from configuration.scope import ScopedPermissionPolicy

    from .modules import module_models

    casework = apps.get_app_config("casework")
    first, *others = (casework.get_model(name) for name in SCOPED_MODELS)
    for model in (first, *module_models(), *others):
        register_permission_policy(model, ScopedPermissionPolicy(model))
    for name, module_field in MODULE_ITEM_RIGHTS.items():
        model = casework.get_model(name)
        register_permission_policy(model, ModuleItemPolicy(model, module_field))


# --- items: the roles' rights, or a module's own in its expedients ----------------
# An item whose module may name a right of its own (a ModuleSpec field naming a
# Django permission): with it, the module's professionals add and change that
# item in the module's expedients only; the roles' item rights
# ("casework.add_tramit", …) reach every expedient they see. Tràmits:
# immigration; documents: home care, the women's service, immigration and
# EAIA. Deleting stays the roles' right (the coordinators' tool).
MODULE_ITEM_RIGHTS = {
    "tramit": "tramit_permission",
    "document": "document_permission",
}
MODULE_ITEM_ACTIONS = ("add", "change")


def modules_granting(user, module_field: str) -> list[str]:
    """The keys of the modules whose own right `module_field` (a ModuleSpec
    field, "tramit_permission") `user` holds."""
    from .modules import modules

    return [
        module.key
        for module in modules()
        if getattr(module, module_field)
        and user.has_perm(getattr(module, module_field))
    ]


def item_modules(user, model_name: str, action: str = "add") -> list[str] | None:
    """Where `user` may `action` (add, change…) items `model_name` ("tramit"):
    None in every expedient they see (the role's right), else the keys of the
    modules whose own right for the item they hold (maybe none)."""
    if user.has_perm(f"casework.{action}_{model_name}"):
        return None
    module_field = MODULE_ITEM_RIGHTS.get(model_name)
    if not (module_field and action in MODULE_ITEM_ACTIONS and user.is_active):
        return []
    return modules_granting(user, module_field)


def user_can_record_item(user, expedient, model_name: str, action: str = "add") -> bool:
    """Whether `user`'s rights let them `action` an item `model_name` of
    `expedient` (its scope is checked apart): the role's right anywhere, or
    the module's own right in that module's expedients."""
    keys = item_modules(user, model_name, action)
    return keys is None or expedient.module in keys


def user_can_record_tramit(user, expedient, action: str = "add") -> bool:
    return user_can_record_item(user, expedient, "tramit", action)


def user_can_file_document(user, expedient, action: str = "add") -> bool:
    """Filing (and generating) a document in `expedient`, or changing one."""
    return user_can_record_item(user, expedient, "document", action)


class ModuleItemPolicy(ScopedPermissionPolicy):
    """An item's policy when a module may name its own right for it
    (`module_field` of ModuleSpec): the roles' rights in every expedient they
    see; a module's own right only in that module's expedients."""

    def __init__(self, model, module_field: str):
        super().__init__(model)
        self.module_field = module_field

    def _module_only(self, user, action) -> list[str]:
        """The modules a module's own right reaches, when the role's does not."""
        if (
            action not in MODULE_ITEM_ACTIONS
            or not user.is_active
            or super().user_has_permission(user, action)
        ):
            return []
        return modules_granting(user, self.module_field)

    def user_has_permission(self, user, action) -> bool:
        return super().user_has_permission(user, action) or bool(
            self._module_only(user, action)
        )

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        keys = self._module_only(user, action)
        if keys:
            return self.model._default_manager.visible_to(user).filter(
                expedient__module__in=keys
            )
        return super().instances_user_has_permission_for(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        rows = self.model._default_manager.none()
        for action in actions:
            rows = rows | self.instances_user_has_permission_for(user, action)
        return rows

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return (
            self.instances_user_has_permission_for(user, action)
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )


# --- who the user is --------------------------------------------------------------


def user_modules(user) -> list[str]:
    """The keys of the modules whose expedients `user`'s roles let them read."""
    return [module.key for module in modules_readable_by(user)]


def user_coordinates(user) -> bool:
    return bool(user.is_active and user.has_perm(COORDINATION_RIGHT))


# A user's teams and sectors, read once within `remembered_reach()`.
_REMEMBERED: ContextVar[dict | None] = ContextVar("llar_remembered_reach", default=None)


@contextmanager
def remembered_reach() -> Iterator[None]:
    """Within the block, each user's teams and sectors are read once.

    A screen that builds several scoped querysets for the same user (the
    alerts panel: its expedients, then home care's and EAIA's own) read them
    again for each, three times a panel (`make bench`). Only inside the
    block: a change of the user's teams made after it is seen at once."""
    if _REMEMBERED.get() is not None:
        yield  # an outer block remembers already
        return
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def _remembered(kind: str, user, read: Callable[[], list[int]]) -> list[int]:
    memo = _REMEMBERED.get()
    if memo is None:
        return read()
    key = (kind, user.pk)
    if key not in memo:
        memo[key] = read()
    return list(memo[key])


def user_sector_ids(user) -> list[int]:
    return _remembered(
        "sectors",
        user,
        lambda: list(
            Sector.objects.filter(teams__members=user, teams__is_active=True)
            .values_list("pk", flat=True)
            .distinct()
        ),
    )


def user_team_ids(user) -> list[int]:
    return _remembered(
        "teams", user, lambda: list(user.teams.values_list("pk", flat=True))
    )


# --- what they may do with an expedient --------------------------------------------


def user_can_open(user, module_key: str) -> bool:
    """Whether `user` may open expedients of the module `module_key`."""
    module = get_module(module_key)
    return bool(module and module.may_open(user))


def user_can_change_expedient(user, expedient) -> bool:
    """The cover of an open expedient, by the module's change right."""
    module = get_module(expedient.module)
    return bool(expedient.is_open and module and module.may_change(user))


def user_coordinates_area(user, expedient: Expedient) -> bool:
    return bool(user.area_id == expedient.area_id and user_coordinates(user))


# Roles of direct care record actuacions; administrative roles never do.
DIRECT_CARE_RIGHT = "casework.add_actuacio"
# Who changes who is responsible for a case where its sector is theirs: TS/ES
# and family workers; never administrative roles (domain.md §2.3, §2.4).
REFERENCE_CHANGE_RIGHT = "casework.change_reference_professional"
# Who moves an expedient between their own teams' sectors (domain.md §4.5).
TRANSFER_RIGHT = "casework.transfer_expedient"


def user_can_change_reference(user, expedient: Expedient) -> bool:
    """Coordinators anywhere in their area; TS/ES and family workers only in
    their teams' sectors; administrative roles never (domain.md §2.3, §4.4)."""
    if user.is_superuser or user_coordinates_area(user, expedient):
        return True
    return (
        user.has_perm(REFERENCE_CHANGE_RIGHT)
        and user.area_id == expedient.area_id
        and expedient.sector_id in user_sector_ids(user)
    )


def transfer_sectors(user, expedient: Expedient):
    """The sectors `user` may move `expedient` to (its own one included): a
    coordinator of its area, any active sector of the area; a holder of the
    transfer right, the active sectors of their teams, and only for an
    expedient in one of them (domain.md §4.5). None for anyone else."""
    sectors = Sector.objects.filter(area_id=expedient.area_id, is_active=True)
    if user_coordinates_area(user, expedient):
        return sectors
    if not (user.has_perm(TRANSFER_RIGHT) and user.area_id == expedient.area_id):
        return sectors.none()
    own = user_sector_ids(user)
    if expedient.sector_id not in own:
        return sectors.none()
    return sectors.filter(pk__in=own)


def user_can_transfer(user, expedient: Expedient) -> bool:
    return expedient.is_open and transfer_sectors(user, expedient).exists()


def reference_holders(users, modules):
    """Those of `users` who may be the reference professional of expedients of
    `modules`: direct care in each module (its expedients and their
    actuacions), so never a trainee or front-desk staff."""
    for module in modules:
        users = users.with_permission(get_module(module).view_permission)
    return users.with_permission(DIRECT_CARE_RIGHT)


def user_can_close(user, expedient: Expedient | None = None) -> bool:
    """Closing ends the intervention: technical roles and coordinators, never
    administrative roles (domain.md §2.4: close and reopen are the TS/ES's).
    A module that names its own closing right (`ModuleSpec.close_permission`:
    the women's service, closed by its technicians and coordinators) decides
    for its expedients."""
    module = get_module(expedient.module) if expedient is not None else None
    right = (module and module.close_permission) or DIRECT_CARE_RIGHT
    return bool(user.is_superuser or user.has_perm(right))


def user_can_reopen(user, expedient: Expedient) -> bool:
    module = get_module(expedient.module)
    return bool(module and module.may_reopen(user))


def who_can_reopen(expedient: Expedient) -> list[User]:
    """The active professionals of the area who may reopen `expedient`: those
    sharing a team with its reference professional first (its coordinators)."""
    module = get_module(expedient.module)
    permission = module.reopen_permission if module else ""
    if not permission:
        return []
    app_label, codename = permission.split(".")
    holders = (
        User.objects.filter(area_id=expedient.area_id, is_active=True)
        .filter(
            Q(groups__permissions__codename=codename)
            | Q(user_permissions__codename=codename),
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    teams = Q(teams__members=expedient.reference_professional_id)
    close = list(holders.filter(teams))
    return close or list(holders)


def user_may_break_glass(user, expedient_pk) -> bool:
    """Whether `user` may open this confidential expedient by break-glass
    (casework.services.break_glass)."""
    Expedient = apps.get_model("casework", "Expedient")
    return Expedient.objects.break_glass_for(user).filter(pk=expedient_pk).exists()
