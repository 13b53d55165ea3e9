"""The specialised modules' returns, against hand-counted areas of 2025: the
DGAIA/SAIA monthly figures (EAIA module only) and the Memòria ICD (SIAD
module only), with both counting choices, deleted actuacions, closed
expedients, another module's and another area's data (never counted)."""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Actuacio
from casework.modules.eaia.services import (
    eaia_evolution_add,
    open_child_protection_expedient,
)
from casework.modules.siad.models import SiadActuacio
from casework.modules.siad.services import open_womens_service_expedient
from casework.services.expedients import expedient_close
from configuration import roles
from configuration.enums import Sex
from configuration.models import ClosingReason
from reports.breakdowns import count, members
from reports.definitions import load_definition
from reports.enums import Breakdown, DateBasis, ReturnKind
from reports.models import ReturnDefinition, ReturnVariable
from reports.returns import produce
from tests.casework.eaia.data import child, member
from tests.casework.siad.data import siad_lists
from tests.factories.casework import basic_case, resident, territory

from .fixtures import YEAR, actuacio, moment

# The scope's lookups of the user's rights, teams and sectors (cached on the
# user after the first table): every other query reads the data.
SCOPE_LOOKUPS = (
    'FROM "auth_permission"',
    'FROM "configuration_team"',
    "configuration_sector",
)


def data_queries(queries) -> list:
    return [q for q in queries if not any(s in q["sql"][:300] for s in SCOPE_LOOKUPS)]


def assert_one_query_each(test, keys, c, add_rows) -> None:
    """Each table is one query reading the data, and as many with more rows."""

    def counted():
        numbers = []
        for key in keys:
            with CaptureQueriesContext(connection) as queries:
                count(key, c)
            test.assertEqual(len(data_queries(queries)), 1, key)
            numbers.append(len(queries))
        return numbers

    before = counted()
    add_rows()
    test.assertEqual(counted(), before)


MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]


def criteria(user, t, **extra):
    from reports.breakdowns import Criteria

    return Criteria(
        user=user,
        area_id=t.area.pk,
        start=date(YEAR, 1, 1),
        end=date(YEAR, 12, 31),
        **extra,
    )


def registered_on(row, day: date) -> None:
    type(row).objects.filter(pk=row.pk).update(created_at=moment(day))


def month_row(table, row: str) -> dict:
    return {col: table.value(row, col) for col in MONTHS if table.value(row, col)}


def definition(kind):
    return load_definition(ReturnDefinition, ReturnVariable, kind=kind, year=YEAR)[0]


