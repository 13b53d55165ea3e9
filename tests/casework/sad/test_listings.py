"""The home-care listings (domain.md §5.1): the services with their state and
characteristics in force, hours by type and funding, and the events in a
period; scoped, filtered, exported (CSV/XLSX, audited), constant queries."""

import csv
import io
from datetime import date, timedelta

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from casework.modules.sad.enums import HomeCareEventKind
from configuration import roles
from configuration.enums import PromotingEntity, SadKind
from tests.factories import AreaFactory, professional

from .test_screens import member_elsewhere, world_case_in
from .world import (
    SadTestCase,
    approved,
    characteristics,
    open_case,
    propose,
    world,
)

Kind = HomeCareEventKind
SERVICES = reverse("casework_sad_services:index")
EVENTS = reverse("casework_sad_events:index")


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


class ListingTestCase(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.case = open_case(cls.w)
        approved(
            cls.w,
            cls.case,
            Kind.START,
            characteristics=characteristics(cls.w),
        )
        cls.waiting = open_case_of_another(cls.w)
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())

    def as_user(self, user):
        self.client.force_login(user)
        return self.client

    def numbers(self, response) -> set[str]:
        return {row.number for row in response.context["object_list"]}


def open_case_of_another(w):
    case = world_case_in(w)
    propose(w, case, Kind.START, characteristics=characteristics(w))
    return case


class ServiceListingTests(ListingTestCase):
    def test_everyone_who_reads_the_expedients_lists_them(self):
        t = self.w.t
        for user in (t.worker, t.teammate, self.w.manager, t.coordinator):
            response = self.as_user(user).get(SERVICES)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(
                self.numbers(response), {self.case.number, self.waiting.number}
            )

    def test_outsiders_and_other_areas_list_nothing_of_them(self):
        for user in (self.w.t.outsider, self.elsewhere, member_elsewhere()):
            response = self.as_user(user).get(SERVICES)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(self.numbers(response), set(), user)

    def test_a_role_that_reads_no_home_care_is_refused(self):
        response = self.as_user(self.w.t.administrative).get(SERVICES)
        self.assertNotEqual(response.status_code, 200)

    def test_running_services_type_and_funding_filters(self):
        self.as_user(self.w.manager)
        running = self.client.get(SERVICES, {"in_force": "running"})
        self.assertEqual(self.numbers(running), {self.case.number})
        information = self.client.get(SERVICES, {"in_force": Kind.INFORMATION})
        self.assertEqual(self.numbers(information), {self.waiting.number})
        social = self.client.get(SERVICES, {"service_type": SadKind.SOCIAL})
        self.assertEqual(self.numbers(social), {self.case.number})
        dependency = self.client.get(SERVICES, {"service_type": SadKind.DEPENDENCY})
        self.assertEqual(self.numbers(dependency), set())
        local = self.client.get(SERVICES, {"funding": PromotingEntity.LOCAL})
        self.assertEqual(self.numbers(local), {self.case.number})
        sector = self.client.get(SERVICES, {"sector": self.w.t.other_sector.pk})
        self.assertEqual(self.numbers(sector), set())

    def test_bad_filter_values_list_nothing_wrong(self):
        self.as_user(self.w.manager)
        for bad in (
            {"in_force": "nonsense"},
            {"service_type": "9"},
            {"funding": "abc"},
            {"sector": "999999"},
        ):
            self.assertEqual(self.client.get(SERVICES, bad).status_code, 200, bad)

    def test_hours_by_type_and_funding_above_the_rows(self):
        response = self.as_user(self.w.manager).get(SERVICES)
        self.assertEqual(
            response.context["totals"],
            [
                {
                    "service_type": SadKind.SOCIAL.label,
                    "funding": PromotingEntity.LOCAL.label,
                    "services": 1,
                    "hours": 6,
                }
            ],
        )
        self.assertContains(response, "Hours a week in force by service type")

    def test_the_csv_export_holds_each_service_as_read(self):
        response = self.as_user(self.w.manager).get(SERVICES, {"export": "csv"})
        rows = csv_rows(response)
        self.assertEqual(
            rows[0][:4], ["Number", "Person", "Expedient state", "State in force"]
        )
        by_number = {row[0]: row for row in rows[1:]}
        self.assertEqual(set(by_number), {self.case.number, self.waiting.number})
        row = by_number[self.case.number]
        self.assertEqual(row[1], str(self.w.person))
        self.assertEqual(row[3], "Service start")
        self.assertEqual(row[5], SadKind.SOCIAL.label)
        self.assertEqual(row[6], "6.00")
        self.assertEqual(row[7], PromotingEntity.LOCAL.label)
        self.assertEqual(row[8], "20.50")
        entry = LogEntry.objects.get(additional_data__event="export")
        self.assertEqual(entry.actor, self.w.manager)
        self.assertEqual(entry.additional_data["rows"], 2)

    def test_the_xlsx_export_of_a_filtered_listing(self):
        response = self.as_user(self.w.t.coordinator).get(
            SERVICES, {"export": "xlsx", "in_force": "running"}
        )
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][0], self.case.number)
        self.assertEqual(rows[1][3], "Service start")

    def test_outsiders_export_nothing(self):
        response = self.as_user(self.w.t.outsider).get(SERVICES, {"export": "csv"})
        self.assertEqual(len(csv_rows(response)), 1)

    def test_its_queries_do_not_grow_with_the_rows(self):
        self.as_user(self.w.manager)
        self.client.get(SERVICES)
        with CaptureQueriesContext(connection) as before:
            self.client.get(SERVICES)
        for _n in range(3):
            other = world_case_in(self.w)
            approved(self.w, other, Kind.START, characteristics=characteristics(self.w))
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(SERVICES)
        self.assertEqual(len(response.context["object_list"]), 5)
        self.assertEqual(len(before), len(after))


