"""Explotació: the predefined listings in a tree by module, the one filter
bar, the rows in scope, the export and its audit entry, constant queries.

Two areas (`a`, `b`) hold rows for every listing, made through the services
where they exist; `a` also has a row set in its other sector (another team's).
"""

from datetime import date, time, timedelta
from decimal import Decimal

from auditlog.models import LogEntry
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda import services as agenda_services
from agenda.services import Details
from casework.enums import PlanState
from casework.models import (
    BasicCase,
    Demand,
    InterventionPlan,
    ProblemRecord,
    Resource,
    Tramit,
)
from casework.modules.eaia.enums import (
    EaiaExpedientType,
    EaiaTerritoriality,
)
from casework.modules.eaia.models import EaiaActuacio
from casework.modules.eaia.services import (
    eaia_evolution_add,
    open_child_protection_expedient,
)
from casework.modules.immigration.models import ImmigrationActuacio
from casework.modules.immigration.services import open_immigration_expedient
from casework.modules.sad.enums import HomeCareEventKind
from casework.modules.sad.services import (
    Characteristics,
    approve_home_care_event,
    open_home_care_expedient,
    propose_home_care_event,
)
from casework.modules.siad.models import SiadActuacio
from casework.modules.siad.services import open_womens_service_expedient
from casework.services import resource_create
from casework.services.expedients import expedient_close
from configuration import roles
from configuration.enums import ExpedientState, PersonStatus, PromotingEntity, SadKind
from configuration.explotacio import all_listings
from configuration.models import ClosingReason, Subsector, User
from tests.agenda.agenda_data import next_weekday, timetable
from tests.casework.sad.world import home_care_benefit
from tests.factories import (
    DemandTypeFactory,
    HomeCareTaskFactory,
    ProblemFactory,
    TramitTypeFactory,
    professional,
)
from tests.factories.casework import basic_case, resident, territory

TREE = reverse("reports_explotacio")
DAY = date(2025, 3, 14)


def url(key: str) -> str:
    return reverse("reports_explotacio_listing", args=[key])


def member(t, role, team):
    user = professional(role, area=t.area)
    user.teams.add(team)
    return user


