"""The women's service "Formació" tab (assigning training resources and
recording attendance) and the module's listings (filters, CSV/XLSX export,
scope, constant query counts)."""

import csv
import io
from datetime import date, timedelta

from auditlog.models import LogEntry
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from casework.models import SiadTrainingAssignment, SiadTrainingSession
from casework.modules.siad.services import (
    open_womens_service_expedient,
    siad_actuacio_create,
    siad_training_assign,
)
from casework.tabs import expedient_url
from tests.factories.casework import resident

from .data import InEnglish, siad_lists, siad_world, training_resource

TRAINING = "siad_training"
ACTUACIONS = reverse("casework_siad_actuacions:index")
EXPEDIENTS = reverse("casework_siad_expedients:index")


def typed(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class SiadTestCase(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = siad_world()
        cls.lists = siad_lists()
        cls.resource = training_resource(cls.w.t.area)

    def as_user(self, user):
        self.client.force_login(user)
        return self.client


class TrainingTabTests(SiadTestCase):
    def assign_url(self) -> str:
        return reverse("casework_siad_training_assign", args=[self.w.case.pk])

    def session_url(self, assignment) -> str:
        return reverse(
            "casework_siad_session_record", args=[self.w.case.pk, assignment.pk]
        )

    def test_the_owner_assigns_a_resource_to_the_woman(self):
        response = self.as_user(self.w.owner).post(
            self.assign_url(), {"resource": self.resource.pk, "on": typed(date.today())}
        )
        self.assertRedirects(
            response,
            expedient_url(self.w.case.pk, TRAINING),
            fetch_redirect_response=False,
        )
        assignment = SiadTrainingAssignment.objects.get()
        self.assertEqual(assignment.person, self.w.woman)
        tab = self.client.get(expedient_url(self.w.case.pk, TRAINING))
        self.assertContains(tab, "Taller d&#x27;autoestima")
        self.assertContains(tab, self.session_url(assignment))

    def test_a_second_assignment_of_the_same_resource_is_refused(self):
        siad_training_assign(
            by=self.w.owner, expedient=self.w.case, resource=self.resource
        )
        response = self.as_user(self.w.owner).post(
            self.assign_url(), {"resource": self.resource.pk, "on": typed(date.today())}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("resource", response.context["form"].errors)
        self.assertEqual(SiadTrainingAssignment.objects.count(), 1)

    def test_attendance_is_recorded_and_a_bad_date_refused(self):
        assignment = siad_training_assign(
            by=self.w.owner,
            expedient=self.w.case,
            resource=self.resource,
            on=date.today() - timedelta(days=7),
        )
        url = self.session_url(assignment)
        self.as_user(self.w.owner)
        bad = self.client.post(url, {"on": "32/01/2026", "attended": "yes"})
        self.assertIn("dd/mm/yyyy", str(bad.context["form"].errors["on"]))
        early = self.client.post(
            url, {"on": typed(date.today() - timedelta(days=8)), "attended": "yes"}
        )
        self.assertIn("on", early.context["form"].errors)
        self.client.post(url, {"on": typed(date.today()), "attended": "no"})
        session = SiadTrainingSession.objects.get()
        self.assertFalse(session.attended)
        tab = self.client.get(expedient_url(self.w.case.pk, TRAINING))
        self.assertContains(tab, "0 attended of 1 session")

    def test_outside_scope_the_forms_answer_404(self):
        assignment = siad_training_assign(
            by=self.w.owner, expedient=self.w.case, resource=self.resource
        )
        for user in (self.w.t.worker, self.w.siad_mate, self.w.foreign):
            for url in (self.assign_url(), self.session_url(assignment)):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.as_user(user).get(url).status_code, 404)

    def test_the_coordinator_records_attendance(self):
        assignment = siad_training_assign(
            by=self.w.owner, expedient=self.w.case, resource=self.resource
        )
        self.as_user(self.w.t.coordinator).post(
            self.session_url(assignment), {"on": typed(date.today()), "attended": "yes"}
        )
        self.assertTrue(SiadTrainingSession.objects.get().attended)

    def test_the_tab_keeps_its_queries_however_many_resources(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(expedient_url(self.w.case.pk, TRAINING))
            return len(queries)

        self.as_user(self.w.owner)
        siad_training_assign(
            by=self.w.owner, expedient=self.w.case, resource=self.resource
        )
        count()
        before = count()
        for code in ("T2", "T3", "T4"):
            siad_training_assign(
                by=self.w.owner,
                expedient=self.w.case,
                resource=training_resource(self.w.t.area, code=code, name=code),
            )
        self.assertEqual(count(), before)


class ListingTests(SiadTestCase):
    def record(self, case=None, **values):
        return siad_actuacio_create(
            by=self.w.owner,
            expedient=case or self.w.case,
            topic=values.pop("topic", "Acollida"),
            attending_service=self.lists.service,
            consultation_area=self.lists.legal_area,
            consultation_type=self.lists.divorce,
            violence_situation=self.lists.violence,
            **values,
        )

    def another_case(self, first_name: str):
        woman = resident(self.w.t, first_name=first_name, surname1="Soler")
        return open_womens_service_expedient(by=self.w.owner, person=woman)

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_listings_keep_their_queries_however_many_rows(self):
        self.record()
        self.as_user(self.w.owner)
        for url in (ACTUACIONS, EXPEDIENTS):
            self.count(url)
        before = {url: self.count(url) for url in (ACTUACIONS, EXPEDIENTS)}
        for name in ("Berta", "Carla", "Dolors"):
            case = self.another_case(name)
            self.record(case, topic=f"Acollida {name}")
            self.record(case, topic=f"Seguiment {name}", urgent=True)
        after = {url: self.count(url) for url in (ACTUACIONS, EXPEDIENTS)}
        self.assertEqual(after, before)

    def test_the_listing_filters_by_service_area_and_violence(self):
        self.record(topic="Jurídica")
        siad_actuacio_create(
            by=self.w.owner,
            expedient=self.w.case,
            topic="Psicològica",
            attending_service=self.lists.legal,
            consultation_area=self.lists.psych_area,
        )
        self.as_user(self.w.owner)
        filters = {
            f"attending_service={self.lists.legal.pk}": "Psicològica",
            f"consultation_area={self.lists.legal_area.pk}": "Jurídica",
            f"violence_situation={self.lists.violence.pk}": "Jurídica",
        }
        for query, topic in filters.items():
            with self.subTest(query):
                response = self.client.get(f"{ACTUACIONS}?{query}")
                topics = [row.topic for row in response.context["object_list"]]
                self.assertEqual(topics, [topic])

    def test_only_what_the_user_reads_is_listed(self):
        self.record()
        for user in (self.w.owner, self.w.t.coordinator):
            response = self.as_user(user).get(ACTUACIONS)
            self.assertEqual(len(response.context["object_list"]), 1)
        for user in (self.w.siad_mate, self.w.siad_elsewhere, self.w.foreign):
            for url in (ACTUACIONS, EXPEDIENTS):
                with self.subTest(user=user.username, url=url):
                    response = self.as_user(user).get(url)
                    self.assertEqual(len(response.context["object_list"]), 0)

    def test_the_ssb_worker_does_not_reach_the_listings(self):
        for url in (ACTUACIONS, EXPEDIENTS):
            response = self.as_user(self.w.t.worker).get(url)
            self.assertNotEqual(response.status_code, 200)

    def test_the_csv_export_names_the_woman_and_the_entries(self):
        self.record(topic="Acollida urgent", urgent=True)
        response = self.as_user(self.w.owner).get(f"{ACTUACIONS}?export=csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["Woman"], str(self.w.woman))
        self.assertEqual(row["Topic"], "Acollida urgent")
        self.assertIn("1 Jurídica", row.values())
        self.assertIn("1.1 Separació i divorci", row.values())
        self.assertIn(self.w.case.number, row["Expedient"])
        entry = LogEntry.objects.get(additional_data__event="export")
        self.assertEqual(entry.actor, self.w.owner)
        self.assertEqual(entry.additional_data["rows"], 1)

    def test_the_xlsx_export_of_expedients_reads_back(self):
        response = self.as_user(self.w.t.coordinator).get(f"{EXPEDIENTS}?export=xlsx")
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        values = [c for row in book.active.iter_rows(values_only=True) for c in row]
        self.assertIn(self.w.case.number, values)
        self.assertIn(str(self.w.woman), values)
        self.assertIn("Woman", values)

    def test_listing_rows_open_the_expedient(self):
        response = self.as_user(self.w.owner).get(EXPEDIENTS)
        self.assertContains(response, expedient_url(self.w.case.pk))
