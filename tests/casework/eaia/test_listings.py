"""The EAIA listings (domain.md §5.1): expedients by state, phase and
priority; Evolució periods by expedient type, territoriality and
administrative situation; EAIA actuacions by thematic scope, type and place.
Filters, CSV/XLSX export (logged), only what the user reads, and a constant
number of queries however many rows."""

import csv
import io
from datetime import date

from auditlog.models import LogEntry
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from casework.modules.eaia.enums import (
    EaiaExpedientType,
    EaiaPriority,
    EaiaTerritoriality,
    EaiaThematicScope,
)
from casework.modules.eaia.services import (
    eaia_actuacio_create,
    eaia_evolution_add,
    open_child_protection_expedient,
)

from .data import InEnglish, child, eaia_world

EXPEDIENTS = reverse("casework_eaia_expedients:index")
EVOLUTION = reverse("casework_eaia_evolution:index")
ACTUACIONS = reverse("casework_eaia_actuacions:index")
LISTINGS = (EXPEDIENTS, EVOLUTION, ACTUACIONS)


class ListingTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        cls.fill(cls.w.case)

    @classmethod
    def fill(cls, case):
        w = cls.w
        eaia_evolution_add(
            by=w.owner,
            expedient=case,
            starts_on=date(2026, 1, 1),
            expedient_type=EaiaExpedientType.RISK,
            territoriality=EaiaTerritoriality.REFERENCE,
            administrative_situation="Estudi",
        )
        eaia_evolution_add(
            by=w.owner,
            expedient=case,
            starts_on=date(2026, 2, 1),
            expedient_type=EaiaExpedientType.TUTELAGE,
            territoriality=EaiaTerritoriality.CO_REFERENCE,
            administrative_situation="Proposta de mesura",
            other_team_1="EAIA Garraf",
            other_team_1_role=EaiaTerritoriality.COLLABORATION,
        )
        eaia_actuacio_create(
            by=w.owner,
            expedient=case,
            topic="Visita domiciliària",
            place=w.place,
            type=w.kind,
            thematic_scope=EaiaThematicScope.FAMILY,
        )

    def another_case(self, name):
        case = open_child_protection_expedient(
            by=self.w.owner,
            person=child(self.w.t, name),
            priority=EaiaPriority.URGENT,
        )
        self.fill(case)
        return case

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_listings_keep_their_queries_however_many_rows(self):
        self.client.force_login(self.w.owner)
        for url in LISTINGS:
            self.count(url)
        before = {url: self.count(url) for url in LISTINGS}
        for name in ("Berta", "Carles", "Dídac"):
            self.another_case(name)
        self.assertEqual({url: self.count(url) for url in LISTINGS}, before)
        response = self.client.get(EVOLUTION)
        self.assertEqual(len(response.context["object_list"]), 8)
        for url in (EVOLUTION, ACTUACIONS):
            self.assertContains(self.client.get(url), str(self.w.child))

    def test_the_filters_narrow_the_rows(self):
        urgent = self.another_case("Berta")
        self.client.force_login(self.w.owner)
        response = self.client.get(f"{EXPEDIENTS}?priority={EaiaPriority.URGENT}")
        self.assertEqual(list(response.context["object_list"]), [urgent])
        response = self.client.get(
            f"{EVOLUTION}?expedient_type={EaiaExpedientType.TUTELAGE}&current=true"
        )
        rows = list(response.context["object_list"])
        self.assertEqual(len(rows), 2)
        self.assertTrue(all(row.ends_on is None for row in rows))
        response = self.client.get(
            f"{ACTUACIONS}?thematic_scope={EaiaThematicScope.HEALTH}"
        )
        self.assertEqual(list(response.context["object_list"]), [])

    def test_nobody_outside_the_scope_sees_the_rows(self):
        for user in (self.w.eaia_elsewhere, self.w.foreign):
            self.client.force_login(user)
            for url in LISTINGS:
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(list(response.context["object_list"]), [])
        self.client.force_login(self.w.siad)
        for url in LISTINGS:
            with self.subTest(url=url):
                self.assertNotEqual(self.client.get(url).status_code, 200)

    def test_the_csv_export_names_the_child_and_is_logged(self):
        self.client.force_login(self.w.owner)
        response = self.client.get(f"{ACTUACIONS}?export=csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["Child or adolescent"], str(self.w.child))
        self.assertEqual(rows[0]["Topic"], "Visita domiciliària")
        entry = LogEntry.objects.get(additional_data__event="export")
        self.assertEqual(entry.actor, self.w.owner)

    def test_the_xlsx_exports_read_back(self):
        self.client.force_login(self.w.t.coordinator)
        for url, expected in (
            (EXPEDIENTS, self.w.case.number),
            (EVOLUTION, "Proposta de mesura"),
        ):
            with self.subTest(url):
                response = self.client.get(f"{url}?export=xlsx")
                book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
                values = [
                    c for row in book.active.iter_rows(values_only=True) for c in row
                ]
                self.assertIn(expected, values)