class Side:
    """One area's territory and the professionals who make its rows."""

    def __init__(self):
        t = self.t = territory()
        self.siad = member(t, roles.TECNIC_SIAD, t.team)
        self.immigration = member(t, roles.TECNIC_IMMIGRACIO, t.team)
        self.eaia = member(t, roles.TECNIC_EAIA, t.team)
        self.sad_manager = member(t, roles.GESTOR_SAD, t.team)
        # A coordinator of both teams: sees both sectors' rows.
        self.chief = member(t, roles.COORDINADOR, t.team)
        self.chief.teams.add(t.other_team)
        for user in (t.worker, t.outsider):
            timetable(user, t.sector if user == t.worker else t.other_sector)
        self.made = 0

    def rows(self, *, other_team: bool = False) -> None:
        """One more row of every listing (in the other sector, by the other
        team's technician, when `other_team`)."""
        t = self.t
        self.made += 1
        n = self.made
        sector = t.other_sector if other_team else t.sector
        worker = t.outsider if other_team else t.worker
        name = f"Persona{n}{'b' if other_team else ''}"
        person = resident(t, first_name=name, municipality=sector.municipality)
        resident(
            t,
            first_name=f"Difunt{n}",
            status=PersonStatus.DECEASED,
            death_date=DAY,
            municipality=sector.municipality,
        )
        resident(t, first_name=f"Sensedomicili{n}", residence_municipality=None)
        case = basic_case(t, person, by=worker, sector=sector)
        Demand.objects.create(expedient=case, type=DemandTypeFactory(), date=DAY)
        ProblemRecord.objects.create(
            expedient=case, problem=ProblemFactory(), starts_on=DAY
        )
        resource, _warnings = resource_create(
            resource=Resource(expedient=case, benefit=home_care_benefit()),
            holder=person,
            acting_user=worker,
        )
        Tramit.objects.create(
            expedient=case, type=TramitTypeFactory(), processed_on=DAY, holder=person
        )
        InterventionPlan.objects.create(
            expedient=case,
            title="Pla",
            starts_on=DAY,
            expires_on=DAY + timedelta(days=30),
            state=PlanState.OPEN,
        )
        agenda_services.book_appointment(
            acting_user=worker,
            professionals=[worker],
            persons=[person],
            sector=sector,
            on=next_weekday(n % 5),
            starts_at=time(9 + n % 4),
            ends_at=time(9 + n % 4, 30),
            details=Details(),
        )
        if other_team:
            return  # the modules' rows: one team is enough
        self.module_rows(person, n)

    def module_rows(self, person, n: int) -> None:
        t = self.t
        home_care = open_home_care_expedient(by=t.worker, person=person)
        event = propose_home_care_event(
            by=t.worker,
            case=home_care,
            kind=HomeCareEventKind.START,
            on=date.today(),
            characteristics=Characteristics(
                service_type=SadKind.SOCIAL,
                tasks=[HomeCareTaskFactory()],
                weekly_hours=Decimal(4),
                funding=PromotingEntity.LOCAL,
            ),
        )
        approve_home_care_event(by=self.sad_manager, event=event)
        woman = resident(t, first_name=f"Dona{n}")
        siad = open_womens_service_expedient(by=self.siad, person=woman)
        SiadActuacio.objects.create(
            expedient=siad, date=DAY, topic="Acollida", responsible=self.siad
        )
        migrant = resident(t, first_name=f"Nouvingut{n}")
        immigration = open_immigration_expedient(
            by=self.immigration,
            person=migrant,
            process_start=date.today() - timedelta(days=3 * 365),
        )
        ImmigrationActuacio.objects.create(
            expedient=immigration, date=DAY, topic="Acollida", responsible=t.worker
        )
        kid = resident(t, first_name=f"Infant{n}", birth_date=date(2015, 1, 1))
        eaia = open_child_protection_expedient(by=self.eaia, person=kid)
        eaia_evolution_add(
            by=self.eaia,
            expedient=eaia,
            starts_on=DAY,
            expedient_type=EaiaExpedientType.choices[0][0],
            territoriality=EaiaTerritoriality.choices[0][0],
            administrative_situation="Guarda",
        )
        EaiaActuacio.objects.create(
            expedient=eaia, date=DAY, topic="Entrevista", responsible=self.eaia
        )


def area_of(listing, pks) -> set:
    """The areas of the listed rows, read through the listing's area lookup."""
    view_model = listing_model(listing)
    lookup = listing.filters["area"]
    return set(
        view_model._default_manager.filter(pk__in=pks).values_list(lookup, flat=True)
    )


def listing_model(listing):
    from reports.explotacio import source_view

    view_class, kwargs = source_view(listing.source)
    return kwargs.get("model") or view_class.model


