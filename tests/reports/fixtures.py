"""A hand-counted area for the returns of 2025 (see `ReturnData` for what each
row is there to test). Expedients are opened, closed and reopened through the
services; items are written directly with their dates of 2025."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from casework.enums import ProblemScope
from casework.models import Actuacio, BasicCase, LinkedPerson, ProblemRecord, Resource
from casework.services import expedient_open
from casework.services.expedients import expedient_close, expedient_reopen
from configuration.enums import PromotingEntity, ResourceState, Sex
from configuration.models import ClosingReason, Country, User
from reports.breakdowns import Criteria
from reports.definitions import load_definition
from reports.enums import DateBasis, ReturnKind
from reports.models import ReturnDefinition, ReturnVariable
from tests.factories import BenefitFactory, ProblemFactory, ProblemTypeFactory
from tests.factories.casework import resident, territory

YEAR = 2025
MADRID = ZoneInfo("Europe/Madrid")


def moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=MADRID)


def case(t, person, opened: date, *, sector=None, by=None) -> BasicCase:
    by = by or t.worker
    return expedient_open(
        case=BasicCase(
            area=t.area,
            sector=sector or t.sector,
            reference_professional=by,
            family_name=f"{person.surname1} {person.surname2}",
        ),
        main_person=person,
        acting_user=by,
        on=opened,
    )


def actuacio(expedient, on: date, *, recorded: date | None = None, deleted=False):
    row = Actuacio.objects.create(expedient=expedient, date=on, topic="Entrevista")
    changes = {}
    if recorded:
        changes["created_at"] = moment(recorded)
    if deleted:
        changes["deleted_at"] = moment(on)
    if changes:
        Actuacio.all_objects.filter(pk=row.pk).update(**changes)
    return row


def link(expedient, person) -> None:
    LinkedPerson.objects.create(expedient=expedient, person=person)


class ReturnData:
    """Persons attended in 2025 by the date things happened (hand count):
    Anna (woman, 35: 30-44, Spanish), Bernat (man, 15: 0-17, no nationality),
    Carla (woman, 75+, Spanish; two expedients in two sectors: counted once),
    Eva (woman, 25: 18-29; her expedient closed and reopened in 2025: once),
    Gil (man, no birth date; his expedient closed in 2025).
    Not counted: Dani (only a deleted actuació in 2025), Hugo (his 2025 actuació
    happened in 2024; registered in 2025: the only one counted by registration
    date), the other area's Ona."""

    @classmethod
    def setUpTestData(cls):
        cls.t = t = territory()
        cls.other = territory()
        User.objects.filter(area__in=[t.area, cls.other.area]).update(
            date_joined=moment(date(2020, 1, 1))
        )
        spain = Country.objects.get_or_create(code="52", defaults={"name": "Espanya"})[
            0
        ]
        woman, man = Sex.WOMAN, Sex.MAN
        cls.anna = resident(
            t,
            first_name="Anna",
            sex=woman,
            birth_date=date(1990, 6, 1),
            nationality=spain,
        )
        cls.bernat = resident(
            t, first_name="Bernat", sex=man, birth_date=date(2010, 1, 1)
        )
        cls.carla = resident(
            t,
            first_name="Carla",
            sex=woman,
            birth_date=date(1950, 5, 5),
            nationality=spain,
        )
        cls.dani = resident(t, first_name="Dani", sex=man, birth_date=date(1980, 1, 1))
        cls.eva = resident(t, first_name="Eva", sex=woman, birth_date=date(2000, 3, 3))
        cls.gil = resident(t, first_name="Gil", sex=man)
        cls.hugo = resident(t, first_name="Hugo", sex=man, birth_date=date(1960, 1, 1))
        cls.ona = resident(cls.other, first_name="Ona", sex=woman)

        cls.a = case(t, cls.anna, date(2025, 2, 1))  # new in 2025
        link(cls.a, cls.bernat)
        cls.b = case(t, cls.carla, date(2024, 5, 1))
        actuacio(cls.b, date(2025, 3, 10))
        # Carla's second expedient, in the other sector (her coordinator sees it:
        # its reference professional is in the coordinator's team).
        cls.c = case(t, cls.carla, date(2024, 6, 1), sector=t.other_sector)
        actuacio(cls.c, date(2025, 7, 1))
        cls.d = case(t, cls.dani, date(2024, 1, 10))
        actuacio(cls.d, date(2024, 11, 1))
        actuacio(cls.d, date(2025, 4, 1), deleted=True)
        reason = ClosingReason.objects.create(code="R1", name="Objectius assolits")
        cls.e = case(t, cls.eva, date(2023, 3, 1))
        expedient_close(
            case=cls.e, reason=reason, acting_user=t.coordinator, on=date(2025, 5, 5)
        )
        expedient_reopen(
            case=cls.e, reason="Torna", acting_user=t.coordinator, on=date(2025, 6, 6)
        )
        cls.g = case(t, cls.gil, date(2024, 2, 2))
        expedient_close(
            case=cls.g, reason=reason, acting_user=t.coordinator, on=date(2025, 9, 9)
        )
        cls.h = case(t, cls.hugo, date(2024, 12, 1))
        actuacio(cls.h, date(2024, 12, 20), recorded=date(2025, 1, 5))
        cls.o = case(cls.other, cls.ona, date(2025, 2, 1))
        # Nothing else was registered in 2025: every other row was written today.

        # Problems: type 1 on A (family), type 3 on B (individual, ending in
        # February); not counted: a deleted one, one of 2023, the other area's.
        cls.type1 = ProblemTypeFactory(code="1", name="Econòmica", year=YEAR)
        cls.type3 = ProblemTypeFactory(code="3", name="Habitatge", year=YEAR)
        p1 = ProblemFactory(type=cls.type1, code="1.1")
        p3 = ProblemFactory(type=cls.type3, code="3.1")
        cls.problem_a = cls.problem(cls.a, p1, date(2025, 1, 1), date(2025, 12, 31))
        cls.problem(
            cls.b, p3, date(2024, 1, 1), date(2025, 2, 1), scope=ProblemScope.INDIVIDUAL
        )
        deleted = cls.problem(cls.a, p1, date(2025, 3, 1), date(2025, 12, 31))
        ProblemRecord.all_objects.filter(pk=deleted.pk).update(
            deleted_at=moment(date(2025, 4, 1))
        )
        cls.problem(cls.d, p1, date(2023, 1, 1), date(2023, 12, 31))
        cls.problem(cls.o, p1, date(2025, 1, 1), date(2025, 12, 31))

        # Resources granted and in force in 2025: 2.3.7.2 on A (local), 1.1.2.1 on
        # B (county, no end). Not counted: a denied one, a deleted one, one of
        # 2023, the other area's.
        supply = BenefitFactory(code="2.3.7.2", name="Llum", is_energy_supply=True)
        homecare = BenefitFactory(code="1.1.2.1", name="SAD")
        water = BenefitFactory(code="2.3.7.1", name="Aigua", is_energy_supply=True)
        cls.resource(
            cls.a, supply, date(2025, 3, 1), date(2025, 3, 31), PromotingEntity.LOCAL
        )
        cls.resource(cls.b, homecare, date(2024, 1, 1), None, PromotingEntity.COUNTY)
        cls.resource(
            cls.a,
            water,
            date(2025, 3, 1),
            None,
            PromotingEntity.LOCAL,
            state=ResourceState.DENIED,
        )
        gone = cls.resource(
            cls.e, homecare, date(2025, 1, 1), None, PromotingEntity.LOCAL
        )
        Resource.all_objects.filter(pk=gone.pk).update(
            deleted_at=moment(date(2025, 2, 1))
        )
        cls.resource(
            cls.d, homecare, date(2023, 1, 1), date(2023, 12, 31), PromotingEntity.LOCAL
        )
        cls.resource(cls.o, homecare, date(2025, 1, 1), None, PromotingEntity.LOCAL)

        cls.definition = load_definition(
            ReturnDefinition, ReturnVariable, kind=ReturnKind.RUDEL_FITXA1, year=YEAR
        )[0]

    @classmethod
    def problem(cls, expedient, problem, starts, ends, scope=ProblemScope.FAMILY):
        return ProblemRecord.objects.create(
            expedient=expedient,
            problem=problem,
            starts_on=starts,
            ends_on=ends,
            scope=scope,
        )

    @classmethod
    def resource(
        cls, expedient, benefit, starts, ends, entity, state=ResourceState.GRANTED
    ):
        return Resource.objects.create(
            expedient=expedient,
            benefit=benefit,
            state=state,
            state_changed_on=starts,
            starts_on=starts,
            ends_on=ends,
            promoting_entity=entity,
        )

    def criteria(self, user=None, **filters) -> Criteria:
        user = user or self.t.coordinator
        return Criteria(
            user=user,
            area_id=filters.pop("area_id", user.area_id),
            start=filters.pop("start", date(YEAR, 1, 1)),
            end=filters.pop("end", date(YEAR, 12, 31)),
            basis=filters.pop("basis", DateBasis.HAPPENED),
            **filters,
        )
