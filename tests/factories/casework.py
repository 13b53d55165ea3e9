"""Building blocks for casework tests: an area with a territory, people living
in it, and open expedients, all made through the services."""

from dataclasses import dataclass

from casework.models import BasicCase
from casework.services import expedient_open
from configuration import roles
from configuration.models import Area, Sector, Team, User
from directory.models import Person
from directory.services import person_save

from .configuration import (
    AreaFactory,
    MunicipalityFactory,
    SectorFactory,
    TeamFactory,
    professional,
)


@dataclass
class Territory:
    """An area with two sectors, one team for each, and their professionals."""

    area: Area
    sector: Sector
    other_sector: Sector
    team: Team
    other_team: Team
    worker: User  # technician of `team`
    teammate: User  # another technician of `team`
    outsider: User  # technician of `other_team` (same area, other sector)
    coordinator: User  # coordinator of `team`
    administrative: User  # administrative officer of `team`


def territory(**area_fields) -> Territory:
    area = AreaFactory(**area_fields)
    sector = SectorFactory(area=area)
    other_sector = SectorFactory(area=area)
    team = TeamFactory(area=area)
    team.sectors.set([sector])
    other_team = TeamFactory(area=area)
    other_team.sectors.set([other_sector])

    def member(role, of):
        user = professional(role, area=area)
        user.teams.add(of)
        return user

    return Territory(
        area=area,
        sector=sector,
        other_sector=other_sector,
        team=team,
        other_team=other_team,
        worker=member(roles.TECNIC, team),
        teammate=member(roles.TECNIC, team),
        outsider=member(roles.TECNIC, other_team),
        coordinator=member(roles.COORDINADOR, team),
        administrative=member(roles.ADMINISTRATIU, team),
    )


def resident(t: Territory, *, municipality=None, **fields) -> Person:
    """A person of the area living in its first sector's municipality."""
    values = {
        "first_name": "Anna",
        "surname1": "Serra",
        "surname2": "Vila",
        "residence_municipality": municipality or t.sector.municipality,
        **fields,
    }
    person = Person(area=t.area, reference_professional=t.worker, **values)
    return person_save(person=person, acting_user=t.worker)


def outsider_person(t: Territory, **fields) -> Person:
    """A person of the area whose residence is outside the area."""
    return resident(t, municipality=MunicipalityFactory(), **fields)


def basic_case(t: Territory, person: Person | None = None, *, by=None, **fields):
    person = person or resident(t)
    by = by or t.worker
    case = BasicCase(
        area=t.area,
        sector=fields.pop("sector", t.sector),
        reference_professional=fields.pop("reference_professional", by),
        family_name=fields.pop("family_name", f"{person.surname1} {person.surname2}"),
        **fields,
    )
    return expedient_open(case=case, main_person=person, acting_user=by)
