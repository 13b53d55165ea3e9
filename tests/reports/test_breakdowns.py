"""Each table and each RUDEL Fitxa 1 variable against the hand-counted area of
`ReturnData`: both counting choices, a person in two sectors, closed and
reopened expedients, deleted items and another area's rows."""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from casework.enums import EnergyAccessChannel, EnergyDenialReason
from casework.models import Actuacio, Resource
from configuration import roles
from configuration.enums import PromotingEntity, ResourceState, Sex
from reports.breakdowns import SPECS, count, members
from reports.definitions import load_definition
from reports.enums import Breakdown, DateBasis, ReturnKind
from reports.models import ReturnDefinition, ReturnVariable
from reports.returns import produce
from tests.factories import professional
from tests.factories.casework import resident

from .fixtures import YEAR, ReturnData, actuacio, case, link, moment

W, M = Sex.WOMAN.value, Sex.MAN.value


def cells(table) -> dict:
    return {key: value for key, value in table.cells.items() if value}


class PersonsTests(ReturnData, TestCase):
    def test_persons_by_age_group_and_sex(self):
        table = count(Breakdown.PERSONS_AGE_SEX, self.criteria())
        self.assertEqual(
            cells(table),
            {
                ("30-44", W): 1,  # Anna
                ("0-17", M): 1,  # Bernat, linked to Anna's expedient
                ("75+", W): 1,  # Carla, once for her two expedients
                ("18-29", W): 1,  # Eva, closed and reopened in 2025
                ("-", M): 1,  # Gil, no birth date
            },
        )
        self.assertEqual(table.total, 5)
        self.assertEqual(table.col_total(W), 3)

    def test_persons_by_nationality(self):
        table = count(Breakdown.PERSONS_NATIONALITY_SEX, self.criteria())
        self.assertEqual(cells(table), {("52", W): 2, ("-", W): 1, ("-", M): 2})
        self.assertIn(("52", "Espanya"), table.rows)

    def test_by_registration_date_only_what_was_registered_in_the_year(self):
        criteria = self.criteria(basis=DateBasis.REGISTERED)
        table = count(Breakdown.PERSONS_AGE_SEX, criteria)
        self.assertEqual(cells(table), {("65-74", M): 1})  # Hugo
        people = members(Breakdown.PERSONS_AGE_SEX, criteria)
        self.assertEqual(list(people), [self.hugo])

    def test_a_person_in_two_sectors_counts_in_each_and_once_in_the_area(self):
        def people(**filters):
            rows = members(Breakdown.PERSONS_AGE_SEX, self.criteria(**filters))
            return set(rows)

        self.assertEqual(
            people(sector_id=self.t.sector.pk),
            {self.anna, self.bernat, self.carla, self.eva, self.gil},
        )
        self.assertEqual(people(sector_id=self.t.other_sector.pk), {self.carla})
        self.assertEqual(len(people()), 5)

    def test_filters_by_team_and_professional(self):
        rows = members(
            Breakdown.PERSONS_AGE_SEX, self.criteria(team_id=self.t.other_team.pk)
        )
        self.assertEqual(set(rows), {self.carla})
        rows = members(
            Breakdown.PERSONS_AGE_SEX, self.criteria(professional_id=self.t.teammate.pk)
        )
        self.assertEqual(list(rows), [])

    def test_another_area_counts_only_its_own(self):
        criteria = self.criteria(self.other.coordinator)
        self.assertEqual(count(Breakdown.PERSONS_AGE_SEX, criteria).total, 1)
        self.assertEqual(list(members(Breakdown.PERSONS_AGE_SEX, criteria)), [self.ona])

    def test_a_user_counts_only_what_they_see(self):
        # A technician of the other team sees only the other sector's expedient.
        criteria = self.criteria(self.t.outsider)
        self.assertEqual(
            set(members(Breakdown.PERSONS_AGE_SEX, criteria)), {self.carla}
        )

    def test_a_deleted_actuacio_never_makes_a_person_attended(self):
        self.assertNotIn(self.dani, members(Breakdown.PERSONS_AGE_SEX, self.criteria()))
        actuacio(self.d, date(2025, 10, 1))
        self.assertIn(self.dani, members(Breakdown.PERSONS_AGE_SEX, self.criteria()))

    def test_a_cell_lists_what_it_counted(self):
        rows = members(Breakdown.PERSONS_AGE_SEX, self.criteria(), col=W)
        self.assertEqual(set(rows), {self.anna, self.carla, self.eva})
        rows = members(Breakdown.PERSONS_AGE_SEX, self.criteria(), row="0-17", col=M)
        self.assertEqual(list(rows), [self.bernat])


