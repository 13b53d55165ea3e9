"""Permission policies of the catalogues and reference tables (style.md G13).

Catalogue rows are scoped by `visible_to(user)`: shared entries plus the user's
own area's. On top of that, a shared entry is the official one: only the support
desk (superusers) changes, deletes, reorders or imports it. Area entries are
managed by the users whose role holds the model permission, in that area only.

The instance checks below work on `area_id` alone, so listings that ask about
every row (edit and delete links) run no query per row.
"""

from django.db import models

from .scope import ScopedPermissionPolicy, policy_for

WRITE_ACTIONS = frozenset({"add", "change", "delete"})
ROW_WRITE_ACTIONS = frozenset({"change", "delete"})


def _is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def has_area_field(model: type[models.Model]) -> bool:
    return any(field.name == "area" for field in model._meta.concrete_fields)


def allows_shared_entries(model: type[models.Model]) -> bool:
    """Return whether `model` has shared rows (no area at all, or a nullable one).

    A model that reaches its area through a relation (`area_lookup`, as subsectors
    do through their sector) always belongs to one area.
    """
    if hasattr(model, "area_lookup"):
        return False
    return not has_area_field(model) or model._meta.get_field("area").null


class CataloguePermissionPolicy(ScopedPermissionPolicy):
    """Shared entries: superusers only; an area's entries: its own role holders."""

    def user_has_permission(self, user, action) -> bool:
        if not _is_signed_in(user):
            return False
        if action in WRITE_ACTIONS and not user.is_superuser and user.area_id is None:
            return False  # an area-less professional has nowhere to write to
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if not self.user_has_permission(user, action):
            return False
        if user.is_superuser:
            return True
        if instance.area_id is None:
            return action not in ROW_WRITE_ACTIONS
        return instance.area_id == user.area_id

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )

    def instances_user_has_permission_for(self, user, action) -> models.QuerySet:
        return self.instances_user_has_any_permission_for(user, [action])

    def instances_user_has_any_permission_for(self, user, actions) -> models.QuerySet:
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser or self._may_view(user, actions):
            return queryset
        return queryset.filter(area__isnull=False)  # writing never reaches shared rows

    def _may_view(self, user, actions) -> bool:
        return "view" in actions and self.user_has_permission(user, "view")

    def _is_visible(self, user, instance) -> bool:
        if not _is_signed_in(user):
            return False
        return (
            user.is_superuser
            or instance.area_id is None
            or instance.area_id == user.area_id
        )


class ReferencePermissionPolicy(ScopedPermissionPolicy):
    """Official reference tables (countries, provinces, municipalities).

    Whoever holds the view permission reads every row; only superusers write.
    """

    def user_has_permission(self, user, action) -> bool:
        if not _is_signed_in(user):
            return False
        if action != "view":
            return user.is_superuser
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def _is_visible(self, user, instance) -> bool:
        return _is_signed_in(user)


def import_area(user, model: type[models.Model]):
    """Return the area an import by `user` writes into; None means shared rows."""
    if user.is_superuser and allows_shared_entries(model):
        return None
    return user.area


def user_can_import(user, model: type[models.Model]) -> bool:
    """Return whether `user` may import rows of `model` (it creates and updates)."""
    policy = policy_for(model)
    if not all(policy.user_has_permission(user, a) for a in ("add", "change")):
        return False
    if import_area(user, model) is not None:
        return True
    return user.is_superuser and allows_shared_entries(model)


def user_can_reorder(user, model: type[models.Model]) -> bool:
    """Return whether `user` may drag rows of `model` into a new order.

    Reordering renumbers every listed row, so it is offered only to a user who may
    change them all: superusers, or an area's manager of a catalogue that has no
    shared rows in their listing.
    """
    policy = policy_for(model)
    if not policy.user_has_permission(user, "change"):
        return False
    if user.is_superuser:
        return True
    if not has_area_field(model):
        return False
    visible = policy.instances_user_has_permission_for(user, "view")
    return not visible.filter(area__isnull=True).exists()


def register_policies() -> None:
    """Give configuration's models their policies (ConfigurationConfig.ready)."""
    from wagtail.permission_policies import ModelPermissionPolicy
    from wagtail.permissions import register_permission_policy

    from . import models as m
    from .scope import SuperuserOnlyPolicy

    register_permission_policy(m.LocalBody, SuperuserOnlyPolicy(m.LocalBody))
    for model in (m.Area, m.Team, m.Sector, m.Subsector, m.WorkSchedule):
        register_permission_policy(model, ScopedPermissionPolicy(model))
    register_permission_policy(m.AreaSettings, ScopedPermissionPolicy(m.AreaSettings))
    for model in (*m.CATALOGUE_MODELS, m.DocumentTemplate):
        register_permission_policy(model, CataloguePermissionPolicy(model))
    for model in (m.Country, m.Province, m.Municipality, m.MotherTongue, m.StreetType):
        register_permission_policy(model, ReferencePermissionPolicy(model))
    register_permission_policy(m.AuditEntry, ModelPermissionPolicy(m.AuditEntry))
    # Configurable forms (issue #22): shared definitions are the support desk's,
    # an area's are its coordinators'; the standard field rules are per area.
    register_permission_policy(m.CustomField, CataloguePermissionPolicy(m.CustomField))
    register_permission_policy(
        m.StandardFieldRule, ScopedPermissionPolicy(m.StandardFieldRule)
    )
