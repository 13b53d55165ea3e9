"""Who runs the coordinators' tools, and on which rows (404 for everything else)."""

from casework.models import Expedient
from casework.scope import user_coordinates
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
