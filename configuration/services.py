"""Write-side operations of the configuration app (style.md G9)."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .roles import ROLES, Role


@dataclass
class RoleSyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _permissions_for(role: Role) -> set[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in role.permissions}
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
    }
    missing = sorted(f"{app}.{code}" for app, code in wanted - found.keys())
    if missing:
        raise ImproperlyConfigured(
            f"Role {role.name!r} names permissions that do not exist: "
            f"{', '.join(missing)}. Run migrate first, or fix configuration/roles.py."
        )
    return {found[key] for key in wanted}


@transaction.atomic
def roles_sync(*, roles: tuple[Role, ...] = ROLES) -> RoleSyncResult:
    """Create or update one group per role with exactly the role's permissions.

    Idempotent: a second run reports every role unchanged. Permissions added to a
    group by hand are removed, because roles are defined in code only.
    """
    result = RoleSyncResult()
    for role in roles:
        group, created = Group.objects.get_or_create(name=role.name)
        wanted = _permissions_for(role)
        current = set(group.permissions.all())
        if wanted != current:
            group.permissions.set(wanted)
        if created:
            result.created.append(role.name)
        elif wanted != current:
            result.updated.append(role.name)
        else:
            result.unchanged.append(role.name)
    return result