class EventListingTests(ListingTestCase):
    def kinds(self, response) -> list[tuple]:
        return sorted(
            (event.case.number, event.kind, event.status)
            for event in response.context["object_list"]
        )

    def test_starts_in_a_period(self):
        self.as_user(self.w.manager)
        today = date.today().strftime("%d/%m/%Y")
        yesterday = (date.today() - timedelta(days=1)).strftime("%d/%m/%Y")
        starts = self.client.get(EVENTS, {"kind": Kind.START, "date_after": today})
        self.assertEqual(
            self.kinds(starts),
            sorted(
                [
                    (self.case.number, "start", "approved"),
                    (self.waiting.number, "start", "proposed"),
                ]
            ),
        )
        before = self.client.get(EVENTS, {"kind": Kind.START, "date_before": yesterday})
        self.assertEqual(self.kinds(before), [])
        approved_starts = self.client.get(
            EVENTS, {"kind": Kind.START, "status": "approved"}
        )
        self.assertEqual(
            self.kinds(approved_starts), [(self.case.number, "start", "approved")]
        )

    def test_scoped_like_the_expedients(self):
        for user in (self.w.t.worker, self.w.t.teammate, self.w.t.coordinator):
            response = self.as_user(user).get(EVENTS)
            self.assertEqual(len(response.context["object_list"]), 4, user)
        for user in (self.w.t.outsider, self.elsewhere):
            response = self.as_user(user).get(EVENTS)
            self.assertEqual(len(response.context["object_list"]), 0, user)

    def test_the_csv_export_with_reasons(self):
        response = self.as_user(self.w.manager).get(
            EVENTS, {"export": "csv", "kind": Kind.START}
        )
        rows = csv_rows(response)
        self.assertEqual(rows[0][:4], ["Date", "Event", "Status", "Expedient"])
        self.assertEqual(
            sorted((row[3], row[2]) for row in rows[1:]),
            sorted([(self.case.number, "Approved"), (self.waiting.number, "Pending")]),
        )

    def test_its_queries_do_not_grow_with_the_rows(self):
        self.as_user(self.w.manager)
        self.client.get(EVENTS)
        with CaptureQueriesContext(connection) as before:
            self.client.get(EVENTS)
        for _n in range(3):
            open_case_of_another(self.w)
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(EVENTS)
        self.assertEqual(len(response.context["object_list"]), 10)
        self.assertEqual(len(before), len(after))
