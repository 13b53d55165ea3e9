"""Building blocks of the SIAD tests: a territory with SIAD technicians, the
SIAD catalogues, and women's service expedients opened through the services."""

from dataclasses import dataclass

from django.utils import translation

from casework.modules.siad.services import open_womens_service_expedient
from configuration import roles
from configuration.models import (
    SiadChannel,
    SiadConsultationArea,
    SiadConsultationType,
    SiadReferralSource,
    SiadService,
    SiadTrainingResource,
    SiadViolenceSituation,
)
from directory.models import Person
from tests.factories import AreaFactory, professional
from tests.factories.casework import Territory, basic_case, resident, territory


class InEnglish:
    """Messages read in the source language (the catalogues translate them)."""

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))


@dataclass
class SiadWorld:
    """`t` (casework's territory) plus the SIAD side of its first team.

    - owner: SIAD technician of `t.team`, reference professional of `case`;
    - siad_mate: another SIAD technician of `t.team`, not named on it;
    - siad_elsewhere: SIAD technician of `t.other_team` (other sector);
    - t.worker: the basic social services worker following the woman (her
      record's reference professional, with an open SSB expedient of hers);
    - t.coordinator: coordinator of `t.team`;
    - foreign: a coordinator of another area.
    """

    t: Territory
    owner: object
    siad_mate: object
    siad_elsewhere: object
    foreign: object
    woman: Person
    case: object


def member(t: Territory, role, team):
    user = professional(role, area=t.area)
    user.teams.add(team)
    return user


def siad_world() -> SiadWorld:
    t = territory()
    owner = member(t, roles.TECNIC_SIAD, t.team)
    woman = resident(t, first_name="Laia", surname1="Font", surname2="Riera")
    basic_case(t, woman)
    case = open_womens_service_expedient(by=owner, person=woman)
    return SiadWorld(
        t=t,
        owner=owner,
        siad_mate=member(t, roles.TECNIC_SIAD, t.team),
        siad_elsewhere=member(t, roles.TECNIC_SIAD, t.other_team),
        foreign=professional(roles.COORDINADOR, area=AreaFactory()),
        woman=woman,
        case=case,
    )


@dataclass
class SiadLists:
    channel: SiadChannel
    violence: SiadViolenceSituation
    service: SiadService
    legal: SiadService
    referral: SiadReferralSource
    legal_area: SiadConsultationArea
    psych_area: SiadConsultationArea
    divorce: SiadConsultationType
    self_esteem: SiadConsultationType


def siad_lists() -> SiadLists:
    """Shared entries of every SIAD list (codes as the demo's)."""
    legal_area = SiadConsultationArea.objects.create(code="1", name="Jurídica")
    psych_area = SiadConsultationArea.objects.create(code="2", name="Psicològica")
    return SiadLists(
        channel=SiadChannel.objects.create(code="1", name="Presencial"),
        violence=SiadViolenceSituation.objects.create(code="2", name="Psicològica"),
        service=SiadService.objects.create(
            code="1", name="Primera acollida", sort_order=1
        ),
        legal=SiadService.objects.create(code="2", name="Jurídic", sort_order=2),
        referral=SiadReferralSource.objects.create(code="2", name="Serveis socials"),
        legal_area=legal_area,
        psych_area=psych_area,
        divorce=SiadConsultationType.objects.create(
            code="1.1", name="Separació i divorci", consultation_area=legal_area
        ),
        self_esteem=SiadConsultationType.objects.create(
            code="2.1", name="Autoestima", consultation_area=psych_area
        ),
    )


def training_resource(area, **fields) -> SiadTrainingResource:
    values = {"code": "T1", "name": "Taller d'autoestima", **fields}
    return SiadTrainingResource.objects.create(area=area, **values)