class ExpedientsProblemsBenefitsTests(ReturnData, TestCase):
    def test_expedients_worked_new_or_continuing_by_state(self):
        table = count(Breakdown.EXPEDIENTS, self.criteria())
        self.assertEqual(
            cells(table),
            {
                ("new", "open"): 1,
                ("continuing", "open"): 3,
                ("continuing", "closed"): 1,
            },
        )
        worked = set(members(Breakdown.EXPEDIENTS, self.criteria()))
        self.assertEqual(
            {e.pk for e in worked},
            {self.a.pk, self.b.pk, self.c.pk, self.e.pk, self.g.pk},
        )

    def test_expedients_by_registration_date(self):
        table = count(Breakdown.EXPEDIENTS, self.criteria(basis=DateBasis.REGISTERED))
        self.assertEqual(cells(table), {("continuing", "open"): 1})  # Hugo's

    def test_problems_by_rudel_type(self):
        table = count(Breakdown.PROBLEMS, self.criteria())
        self.assertEqual(cells(table), {("1", "family"): 1, ("3", "individual"): 1})
        self.assertEqual(table.rows, [("1", "1 Econòmica"), ("3", "3 Habitatge")])
        self.assertEqual(
            list(members(Breakdown.PROBLEMS, self.criteria(), row="1")),
            [self.problem_a],
        )
        registered = count(
            Breakdown.PROBLEMS, self.criteria(basis=DateBasis.REGISTERED)
        )
        self.assertEqual(registered.total, 0)  # all were written today

    def test_benefits_granted_and_in_force_by_portfolio_code(self):
        table = count(Breakdown.BENEFITS, self.criteria())
        local, county = (
            str(PromotingEntity.LOCAL.value),
            str(PromotingEntity.COUNTY.value),
        )
        self.assertEqual(cells(table), {("2.3.7.2", local): 1, ("1.1.2.1", county): 1})
        energy = members(Breakdown.BENEFITS, self.criteria(), row="2.3.7*")
        self.assertEqual([r.benefit.code for r in energy], ["2.3.7.2"])

    def test_staff_by_role_in_the_period(self):
        table = count(Breakdown.STAFF, self.criteria())
        self.assertEqual(
            cells(table),
            {
                (roles.TECNIC.name, "all"): 3,
                (roles.COORDINADOR.name, "all"): 1,
                (roles.ADMINISTRATIU.name, "all"): 1,
            },
        )
        # Someone who joined after the period is not staff of it.
        professional(roles.TECNIC, area=self.t.area)
        self.assertEqual(count(Breakdown.STAFF, self.criteria()).total, 5)
        team = count(Breakdown.STAFF, self.criteria(team_id=self.t.other_team.pk))
        self.assertEqual(team.total, 1)


