"""Who runs the coordinators' tools, and on which rows (404 for everything else)."""

from casework.models import Expedient
from casework.permissions import TRANSFER_RIGHT, user_coordinates, user_sector_ids
from configuration.models import User
from directory.models import Person


def user_runs_tools(user) -> bool:
    """Coordinators of an area; nobody else (superusers have no area)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.area_id is not None
        and user_coordinates(user)
    )


def tool_professionals(user):
    """The professionals of the coordinator's area, deregistered ones included
    (the area scope every listing of professionals uses)."""
    return User.objects.visible_to(user).filter(area_id=user.area_id)


def tool_expedients(user):
    """The expedients the coordinator sees (their teams' and their sectors')."""
    return Expedient.objects.visible_to(user).filter(area_id=user.area_id)


def tool_persons(user):
    """The current person records of the coordinator's area."""
    return Person.objects.visible_to(user).current().filter(area_id=user.area_id)


def user_transfers_expedients(user) -> bool:
    """Coordinators, and technicians holding the transfer right for the
    expedients of their teams' sectors (domain.md §4.5)."""
    return user_runs_tools(user) or bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.area_id is not None
        and user.has_perm(TRANSFER_RIGHT)
    )


def transferable_expedients(user):
    """The expedients `user` may open the transfer for: a coordinator's tool
    scope; a technician's visible expedients in their teams' sectors."""
    if user_runs_tools(user):
        return tool_expedients(user)
    return Expedient.objects.visible_to(user).filter(
        area_id=user.area_id, sector_id__in=user_sector_ids(user)
    )
