"""Building blocks of the immigration tests: a territory with immigration
technicians and immigration expedients opened through the services."""

from dataclasses import dataclass
from datetime import date

from configuration import roles
from configuration.models import ImmigrationCourse, ImmigrationProject
from directory.models import Person
from tests.factories import AreaFactory, professional
from tests.factories.casework import Territory, resident, territory

from ..siad.data import InEnglish, member

__all__ = ["InEnglish", "ImmigrationWorld", "immigration_world", "member"]


@dataclass
class ImmigrationWorld:
    """`t` (casework's territory) plus the immigration side of its first team.

    - owner: immigration technician of `t.team`, reference professional of `case`;
    - mate: another immigration technician of `t.team`, not named on it;
    - elsewhere: immigration technician of `t.other_team` (other sector);
    - siad: a SIAD technician of `t.team` (another module's technician);
    - t.coordinator: coordinator of `t.team`;
    - foreign: a coordinator of another area.
    """

    t: Territory
    owner: object
    mate: object
    elsewhere: object
    siad: object
    foreign: object
    person: Person
    case: object
    project: ImmigrationProject
    course: ImmigrationCourse


def immigration_world(*, process_start: date | None = None) -> ImmigrationWorld:
    from casework.modules.immigration.services import open_immigration_expedient

    t = territory()
    owner = member(t, roles.TECNIC_IMMIGRACIO, t.team)
    person = resident(t, first_name="Amina", surname1="Diallo", surname2="")
    case = open_immigration_expedient(
        by=owner, person=person, process_start=process_start
    )
    return ImmigrationWorld(
        t=t,
        owner=owner,
        mate=member(t, roles.TECNIC_IMMIGRACIO, t.team),
        elsewhere=member(t, roles.TECNIC_IMMIGRACIO, t.other_team),
        siad=member(t, roles.TECNIC_SIAD, t.team),
        foreign=professional(roles.COORDINADOR, area=AreaFactory()),
        person=person,
        case=case,
        project=ImmigrationProject.objects.create(
            area=t.area, code="P1", name="Acollida als barris"
        ),
        course=ImmigrationCourse.objects.create(
            area=t.area, code="A1-CAT", name="Català inicial", level="A1", hours=90
        ),
    )
