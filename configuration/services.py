"""Write-side operations of the configuration app (style.md G9)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from .holdings import holdings_of
from .models import Area, AreaSettings, Sector, Team, User
from .roles import ASSIGNABLE_BY, ROLES, ROLES_BY_NAME, TECNIC_IMMIGRACIO, Role


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


def assignable_roles(user: User) -> tuple[Role, ...]:
    """Return the roles `user` may hand out when creating or editing a professional."""
    if user.is_superuser:
        return ROLES
    held = {
        ROLES_BY_NAME[name].key
        for name in user.groups.values_list("name", flat=True)
        if name in ROLES_BY_NAME
    }
    allowed: dict[str, Role] = {}
    for key in held:
        for role in ASSIGNABLE_BY.get(key, ()):
            allowed[role.key] = role
    return tuple(role for role in ROLES if role.key in allowed)


def _check_assignments(*, professional: User, acting_user: User, groups, teams) -> None:
    errors = {}
    allowed = {role.name for role in assignable_roles(acting_user)}
    previous = (
        set(professional.groups.values_list("name", flat=True))
        if professional.pk
        else set()
    )
    changed = {group.name for group in groups} ^ previous
    if changed - allowed:
        errors["groups"] = _(
            "You may not give or take away these roles: %(roles)s."
        ) % {"roles": ", ".join(sorted(changed - allowed))}
    foreign = [team.name for team in teams if team.area_id != professional.area_id]
    if foreign:
        errors["teams"] = _("These teams belong to another area: %(teams)s.") % {
            "teams": ", ".join(foreign)
        }
    if professional.area_id and professional.is_active and not teams:
        errors["teams"] = _("Every professional belongs to at least one team.")
    immigration = TECNIC_IMMIGRACIO.name
    if not professional.funding_category and any(
        group.name == immigration for group in groups
    ):
        errors["funding_category"] = _(
            "Give an immigration technician their FSE funding category (A, B or C)."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def professional_save(
    *,
    professional: User,
    acting_user: User,
    groups: Iterable[Group] | None = None,
    teams: Iterable[Team] | None = None,
) -> User:
    """Create or update `professional` (unsaved changes) with their roles and teams
    (None: keep a stored professional's; a new one starts with none).

    A new professional joins the acting user's area (a superuser chooses it); roles
    are limited to those the acting user may assign, teams to the professional's area.
    """
    if professional.pk is None and not acting_user.is_superuser:
        professional.area = acting_user.area
    stored = professional.pk is not None
    given_groups, given_teams = groups, teams
    groups = list(
        professional.groups.all() if stored and groups is None else groups or ()
    )
    teams = list(professional.teams.all() if stored and teams is None else teams or ())
    _check_assignments(
        professional=professional, acting_user=acting_user, groups=groups, teams=teams
    )
    professional.save()
    if given_groups is not None:
        professional.groups.set(groups)
    if given_teams is not None:
        professional.teams.set(teams)
    return professional


@transaction.atomic
def professional_deregister(*, professional: User, acting_user: User) -> User:
    """Deregister a professional: sign-in stops at once; the name stays on records.

    Refused while they still hold records, which must be transferred first.
    """
    if professional == acting_user:
        raise ValidationError(_("You cannot deregister yourself."))
    if not professional.is_active:
        raise ValidationError(_("This professional is already deregistered."))
    held = holdings_of(professional)
    if held:
        listing = ", ".join(f"{count} {label}" for label, count in held)
        raise ValidationError(
            _(
                "%(name)s still holds %(listing)s. Transfer them to another "
                "professional first with the transfer tool (Coordinators' tools)."
            )
            % {"name": professional, "listing": listing}
        )
    professional.is_active = False
    professional.deregistered_at = timezone.now()
    professional.save(update_fields=["is_active", "deregistered_at"])
    return professional


@transaction.atomic
def professional_reactivate(*, professional: User, acting_user: User) -> User:
    """Reactivate a deregistered professional."""
    if professional.is_active:
        raise ValidationError(_("This professional is already active."))
    professional.is_active = True
    professional.deregistered_at = None
    professional.save(update_fields=["is_active", "deregistered_at"])
    return professional


@transaction.atomic
def area_save(*, area: Area, acting_user: User) -> Area:
    """Create or update an area; a new area gets its settings with the defaults."""
    area.save()
    AreaSettings.objects.get_or_create(area=area)
    return area


@transaction.atomic
def team_save(
    *,
    team: Team,
    acting_user: User,
    sectors: Iterable[Sector],
    members: Iterable[User] | None = None,
) -> Team:
    """Create or update a team with its sectors and, when given, its members;
    a new team belongs to the acting user's area."""
    if team.pk is None and not acting_user.is_superuser:
        team.area = acting_user.area
    sectors = list(sectors)
    if any(sector.area_id != team.area_id for sector in sectors):
        raise ValidationError(
            {"sectors": _("A team works only in its area's sectors.")}
        )
    team.full_clean()
    team.save()
    team.sectors.set(sectors)
    if members is not None:
        team_members_set(team=team, members=members, acting_user=acting_user)
    return team


def _left_without_team(team: Team, leaving) -> list[User]:
    """The active professionals among `leaving` whose only team is `team`."""
    others = Team.objects.filter(members=OuterRef("pk")).exclude(pk=team.pk)
    return list(
        User.objects.filter(pk__in=[u.pk for u in leaving], is_active=True)
        .exclude(Exists(others))
        .order_by("last_name", "first_name")
    )


@transaction.atomic
def team_members_set(*, team: Team, members, acting_user: User) -> None:
    """Make `members` the team's members (professionals of its area only).

    Each joining or leaving is written on the professional, as when their own
    form changes their teams, so the audit trail lists it under professional
    changes. Refused when an active professional would be left with no team.
    """
    wanted = {member.pk: member for member in members}
    foreign = [str(m) for m in wanted.values() if m.area_id != team.area_id]
    if foreign:
        raise ValidationError(
            {
                "members": _("These professionals belong to another area: %(names)s.")
                % {"names": ", ".join(foreign)}
            }
        )
    current = {member.pk: member for member in team.members.all()}
    leaving = [current[pk] for pk in current.keys() - wanted.keys()]
    stranded = _left_without_team(team, leaving)
    if stranded:
        raise ValidationError(
            {
                "members": _(
                    "Every professional belongs to at least one team: put "
                    "%(names)s in another team before taking them out of this one."
                )
                % {"names": ", ".join(str(user) for user in stranded)}
            }
        )
    for member in leaving:
        member.teams.remove(team)
    for pk in sorted(wanted.keys() - current.keys()):
        wanted[pk].teams.add(team)
