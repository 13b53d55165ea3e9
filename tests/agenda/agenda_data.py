"""An area for agenda tests: the casework territory, its timetables (Monday to
Friday 9:00–14:00 in the first sector), a front desk and another area."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from agenda import services
from agenda.services import Details
from configuration import roles
from configuration.models import User, WorkSchedule
from tests.factories import professional
from tests.factories.casework import Territory, resident, territory


@dataclass
class World:
    t: Territory
    front_desk: User  # auxiliar of the area, in no team of the others
    other: Territory  # another area


def next_weekday(weekday: int, *, weeks_ahead: int = 1) -> date:
    """A `weekday` (0 Monday) at least a week from today."""
    day = date.today() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def last_weekday(weekday: int) -> date:
    """The last `weekday` before today."""
    day = date.today() - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def timetable(user: User, sector, *, weekdays=range(5), start=9, end=14) -> None:
    for weekday in weekdays:
        WorkSchedule.objects.create(
            professional=user,
            sector=sector,
            weekday=weekday,
            starts_at=time(start),
            ends_at=time(end),
        )


def world() -> World:
    t = territory()
    for user in (t.worker, t.teammate, t.coordinator, t.administrative):
        timetable(user, t.sector)
    timetable(t.outsider, t.other_sector)
    front_desk = professional(roles.AUXILIAR, area=t.area)
    front_desk.teams.add(t.other_team)
    return World(t=t, front_desk=front_desk, other=territory())


def at(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


def visit(w: World, *, by=None, on=None, start=(10, 0), end=(10, 45), **kwargs):
    """An interview of a resident with the territory's worker, booked by the
    front desk unless said otherwise."""
    t = w.t
    values = {
        "acting_user": by or w.front_desk,
        "professionals": [t.worker],
        "persons": kwargs.pop("persons", None) or [resident(t)],
        "sector": t.sector,
        "on": on or next_weekday(0),
        "starts_at": at(*start),
        "ends_at": at(*end),
        "details": kwargs.pop("details", None) or Details(),
        **kwargs,
    }
    return services.book_appointment(**values)