class VariablesTests(ReturnData, TestCase):
    def figures(self, **filters):
        produced = produce(self.definition, self.criteria(**filters))
        return {figure.code: figure.value for figure in produced.figures}

    def test_each_variable_of_the_fitxa_1(self):
        figures = self.figures()
        expected = {
            "P1": 5, "P1.1": 3, "P1.2": 2, "P1.3": 0,
            "P2.1": 1, "P2.2": 1, "P2.3": 1, "P2.4": 0, "P2.5": 0, "P2.6": 1,
            "P3.1": 2, "P3.2": 3,
            "E1": 5, "E2": 1, "E3": 1,
            "PR1": 1, "PR2": 0, "PR3": 1,
            "R1": 2, "R2": 1, "R3": 0, "R4": 1, "R5": 1, "R6": 0,
            "S1": 5, "S2": 3, "S3": 0,
        }  # fmt: skip
        self.assertEqual({code: figures[code] for code in expected}, expected)

    def test_variables_by_registration_date(self):
        figures = self.figures(basis=DateBasis.REGISTERED)
        self.assertEqual(
            (figures["P1"], figures["P2.5"], figures["E1"], figures["E2"]), (1, 1, 1, 0)
        )

    def test_a_period_of_dates_instead_of_the_year(self):
        figures = self.figures(start=date(2025, 6, 1), end=date(2025, 12, 31))
        # Carla (July), Eva (reopened in June), Gil (closed in September).
        self.assertEqual((figures["P1"], figures["E1"]), (3, 3))

    def test_each_table_is_one_query_whatever_the_rows(self):
        # One GROUP BY reads the data; the scope's lookups of the user's own
        # teams and sectors (casework.scope) are the only other queries.
        criteria = self.criteria()
        for key in SPECS:
            with CaptureQueriesContext(connection) as queries:
                count(key, criteria)
            # (the monthly tables of events count without a GROUP BY)
            grouped = [q for q in queries if "GROUP BY" in q["sql"]]
            self.assertEqual(len(grouped), 0 if key == "eaia_reports" else 1, key)
            self.assertLessEqual(len(queries), 3, key)
        for n in range(3):
            person = resident(self.t, first_name=f"Nou{n}", sex=Sex.WOMAN)
            expedient = case(self.t, person, date(2025, 3, 1))
            link(expedient, self.anna)
            Actuacio.objects.create(
                expedient=expedient, date=date(2025, 3, 2), topic="x"
            )
        with CaptureQueriesContext(connection) as queries:
            produce(self.definition, criteria)
        before = len(queries)
        self.assertEqual(self.figures()["P1"], 8)
        resident_more = resident(self.t, first_name="Més", sex=Sex.MAN)
        case(self.t, resident_more, date(2025, 4, 1))
        with CaptureQueriesContext(connection) as queries:
            produce(self.definition, criteria)
        self.assertEqual(len(queries), before)
        self.assertEqual(YEAR, self.definition.year)


class EnergyPovertyTests(ReturnData, TestCase):
    """The household-supply aids of the fixture: 2.3.7.2 granted on A and
    2.3.7.1 denied on A (both started in March 2025); here they get their
    energy-poverty details, and a deleted one and another area's are added."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        energy = Resource.objects.filter(benefit__is_energy_supply=True)
        energy.filter(state=ResourceState.GRANTED).update(
            access_channel=EnergyAccessChannel.SUPPLY_COMPANY
        )
        energy.filter(state=ResourceState.DENIED).update(
            access_channel=EnergyAccessChannel.THIRD_SECTOR,
            denial_reason=EnergyDenialReason.INCOME_ABOVE_THRESHOLD,
        )
        supply = energy.first().benefit
        gone = cls.resource(
            cls.e, supply, date(2025, 5, 1), None, PromotingEntity.LOCAL
        )
        Resource.all_objects.filter(pk=gone.pk).update(
            deleted_at=moment(date(2025, 5, 2))
        )
        cls.resource(cls.o, supply, date(2025, 5, 1), None, PromotingEntity.LOCAL)
        cls.energy = load_definition(
            ReturnDefinition,
            ReturnVariable,
            kind=ReturnKind.ENERGY_POVERTY,
            year=YEAR,
        )[0]

    def test_aids_by_benefit_and_state(self):
        granted, denied = (
            str(ResourceState.GRANTED.value),
            str(ResourceState.DENIED.value),
        )
        table = count(Breakdown.ENERGY_BY_STATE, self.criteria())
        self.assertEqual(
            cells(table), {("2.3.7.2", granted): 1, ("2.3.7.1", denied): 1}
        )
        later = count(
            Breakdown.ENERGY_BY_STATE,
            self.criteria(start=date(2025, 4, 1), end=date(2025, 12, 31)),
        )
        self.assertEqual(later.total, 0)

    def test_each_variable_of_the_energy_poverty_return(self):
        produced = produce(self.energy, self.criteria())
        figures = {figure.code: figure.value for figure in produced.figures}
        expected = {
            "EP1": 1, "EP2": 1, "EP3": 0, "EP4": 0, "EP5": 1, "EP6": 0, "EP7": 0,
            "EP8": 1, "EP9": 1, "EP10": 1, "EP11": 0,
        }  # fmt: skip
        self.assertEqual(figures, expected)
        registered = produce(self.energy, self.criteria(basis=DateBasis.REGISTERED))
        self.assertEqual({f.value for f in registered.figures}, {0})