class EaiaMonthlyTests(TestCase):
    """A (urgent, from Granollers): opened 10/02/2025, risk/reference from
    15/02, helplessness/co-reference from 10/06; report prepared 01/03,
    resolved 15/04. B (ordinary): opened 05/11/2024, tutelage/reference from
    10/11/2024, closed 20/09/2025; report prepared 20/12/2024. C (urgent,
    from Granollers): opened 20/02/2025 but registered 05/01/2026; synthesis
    generated 05/05 and resolved 20/05. D (preferential, no origin): opened
    01/07/2025. Never counted: a basic social services expedient of 2025 and
    another area's EAIA expedient of 2025."""

    @classmethod
    def setUpTestData(cls):
        cls.t = t = territory()
        cls.other = territory()
        owner = member(t, roles.TECNIC_EAIA, t.team)
        cls.owner = owner

        def open_case(name, on, **cover):
            case = open_child_protection_expedient(
                by=owner, person=child(t, name), on=on, **cover
            )
            registered_on(case, on)
            return case

        cls.a = open_case(
            "Pol",
            date(YEAR, 2, 10),
            priority="urgent",
            case_origin="Granollers",
            report_prepared_on=date(YEAR, 3, 1),
            report_resolved_on=date(YEAR, 4, 15),
        )
        period = {"administrative_situation": "Estudi"}
        eaia_evolution_add(
            by=owner,
            expedient=cls.a,
            starts_on=date(YEAR, 2, 15),
            expedient_type="risk",
            territoriality="reference",
            **period,
        )
        eaia_evolution_add(
            by=owner,
            expedient=cls.a,
            starts_on=date(YEAR, 6, 10),
            expedient_type="helplessness",
            territoriality="co_reference",
            **period,
        )
        cls.b = open_case(
            "Biel",
            date(YEAR - 1, 11, 5),
            priority="ordinary",
            report_prepared_on=date(YEAR - 1, 12, 20),
        )
        eaia_evolution_add(
            by=owner,
            expedient=cls.b,
            starts_on=date(YEAR - 1, 11, 10),
            expedient_type="tutelage",
            territoriality="reference",
            **period,
        )
        reason = ClosingReason.objects.create(code="E1", name="Majoria d'edat")
        expedient_close(
            case=cls.b, reason=reason, acting_user=t.coordinator, on=date(YEAR, 9, 20)
        )
        cls.c = open_case(
            "Cesc",
            date(YEAR, 2, 20),
            priority="urgent",
            case_origin="Granollers",
            synthesis_generated_on=date(YEAR, 5, 5),
            synthesis_resolved_on=date(YEAR, 5, 20),
            synthesis_author=owner,
        )
        registered_on(cls.c, date(YEAR + 1, 1, 5))
        cls.d = open_case("Dídac", date(YEAR, 7, 1), priority="preferential")
        # Never counted: another module's expedient, another area's EAIA one.
        ssb = basic_case(t, child(t, "Enric"))
        actuacio(ssb, date(YEAR, 3, 3))
        foreign = member(cls.other, roles.TECNIC_EAIA, cls.other.team)
        open_child_protection_expedient(
            by=foreign,
            person=child(cls.other, "Ot"),
            on=date(YEAR, 3, 1),
            priority="urgent",
        )
        cls.definition = definition(ReturnKind.DGAIA_MONTHLY)

    def test_new_cases_by_month_and_priority(self):
        table = count(
            Breakdown.EAIA_NEW_BY_PRIORITY, criteria(self.t.coordinator, self.t)
        )
        self.assertEqual(month_row(table, "urgent"), {f"{YEAR}-02": 2})
        self.assertEqual(month_row(table, "preferential"), {f"{YEAR}-07": 1})
        self.assertEqual(month_row(table, "ordinary"), {})
        self.assertEqual(table.total, 3)
        self.assertEqual(len(table.cols), 12)

    def test_new_cases_by_registration_date(self):
        c = criteria(self.t.coordinator, self.t, basis=DateBasis.REGISTERED)
        table = count(Breakdown.EAIA_NEW_BY_PRIORITY, c)
        # C was registered in 2026: only A and D.
        self.assertEqual(month_row(table, "urgent"), {f"{YEAR}-02": 1})
        self.assertEqual(table.total, 2)

    def test_new_cases_by_origin(self):
        table = count(
            Breakdown.EAIA_NEW_BY_ORIGIN, criteria(self.t.coordinator, self.t)
        )
        self.assertEqual(month_row(table, "Granollers"), {f"{YEAR}-02": 2})
        self.assertEqual(month_row(table, "-"), {f"{YEAR}-07": 1})

    def test_cases_in_force_at_each_month_end_by_type(self):
        table = count(
            Breakdown.EAIA_IN_FORCE_BY_TYPE, criteria(self.t.coordinator, self.t)
        )
        self.assertEqual(month_row(table, "risk"), dict.fromkeys(MONTHS[1:5], 1))
        self.assertEqual(month_row(table, "helplessness"), dict.fromkeys(MONTHS[5:], 1))
        # B closed on 20/09: in force at the end of January to August only.
        self.assertEqual(month_row(table, "tutelage"), dict.fromkeys(MONTHS[:8], 1))

    def test_cases_in_force_by_territoriality(self):
        table = count(
            Breakdown.EAIA_IN_FORCE_BY_TERRITORIALITY,
            criteria(self.t.coordinator, self.t),
        )
        reference = dict.fromkeys(MONTHS[:8], 1)
        for m in MONTHS[1:5]:
            reference[m] = 2
        self.assertEqual(month_row(table, "reference"), reference)
        self.assertEqual(month_row(table, "co_reference"), dict.fromkeys(MONTHS[5:], 1))

    def test_reports_and_syntheses_by_month(self):
        table = count(Breakdown.EAIA_REPORTS, criteria(self.t.coordinator, self.t))
        self.assertEqual(month_row(table, "report_prepared"), {f"{YEAR}-03": 1})
        self.assertEqual(month_row(table, "report_resolved"), {f"{YEAR}-04": 1})
        self.assertEqual(month_row(table, "synthesis_generated"), {f"{YEAR}-05": 1})
        self.assertEqual(month_row(table, "synthesis_resolved"), {f"{YEAR}-05": 1})

    def test_each_variable_of_the_monthly_return(self):
        produced = produce(self.definition, criteria(self.t.coordinator, self.t))
        figures = {f.code: f.value for f in produced.figures}
        self.assertEqual(
            figures,
            {
                "D1": 3,
                "D1.1": 2,
                "D1.2": 0,
                "D1.3": 1,
                "D1.4": 0,
                "D2": 1,
                "D3.1": 1,  # helplessness at 31/12
                "D3.2": 0,
                "D3.3": 0,
                "D3.4": 0,  # risk ended in June
                "D3.5": 0,  # tutelage: closed in September
                "D3.6": 0,
                "D4.1": 0,
                "D4.2": 1,
                "D4.3": 0,
                "D5": 1,
                "D6": 1,
                "D7": 1,
                "D8": 1,
            },
        )

    def test_another_areas_coordinator_counts_only_theirs(self):
        c = criteria(self.other.coordinator, self.other)
        table = count(Breakdown.EAIA_NEW_BY_PRIORITY, c)
        self.assertEqual(month_row(table, "urgent"), {f"{YEAR}-03": 1})
        # and naming this area counts nothing it may not see
        c = criteria(self.other.coordinator, self.t)
        self.assertEqual(count(Breakdown.EAIA_NEW_BY_PRIORITY, c).total, 0)

    def test_a_cell_lists_what_it_counted(self):
        c = criteria(self.t.coordinator, self.t)
        new = members(Breakdown.EAIA_NEW_BY_PRIORITY, c, row="urgent", col=f"{YEAR}-02")
        self.assertEqual(set(new.values_list("pk", flat=True)), {self.a.pk, self.c.pk})
        december = members(
            Breakdown.EAIA_IN_FORCE_BY_TYPE, c, row="helplessness", col=f"{YEAR}-12"
        )
        self.assertEqual([p.expedient_id for p in december], [self.a.pk])
        reports = members(Breakdown.EAIA_REPORTS, c, row="report_resolved")
        self.assertEqual(list(reports.values_list("pk", flat=True)), [self.a.pk])

    def test_each_table_is_one_query_whatever_the_rows(self):
        c = criteria(self.t.coordinator, self.t)
        c.user.has_perm("x")  # the rights' cache, read once per user

        def add_rows():
            for n in range(3):
                case = open_child_protection_expedient(
                    by=self.owner,
                    person=child(self.t, f"Nou{n}"),
                    on=date(YEAR, 8, 1),
                    priority="priority",
                    case_origin=f"Origen {n}",
                    report_prepared_on=date(YEAR, 8, 2),
                )
                eaia_evolution_add(
                    by=self.owner,
                    expedient=case,
                    starts_on=date(YEAR, 8, 1),
                    expedient_type="risk",
                    territoriality="reference",
                    administrative_situation="Estudi",
                )

        keys = [key for key in Breakdown.values if key.startswith("eaia_")]
        assert_one_query_each(self, keys, c, add_rows)
        table = count(Breakdown.EAIA_NEW_BY_PRIORITY, c)
        self.assertEqual(month_row(table, "priority"), {f"{YEAR}-08": 3})

    def test_the_screen_links_cells_but_not_sums_of_a_stock(self):
        self.client.force_login(self.t.coordinator)
        query = {"definition": self.definition.pk, "year": YEAR}
        response = self.client.get(reverse("reports_return"), query)
        self.assertEqual(response.status_code, 200)
        tables = {t["title"]: t for t in response.context["tables"]}
        in_force = tables[str(Breakdown.EAIA_IN_FORCE_BY_TYPE.label)]
        helplessness = in_force["rows"][0]
        self.assertTrue(helplessness["cells"][11]["url"])
        self.assertEqual(helplessness["total"]["url"], "")
        listing = self.client.get(helplessness["cells"][11]["url"])
        self.assertEqual(listing.context["page"].paginator.count, 1)
        explain = reverse("reports_explain", args=[Breakdown.EAIA_IN_FORCE_BY_TYPE])
        refused = self.client.get(explain, {**query, "row": "helplessness"})
        self.assertEqual(refused.status_code, 404)


