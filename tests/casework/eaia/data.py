"""Building blocks of the EAIA tests: a territory with EAIA technicians, the
actuacions' catalogues, and child protection expedients opened through the
services."""

from dataclasses import dataclass
from datetime import date

from django.utils import translation

from casework.modules.eaia.services import open_child_protection_expedient
from configuration import roles
from configuration.models import ActuacioPlace, ActuacioType
from directory.enums import KinshipKind
from directory.models import Person
from directory.services.records import kinship_add
from tests.factories import AreaFactory, professional
from tests.factories.casework import Territory, resident, territory


class InEnglish:
    """Messages read in the source language (the catalogues translate them)."""

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))


@dataclass
class EaiaWorld:
    """`t` (casework's territory) plus the EAIA side of its first team.

    - owner: EAIA technician of `t.team`, reference professional of `case`;
    - eaia_mate: another EAIA technician of `t.team`;
    - eaia_elsewhere: EAIA technician of `t.other_team` (other sector);
    - siad: a SIAD technician of `t.team` (another module's technician);
    - t.worker: a basic social services technician of `t.team`;
    - t.coordinator: coordinator of `t.team`;
    - foreign: a coordinator of another area.
    """

    t: Territory
    owner: object
    eaia_mate: object
    eaia_elsewhere: object
    siad: object
    foreign: object
    child: Person
    case: object
    place: ActuacioPlace
    kind: ActuacioType


def member(t: Territory, role, team):
    user = professional(role, area=t.area)
    user.teams.add(team)
    return user


def child(t: Territory, first_name: str, **fields) -> Person:
    values = {
        "surname1": "Puig",
        "surname2": "Soler",
        "birth_date": date(2014, 3, 2),
        **fields,
    }
    return resident(t, first_name=first_name, **values)


def eaia_world() -> EaiaWorld:
    t = territory()
    owner = member(t, roles.TECNIC_EAIA, t.team)
    kid = child(t, "Pol")
    case = open_child_protection_expedient(by=owner, person=kid)
    return EaiaWorld(
        t=t,
        owner=owner,
        eaia_mate=member(t, roles.TECNIC_EAIA, t.team),
        eaia_elsewhere=member(t, roles.TECNIC_EAIA, t.other_team),
        siad=member(t, roles.TECNIC_SIAD, t.team),
        foreign=professional(roles.COORDINADOR, area=AreaFactory()),
        child=kid,
        case=case,
        place=ActuacioPlace.objects.create(code="e-p1", name="Despatx EAIA"),
        kind=ActuacioType.objects.create(code="e-t1", name="Entrevista"),
    )


def sibling_of(w: EaiaWorld, first_name: str, *, open_case: bool = True):
    """A brother or sister of `w.child` (kinship typed as siblings), with an
    open EAIA expedient of `w.owner` when `open_case`."""
    kid = child(w.t, first_name)
    kinship_add(
        person=w.child, relative=kid, kind=KinshipKind.SIBLING, acting_user=w.owner
    )
    case = (
        open_child_protection_expedient(by=w.owner, person=kid) if open_case else None
    )
    return kid, case
