"""The appointments listing and export: scoped like the calendar, filtered by
date, state (no-shows too), type, place, professional and sector; CSV with a
byte order mark and XLSX, no person named, one audit entry per export, and a
query count that does not grow with the rows."""

import io
from datetime import timedelta
from unittest import mock

from auditlog.models import LogEntry
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agenda.enums import AppointmentState, AppointmentType
from agenda.models import Appointment
from agenda.services import Details
from agenda.views.listing import AppointmentIndexView
from configuration.models import ActuacioPlace
from tests.factories.casework import resident

from .agenda_data import next_weekday, visit, world
from .visits_data import held_visit, team_meeting

URL = reverse("agenda_appointments:index")


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


class ListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = w = world()
        cls.t = t = w.t
        cls.place = ActuacioPlace.objects.create(code="t-p1", name="Domicili")
        # Names no generated professional carries (they come from Faker).
        cls.person = resident(t, first_name="Quirze", surname1="Queralt")
        cls.next = visit(
            w, persons=[cls.person], details=Details(place=cls.place, urgent=True)
        )
        cls.held = held_visit(w, cls.person)
        cls.missed = held_visit(w, cls.person, came=False, start=(12, 0), end=(12, 30))
        cls.meeting = team_meeting(w)
        cls.elsewhere = visit(w, professionals=[t.outsider], sector=t.other_sector)

    def get(self, user, query=""):
        self.client.force_login(user)
        return self.client.get(f"{URL}{query}")

    def ids(self, response) -> set[int]:
        return {row.pk for row in response.context["object_list"]}

    def test_each_role_lists_what_it_may_see(self):
        mine = {self.next.pk, self.held.pk, self.missed.pk, self.meeting.pk}
        self.assertEqual(
            self.ids(self.get(self.w.front_desk)), {*mine, self.elsewhere.pk}
        )
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            with self.subTest(user=user):
                self.assertEqual(self.ids(self.get(user)), mine)
        self.assertEqual(self.ids(self.get(self.t.outsider)), {self.elsewhere.pk})
        other = self.get(self.w.other.coordinator)
        self.assertEqual(self.ids(other), set())

    def test_filters(self):
        user = self.t.coordinator
        no_show = f"?state={AppointmentState.NO_SHOW}"
        self.assertEqual(self.ids(self.get(user, no_show)), {self.missed.pk})
        both = f"?state={AppointmentState.NO_SHOW}&state={AppointmentState.HELD}"
        self.assertEqual(self.ids(self.get(user, both)), {self.missed.pk, self.held.pk})
        meeting = f"?type={AppointmentType.COORDINATION_MEETING}"
        self.assertEqual(self.ids(self.get(user, meeting)), {self.meeting.pk})
        self.assertEqual(
            self.ids(self.get(user, f"?place={self.place.pk}")), {self.next.pk}
        )
        teammate = f"?professional={self.t.teammate.pk}"
        self.assertEqual(self.ids(self.get(user, teammate)), {self.meeting.pk})
        start = (self.held.date + timedelta(days=1)).strftime("%d/%m/%Y")
        future = self.ids(self.get(user, f"?date_after={start}"))
        self.assertEqual(future, {self.next.pk, self.meeting.pk})

    def test_bad_filter_values_list_nothing_or_are_ignored_never_fail(self):
        user = self.t.coordinator
        for query in (
            "?state=99",
            "?type=x",
            "?professional=abc",
            f"?professional={self.w.other.coordinator.pk}",
            "?date_after=31/02/2026",
            "?place=999999",
        ):
            with self.subTest(query=query):
                self.assertEqual(self.get(user, query).status_code, 200)

    def test_csv_has_a_bom_labels_and_no_person(self):
        response = self.get(self.t.coordinator, "?export=csv")
        raw = b"".join(response.streaming_content)
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        text = raw.decode("utf-8-sig")
        self.assertIn("No acut", text)
        self.assertIn("Reunió coordinació", text)
        self.assertNotIn("Queralt", text)
        self.assertNotIn("Quirze", text)
        entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
        self.assertEqual(entry.additional_data["event"], "export")
        self.assertEqual(entry.additional_data["rows"], 4)

    def test_xlsx_reads_back(self):
        response = self.get(self.w.front_desk, "?export=xlsx")
        content = b"".join(response.streaming_content)
        sheet = load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Data")
        self.assertEqual(len(rows), 6)

    def test_the_export_reads_values_and_writes_the_instance_export(self):
        # Issue #21: the values path (labels, flags, names read a batch at a
        # time) writes what the instance path writes, and builds no appointment.
        self.client.force_login(self.w.front_desk)
        for export_format in ("csv", "xlsx"):
            with self.subTest(export_format=export_format):
                with mock.patch.object(
                    Appointment, "from_db", side_effect=AssertionError("built")
                ):
                    fast = self.client.get(URL, {"export": export_format})
                    fast = b"".join(fast.streaming_content)
                with mock.patch.object(AppointmentIndexView, "fast_export", False):
                    slow = self.client.get(URL, {"export": export_format})
                    slow = b"".join(slow.streaming_content)
                if export_format == "csv":
                    self.assertEqual(fast, slow)
                else:
                    self.assertEqual(
                        list(load_workbook(io.BytesIO(fast)).active.values),
                        list(load_workbook(io.BytesIO(slow)).active.values),
                    )
        rows = body(self.client.get(URL, {"export": "csv"})).splitlines()
        names = sorted([str(self.t.worker), str(self.t.teammate)])
        self.assertTrue(any(", ".join(names) in row for row in rows), rows)

    def test_the_export_queries_do_not_grow_with_the_rows(self):
        self.client.force_login(self.t.coordinator)

        def count():
            with CaptureQueriesContext(connection) as queries:
                body(self.client.get(URL, {"export": "csv"}))
            return len(queries)

        before = count()
        for hour in (9, 11):
            visit(self.w, start=(hour, 0), end=(hour, 30), on=next_weekday(1))
        self.assertEqual(count(), before)

    def test_constant_queries(self):
        self.client.force_login(self.t.coordinator)

        def count():
            self.client.get(URL)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(URL).status_code, 200)
            return len(queries)

        before = count()
        for hour in (9, 11):
            visit(self.w, start=(hour, 0), end=(hour, 30), on=next_weekday(1))
        self.assertEqual(count(), before)

    def test_the_menu_shows_it_to_agenda_roles_only(self):
        self.client.force_login(self.t.worker)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), URL)
