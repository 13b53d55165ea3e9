"""The immigration listings (domain.md §5.1): expedients (with the two-year
term filter) and actuacions, scoped, filtered, exported as CSV and XLSX, at a
constant number of queries however many rows."""

import csv
import io
from datetime import date, timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from casework.modules.immigration.services import (
    immigration_actuacio_create,
    immigration_cover_update,
    open_immigration_expedient,
)
from casework.tabs import expedient_url
from tests.factories.casework import resident

from .data import InEnglish, immigration_world

ACTUACIONS = reverse("casework_immigration_actuacions:index")
EXPEDIENTS = reverse("casework_immigration_expedients:index")


class ListingTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()

    def record(self, case=None, **values):
        return immigration_actuacio_create(
            by=self.w.owner,
            expedient=case or self.w.case,
            topic=values.pop("topic", "Acollida"),
            project=self.w.project,
            course=self.w.course,
            **values,
        )

    def another_case(self, first_name: str):
        person = resident(self.w.t, first_name=first_name, surname1="Sow")
        return open_immigration_expedient(by=self.w.owner, person=person)

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_listings_keep_their_queries_however_many_rows(self):
        self.record()
        self.client.force_login(self.w.owner)
        urls = (ACTUACIONS, EXPEDIENTS, f"{ACTUACIONS}?export=csv")
        for url in urls:
            self.count(url)
        before = {url: self.count(url) for url in urls}
        for name in ("Binta", "Coumba", "Djeneba"):
            case = self.another_case(name)
            self.record(case, topic=f"Acollida {name}")
            self.record(case, topic=f"Seguiment {name}", itinerary_informed=True)
        after = {url: self.count(url) for url in urls}
        self.assertEqual(after, before)

    def test_only_what_the_user_reads_is_listed(self):
        self.record()
        for user in (self.w.owner, self.w.mate, self.w.t.coordinator):
            self.client.force_login(user)
            response = self.client.get(ACTUACIONS)
            self.assertEqual(len(response.context["object_list"]), 1)
        for user in (self.w.elsewhere, self.w.foreign):
            self.client.force_login(user)
            for url in (ACTUACIONS, EXPEDIENTS):
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(len(response.context["object_list"]), 0)
        for user in (self.w.siad, self.w.t.worker):
            self.client.force_login(user)
            for url in (ACTUACIONS, EXPEDIENTS):
                with self.subTest(user=user.username, url=url):
                    self.assertNotEqual(self.client.get(url).status_code, 200)

    def test_the_expired_filter_lists_the_expedients_past_the_term(self):
        old = self.another_case("Fanta")
        immigration_cover_update(
            by=self.w.owner, case=old, process_start=date.today() - timedelta(days=900)
        )
        self.client.force_login(self.w.owner)
        expired = self.client.get(f"{EXPEDIENTS}?expired=true")
        self.assertEqual(list(expired.context["object_list"]), [old])
        running = self.client.get(f"{EXPEDIENTS}?expired=false")
        self.assertEqual(list(running.context["object_list"]), [self.w.case])
        self.assertContains(expired, "Expired")

    def test_the_actuacions_filter_by_project_and_itinerary(self):
        self.record(topic="Amb itinerari", itinerary_informed=True)
        immigration_actuacio_create(by=self.w.owner, expedient=self.w.case, topic="Sol")
        self.client.force_login(self.w.owner)
        for query, topics in (
            (f"project={self.w.project.pk}", ["Amb itinerari"]),
            ("itinerary_informed=true", ["Amb itinerari"]),
        ):
            with self.subTest(query):
                response = self.client.get(f"{ACTUACIONS}?{query}")
                got = [row.topic for row in response.context["object_list"]]
                self.assertEqual(got, topics)

    def test_the_csv_export_names_the_person_and_the_course(self):
        self.record(topic="Inscripció")
        self.client.force_login(self.w.owner)
        response = self.client.get(f"{ACTUACIONS}?export=csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["Person"], str(self.w.person))
        self.assertEqual(rows[0]["Topic"], "Inscripció")
        self.assertIn(self.w.case.number, rows[0]["Expedient"])

    def test_the_xlsx_export_of_expedients_reads_back(self):
        self.client.force_login(self.w.t.coordinator)
        response = self.client.get(f"{EXPEDIENTS}?export=xlsx")
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        values = [c for row in book.active.iter_rows(values_only=True) for c in row]
        self.assertIn(self.w.case.number, values)
        self.assertIn(str(self.w.person), values)
        self.assertIn("Process end date", values)

    def test_listing_rows_open_the_expedient(self):
        self.client.force_login(self.w.owner)
        response = self.client.get(EXPEDIENTS)
        self.assertContains(response, expedient_url(self.w.case.pk))