class ExplotacioData(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.a, cls.b = Side(), Side()
        cls.a.rows()
        cls.a.rows(other_team=True)
        cls.b.rows()

    def listed(self, user, key, **query):
        self.client.force_login(user)
        response = self.client.get(url(key), query)
        self.assertEqual(response.status_code, 200, key)
        return {row.pk for row in response.context["object_list"]}


class TreeTests(ExplotacioData):
    def groups(self, user) -> list[str]:
        self.client.force_login(user)
        response = self.client.get(TREE)
        self.assertEqual(response.status_code, 200)
        return [key for key, _label, _items in response.context["tree"]]

    def test_each_role_sees_the_groups_it_may_run(self):
        a = self.a
        common = ["persons", "ssb", "agenda"]
        self.assertEqual(self.groups(a.t.worker), [*common, "sad"])
        self.assertEqual(
            self.groups(a.t.coordinator),
            [*common, "sad", "siad", "immigration", "eaia"],
        )
        self.assertEqual(self.groups(a.immigration), [*common, "immigration"])
        self.assertEqual(self.groups(a.eaia), [*common, "eaia"])
        self.assertEqual(self.groups(a.siad), [*common, "siad"])

    def test_the_tree_links_every_listing_the_coordinator_may_run(self):
        self.client.force_login(self.a.t.coordinator)
        page = self.client.get(TREE).content.decode()
        for listing in all_listings():
            self.assertIn(url(listing.key), page)

    def test_a_listing_the_role_may_not_run_is_404(self):
        a = self.a
        for user, key in (
            (a.t.worker, "siad-actuacions"),
            (a.t.worker, "eaia-expedients"),
            (a.immigration, "eaia-expedients"),
            (a.immigration, "sad-services"),
            (a.eaia, "immigration-past-term"),
            (a.siad, "eaia-actuacions"),
        ):
            with self.subTest(user=user.username, key=key):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url(key)).status_code, 404)
                export = self.client.get(url(key), {"export": "csv"})
                self.assertEqual(export.status_code, 404)
        self.client.force_login(a.t.coordinator)
        self.assertEqual(self.client.get(url("no-such-listing")).status_code, 404)

    def test_without_any_listing_the_screen_and_menu_are_not_there(self):
        student = professional(roles.ALUMNE, area=self.a.t.area)
        self.client.force_login(student)
        self.assertEqual(self.client.get(TREE).status_code, 404)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), TREE)
        self.client.force_login(self.a.t.worker)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), TREE)

    def test_the_bar_shows_only_the_filters_of_the_listing(self):
        self.client.force_login(self.a.t.coordinator)
        people = self.client.get(url("persons-new")).context["bar"]
        self.assertEqual(
            list(people.fields), ["professional", "period_from", "period_to"]
        )
        expedients = self.client.get(url("ssb-expedients")).context["bar"]
        self.assertEqual(
            list(expedients.fields),
            [
                "sector",
                "subsector",
                "team",
                "professional",
                "period_from",
                "period_to",
                "state",
            ],
        )


class ScopeTests(ExplotacioData):
    def test_every_listing_lists_its_own_area_only(self):
        a = self.a
        for listing in all_listings():
            with self.subTest(listing=listing.key):
                pks = self.listed(a.t.coordinator, listing.key)
                self.assertTrue(pks, "the coordinator's area has rows")
                self.assertEqual(area_of(listing, pks), {a.t.area.pk})

    def test_another_teams_rows_never_appear(self):
        """The outsider (other team, other sector) and the worker see
        disjoint basic social services rows and appointments."""
        a = self.a
        keys = [
            listing.key
            for listing in all_listings()
            if listing.group in ("ssb", "agenda")
        ]
        for key in keys:
            with self.subTest(listing=key):
                mine = self.listed(a.t.worker, key)
                theirs = self.listed(a.t.outsider, key)
                self.assertTrue(mine and theirs)
                self.assertFalse(mine & theirs)
                both = self.listed(a.chief, key)
                self.assertEqual(mine | theirs, both & (mine | theirs))

    def test_query_count_is_constant_when_rows_are_added(self):
        a = self.a
        user = a.t.coordinator
        self.client.force_login(user)
        before = {}
        for listing in all_listings():
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url(listing.key))
            before[listing.key] = len(queries)
        a.rows()
        a.rows()
        for listing in all_listings():
            with self.subTest(listing=listing.key):
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(url(listing.key))
                self.assertGreater(len(response.context["object_list"]), 1)
                self.assertEqual(len(queries), before[listing.key])