class IcdTests(TestCase):
    """Laia (35) has a SIAD expedient opened in 2024: a1 (03/03, urgent, first
    reception, legal area, divorce, psychological violence, in person, from
    social services), a2 (01/04, legal service only), a3 (01/05, deleted),
    a4 (01/12/2024, registered 10/01/2025). Marta (65) has one opened on
    01/06/2025 and a5 (02/06, first reception). Núria has only a basic social
    services expedient; Ona's SIAD expedient is in another area."""

    @classmethod
    def setUpTestData(cls):
        cls.t = t = territory()
        cls.other = territory()
        cls.lists = lists = siad_lists()
        owner = member(t, roles.TECNIC_SIAD, t.team)
        cls.laia = resident(
            t, first_name="Laia", sex=Sex.WOMAN, birth_date=date(1990, 1, 1)
        )
        cls.marta = resident(
            t, first_name="Marta", sex=Sex.WOMAN, birth_date=date(1960, 1, 1)
        )
        cls.laia_case = open_womens_service_expedient(
            by=owner, person=cls.laia, on=date(YEAR - 1, 5, 1)
        )
        cls.marta_case = open_womens_service_expedient(
            by=owner, person=cls.marta, on=date(YEAR, 6, 1)
        )
        Actuacio.objects.filter(expedient__in=[cls.laia_case, cls.marta_case]).update(
            created_at=moment(date(YEAR - 1, 5, 1))
        )

        def siad(case, on, recorded=None, deleted=False, **fields):
            row = SiadActuacio.objects.create(
                expedient=case, date=on, topic="Entrevista", **fields
            )
            changes = {"created_at": moment(recorded or on)}
            if deleted:
                changes["deleted_at"] = moment(on)
            Actuacio.all_objects.filter(pk=row.pk).update(**changes)
            return row

        cls.a1 = siad(
            cls.laia_case,
            date(YEAR, 3, 3),
            urgent=True,
            attending_service=lists.service,
            consultation_area=lists.legal_area,
            consultation_type=lists.divorce,
            violence_situation=lists.violence,
            channel=lists.channel,
            referral_source=lists.referral,
        )
        cls.a2 = siad(cls.laia_case, date(YEAR, 4, 1), attending_service=lists.legal)
        siad(
            cls.laia_case, date(YEAR, 5, 1), deleted=True, attending_service=lists.legal
        )
        cls.a4 = siad(
            cls.laia_case,
            date(YEAR - 1, 12, 1),
            recorded=date(YEAR, 1, 10),
            attending_service=lists.legal,
        )
        cls.a5 = siad(cls.marta_case, date(YEAR, 6, 2), attending_service=lists.service)
        nuria = resident(t, first_name="Núria", sex=Sex.WOMAN)
        actuacio(basic_case(t, nuria), date(YEAR, 2, 2))
        foreign = member(cls.other, roles.TECNIC_SIAD, cls.other.team)
        ona = resident(cls.other, first_name="Ona", sex=Sex.WOMAN)
        siad(
            open_womens_service_expedient(by=foreign, person=ona, on=date(YEAR, 2, 1)),
            date(YEAR, 2, 3),
        )
        cls.definition = definition(ReturnKind.ICD)

    def test_women_attended_by_age_group(self):
        table = count(
            Breakdown.SIAD_WOMEN_AGE_SEX, criteria(self.t.coordinator, self.t)
        )
        self.assertEqual(
            table.cells, {("30-44", Sex.WOMAN.value): 1, ("65-74", Sex.WOMAN.value): 1}
        )

    def test_actuacions_by_service_and_urgency(self):
        table = count(Breakdown.SIAD_BY_SERVICE, criteria(self.t.coordinator, self.t))
        self.assertEqual(
            table.cells,
            {("1", "urgent"): 1, ("1", "ordinary"): 1, ("2", "ordinary"): 1},
        )
        self.assertEqual(table.rows, [("1", "Primera acollida"), ("2", "Jurídic")])

    def test_each_dimension_counts_the_unrecorded_apart(self):
        c = criteria(self.t.coordinator, self.t)
        for key, code in (
            (Breakdown.SIAD_BY_AREA, "1"),
            (Breakdown.SIAD_BY_TYPE, "1.1"),
            (Breakdown.SIAD_BY_VIOLENCE, "2"),
            (Breakdown.SIAD_BY_CHANNEL, "1"),
            (Breakdown.SIAD_BY_REFERRAL, "2"),
        ):
            table = count(key, c)
            self.assertEqual(
                table.cells, {(code, "urgent"): 1, ("-", "ordinary"): 2}, key
            )

    def test_each_variable_of_the_icd_return(self):
        produced = produce(self.definition, criteria(self.t.coordinator, self.t))
        figures = {f.code: f.value for f in produced.figures}
        self.assertEqual(
            figures,
            {
                "ICD1": 2,
                "ICD1.1": 2,
                "ICD2": 3,
                "ICD2.1": 1,
                "ICD3": 0,
                "ICD4": 2,
                "ICD5": 2,
                "ICD6": 2,
                "ICD7": 2,
                "ICD8": 2,
            },
        )

    def test_by_registration_date(self):
        c = criteria(self.t.coordinator, self.t, basis=DateBasis.REGISTERED)
        produced = produce(self.definition, c)
        figures = {f.code: f.value for f in produced.figures}
        # a4 (happened in 2024, registered in 2025) joins; the deleted a3 never.
        self.assertEqual(figures["ICD2"], 4)
        self.assertEqual(figures["ICD1"], 2)

    def test_a_user_counts_only_what_they_see(self):
        # The basic social services worker has no SIAD module: nothing.
        c = criteria(self.t.worker, self.t)
        self.assertEqual(count(Breakdown.SIAD_BY_SERVICE, c).total, 0)
        self.assertEqual(count(Breakdown.SIAD_WOMEN_AGE_SEX, c).total, 0)
        # Another area's coordinator: only Ona's actuació.
        c = criteria(self.other.coordinator, self.other)
        self.assertEqual(count(Breakdown.SIAD_BY_SERVICE, c).total, 1)

    def test_a_cell_lists_what_it_counted(self):
        c = criteria(self.t.coordinator, self.t)
        rows = members(Breakdown.SIAD_BY_AREA, c, row="-")
        self.assertEqual(
            set(rows.values_list("pk", flat=True)), {self.a2.pk, self.a5.pk}
        )
        women = members(Breakdown.SIAD_WOMEN_AGE_SEX, c, col=Sex.WOMAN.value)
        self.assertEqual(set(women), {self.laia, self.marta})

    def test_the_explain_screen_lists_the_actuacions(self):
        self.client.force_login(self.t.coordinator)
        explain = reverse("reports_explain", args=[Breakdown.SIAD_BY_SERVICE])
        query = {"definition": self.definition.pk, "year": YEAR, "row": "1"}
        response = self.client.get(explain, query)
        self.assertEqual(response.status_code, 200)
        dates = [line[1][0] for line in response.context["lines"]]
        self.assertEqual(dates, ["03/03/2025", "02/06/2025"])

    def test_each_table_is_one_query_whatever_the_rows(self):
        c = criteria(self.t.coordinator, self.t)
        c.user.has_perm("x")  # the rights' cache, read once per user

        def add_rows():
            for n in range(3):
                woman = resident(self.t, first_name=f"Nova{n}", sex=Sex.WOMAN)
                case = open_womens_service_expedient(
                    by=self.laia_case.reference_professional,
                    person=woman,
                    on=date(YEAR, 8, 1),
                )
                SiadActuacio.objects.create(
                    expedient=case,
                    date=date(YEAR, 8, 2),
                    topic="Entrevista",
                    attending_service=self.lists.legal,
                )

        keys = [key for key in Breakdown.values if key.startswith("siad_")]
        assert_one_query_each(self, keys, c, add_rows)
        self.assertEqual(count(Breakdown.SIAD_BY_SERVICE, c).total, 6)