class FilterTests(ExplotacioData):
    def test_sector_subsector_team_and_professional_narrow(self):
        a = self.a
        t = a.t
        user = self.a.chief
        everything = self.listed(user, "ssb-expedients")
        self.assertGreaterEqual(len(everything), 2)
        by_sector = self.listed(user, "ssb-expedients", sector=t.other_sector.pk)
        by_team = self.listed(user, "ssb-expedients", team=t.other_team.pk)
        by_professional = self.listed(
            user, "ssb-expedients", professional=t.outsider.pk
        )
        for narrowed in (by_sector, by_team, by_professional):
            self.assertTrue(narrowed)
            self.assertLess(narrowed, everything)
        subsector = Subsector.objects.create(sector=t.sector, name="Barri de dalt")
        case = basic_case(t, resident(t, first_name="Subsector"), subsector=subsector)
        by_subsector = self.listed(user, "ssb-expedients", subsector=subsector.pk)
        self.assertEqual(by_subsector, {case.pk})
        # A subsector of another sector than the one chosen is refused.
        response = self.client.get(
            url("ssb-expedients"),
            {"sector": t.other_sector.pk, "subsector": subsector.pk},
        )
        self.assertIn("subsector", response.context["bar"].errors)

    def test_state_narrows(self):
        t = self.a.t
        user = self.a.chief
        case = basic_case(t, resident(t, first_name="Tancada"))
        reason = ClosingReason.objects.get_or_create(
            code="9", area=None, defaults={"name": "Altres"}
        )[0]
        expedient_close(case=case, reason=reason, acting_user=t.worker)
        closed = self.listed(user, "ssb-expedients", state=ExpedientState.CLOSED)
        opened = self.listed(user, "ssb-expedients", state=ExpedientState.OPEN)
        self.assertEqual(closed, {case.pk})
        self.assertNotIn(case.pk, opened)
        self.assertTrue(opened)

    def test_a_listings_own_state_rule_and_professional_rule(self):
        """Home care's state is the state in force; the agenda's professional
        is whoever attends the appointment."""
        t = self.a.t
        user = self.a.chief
        running = self.listed(user, "sad-services", state="running")
        self.assertTrue(running)
        ended = self.listed(user, "sad-services", state=HomeCareEventKind.END)
        self.assertEqual(ended, set())
        mine = self.listed(user, "agenda-appointments", professional=t.worker.pk)
        theirs = self.listed(user, "agenda-appointments", professional=t.outsider.pk)
        self.assertTrue(mine and theirs)
        self.assertFalse(mine & theirs)

    def test_period_bounds_are_inclusive_and_typed_dd_mm_aaaa(self):
        t = self.a.t
        case = basic_case(t, resident(t, first_name="Periode"))
        demand_type = DemandTypeFactory()
        first, last, after = (
            Demand.objects.create(expedient=case, type=demand_type, date=day).pk
            for day in (date(2024, 3, 1), date(2024, 3, 31), date(2024, 4, 1))
        )
        march = self.listed(
            self.a.chief,
            "ssb-demands",
            period_from="01/03/2024",
            period_to="31/03/2024",
        )
        self.assertEqual(march, {first, last})
        self.assertNotIn(after, march)
        since = self.listed(self.a.chief, "ssb-demands", period_from="01/04/2024")
        self.assertIn(after, since)
        self.assertNotIn(last, since)

    def test_a_superuser_chooses_the_area(self):
        root = User.objects.create_superuser("arrel", password="x")
        a_rows = self.listed(root, "persons-new", area=self.a.t.area.pk)
        b_rows = self.listed(root, "persons-new", area=self.b.t.area.pk)
        self.assertTrue(a_rows and b_rows)
        self.assertFalse(a_rows & b_rows)

    def test_bad_input_says_what_to_fix_and_lists_nothing(self):
        t = self.a.t
        self.client.force_login(t.coordinator)
        other_area_sector = self.b.t.sector.pk
        for query in (
            {"period_from": "31/02/2025"},
            {"period_from": "2025-13-01"},
            {"period_from": "01/04/2025", "period_to": "01/03/2025"},
            {"state": "99"},
            {"sector": "abc"},
            {"sector": other_area_sector},
            {"professional": self.b.t.worker.pk},
            {"sector": t.sector.pk, "subsector": "x"},
        ):
            with self.subTest(query=query):
                response = self.client.get(url("ssb-expedients"), query)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["bar"].errors)
                self.assertEqual(list(response.context["object_list"]), [])
                self.assertContains(response, "error-message")
                export = self.client.get(
                    url("ssb-expedients"), {**query, "export": "csv"}
                )
                self.assertEqual(export.status_code, 400)
                self.assertFalse(export.streaming)
        self.assertFalse(LogEntry.objects.filter(additional_data__event="export"))


class ExportTests(ExplotacioData):
    def test_csv_export_has_the_rows_and_one_audit_entry(self):
        t = self.a.t
        self.client.force_login(self.a.chief)
        response = self.client.get(
            url("ssb-expedients"),
            {"export": "csv", "sector": t.other_sector.pk, "period_from": "01/01/2000"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("explotacio-ssb-expedients.csv", response["Content-Disposition"])
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        lines = text.strip().splitlines()
        case = BasicCase.objects.get(area=t.area, sector=t.other_sector)
        self.assertEqual(len(lines), 2)  # the heading and the one expedient
        self.assertIn(case.number, lines[1])
        entry = LogEntry.objects.get(additional_data__event="export")
        self.assertEqual(entry.actor, self.a.chief)
        self.assertEqual(entry.additional_data["format"], "csv")
        self.assertEqual(entry.additional_data["rows"], 1)
        self.assertEqual(
            entry.additional_data["criteria"],
            {
                "listing": "ssb-expedients",
                "sector": str(t.other_sector),
                "period_from": "2000-01-01",
            },
        )

    def test_xlsx_export_of_every_listing(self):
        self.client.force_login(self.a.t.coordinator)
        for listing in all_listings():
            with self.subTest(listing=listing.key):
                response = self.client.get(url(listing.key), {"export": "xlsx"})
                self.assertEqual(response.status_code, 200)
                content = b"".join(response.streaming_content)
                self.assertTrue(content.startswith(b"PK"))
        entries = LogEntry.objects.filter(additional_data__event="export")
        self.assertEqual(entries.count(), len(all_listings()))


class WordingTests(ExplotacioData):
    """catalan.md on every listing: its headings name what the column holds,
    capitalised; a day reads dd/mm/aaaa (never Wagtail's "fa 2 hores" of a
    date); the period filter reads as Catalan ("Canvi d'estat des de")."""

    def test_every_column_heading_is_capitalised(self):
        self.client.force_login(self.a.t.coordinator)
        for listing in all_listings():
            with self.subTest(listing=listing.key):
                response = self.client.get(url(listing.key))
                labels = [
                    str(column.label)
                    for column in response.context["table"].columns.values()
                    if str(column.label)
                ]
                self.assertTrue(labels)
                for label in labels:
                    self.assertEqual(label[0], label[0].upper(), label)

    def test_days_read_dd_mm_aaaa(self):
        self.client.force_login(self.a.t.coordinator)
        for key in ("ssb-resources", "ssb-tramits", "ssb-plans", "sad-events"):
            with self.subTest(listing=key):
                response = self.client.get(url(key))
                self.assertTrue(response.context["object_list"])
                page = response.content.decode()
                self.assertRegex(page, r"<td[^>]*>\d\d/\d\d/\d{4}</td>")
                self.assertNotRegex(page, r">\s*Fa \d")

    def test_the_period_filter_reads_as_catalan(self):
        self.client.force_login(self.a.t.coordinator)
        for key, period in (
            ("ssb-resources", "Canvi d'estat"),
            ("ssb-tramits", "Data de tramitació"),
        ):
            with self.subTest(listing=key):
                bar = self.client.get(url(key)).context["bar"]
                self.assertEqual(bar["period_from"].label, f"{period} des de")
                self.assertEqual(bar["period_to"].label, f"{period} fins a")
