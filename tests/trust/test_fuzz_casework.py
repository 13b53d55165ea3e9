"""Fuzzing the expedient cover, an actuació and the catalogue import (hypothesis).

Properties: never a 500; a refused form says why and writes nothing; what is
saved is what was typed; no generated markup reaches a page unescaped. A
catalogue file's preview writes nothing, and confirming writes exactly what
the preview counted.
"""

import csv
import datetime
import io
import tempfile
from unittest import mock

import openpyxl
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from casework.models import Actuacio, BasicCase
from casework.tabs import expedient_url
from configuration import roles
from configuration.enums import ExpedientStage
from configuration.models import ActuacioPlace, ActuacioType, DemandType
from tests.factories import professional
from tests.factories.casework import basic_case, territory

from .fuzz import (
    FUZZ,
    PAYLOADS,
    assert_escaped,
    hostile_dates,
    hostile_text,
    logged_in,
    marked,
    post_data,
)


class ExpedientFormsFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)
        cls.atype = ActuacioType.objects.create(code="f-a1", name="Informació")
        cls.place = ActuacioPlace.objects.create(code="f-p1", name="Despatx")

    def form(self, url: str) -> dict:
        self.client = logged_in(self.t.worker)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return post_data(response.context["form"])

    def check_saved_page(self, url: str, values: dict) -> None:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        for value in values.values():
            assert_escaped(self, response, value)

    @FUZZ
    @given(
        family_name=hostile_text,
        external_reference=hostile_text,
        stage=st.one_of(
            st.sampled_from(ExpedientStage.values), st.integers(-5, 99), hostile_text
        ),
    )
    def test_the_cover_saves_what_was_typed_or_says_why_not(self, **values):
        values = {n: v if n == "stage" else marked(v) for n, v in values.items()}
        if isinstance(values["stage"], int):
            values["stage"] = str(values["stage"])
        else:
            values["stage"] = marked(values["stage"])
        self.save_cover(values)

    def test_a_valid_cover_with_markup_is_saved_and_shown_escaped(self):
        response = self.save_cover(
            {"family_name": marked(PAYLOADS[0]), "external_reference": "", "stage": "1"}
        )
        self.assertEqual(response.status_code, 302)

    def save_cover(self, values):
        url = reverse("casework_expedients:edit", args=[self.case.pk])
        data = {**self.form(url), **values}
        response = self.client.post(url, data)
        self.assertIn(response.status_code, (200, 302))
        stored = BasicCase.objects.get(pk=self.case.pk)
        if response.status_code == 200:
            self.assertTrue(response.context["form"].errors)
            self.assertEqual(stored.family_name, self.case.family_name)
            self.assertEqual(stored.version, self.case.version)
            for value in values.values():
                assert_escaped(self, response, value)
            return response
        self.assertEqual(stored.family_name, values["family_name"].strip())
        self.check_saved_page(expedient_url(self.case.pk, "cover"), values)
        return response

    @FUZZ
    @given(
        topic=hostile_text,
        text=hostile_text,
        date=hostile_dates,
        hours=st.one_of(
            st.decimals(allow_nan=True, allow_infinity=True).map(str), hostile_text
        ),
    )
    def test_an_actuacio_is_saved_as_typed_or_refused(self, **values):
        values["topic"], values["text"] = (
            marked(values["topic"]),
            marked(values["text"]),
        )
        self.save_actuacio(values)

    def test_a_valid_actuacio_with_markup_is_saved_and_shown_escaped(self):
        values = {"topic": marked(PAYLOADS[1]), "text": marked(PAYLOADS[0])}
        values |= {"date": str(datetime.date.today()), "hours": "1.5"}
        self.assertEqual(self.save_actuacio(values).status_code, 302)

    def save_actuacio(self, values):
        url = reverse("casework_actuacions:add") + f"?expedient={self.case.pk}"
        data = self.form(url) | values
        data |= {"type": self.atype.pk, "place": self.place.pk}
        data["responsible"] = self.t.worker.pk
        before = Actuacio.objects.count()
        response = self.client.post(url, data)
        self.assertIn(response.status_code, (200, 302))
        for value in values.values():
            assert_escaped(self, response, value)
        if response.status_code == 200:
            self.assertTrue(response.context["form"].errors)
            self.assertEqual(Actuacio.objects.count(), before)
            return response
        self.assertEqual(Actuacio.objects.count(), before + 1)
        actuacio = Actuacio.objects.latest("pk")
        self.assertEqual(actuacio.topic, values["topic"].strip())
        self.check_saved_page(
            reverse("casework_actuacions:inspect", args=[actuacio.pk]), values
        )
        return response


def csv_file(rows, encoding: str) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([["code", "name"], *rows])
    return text.getvalue().encode(encoding, errors="replace")


def xlsx_file(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["code", "name"])
    for row in rows:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


cells = st.one_of(
    hostile_text,
    st.sampled_from(("=1+1", '=HYPERLINK("x")', "@SUM(A1)", "", " ", "1e3")),
    st.text(max_size=8),
)
catalogue_rows = st.lists(st.lists(cells, min_size=0, max_size=4), max_size=6)


class CatalogueImportFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.coordinator = professional(roles.COORDINADOR)

    def upload(self, content: bytes, name: str):
        url = reverse("configuration_catalogue_import", args=["demand-types"])
        upload = io.BytesIO(content)
        upload.name = name
        return self.client.post(url, {"import_file": upload})

    def test_markup_and_a_formula_as_text_are_imported_from_csv(self):
        rows = [["L1", PAYLOADS[0]], ["L2", "=1+1"]]
        self.assertEqual(self.import_file(rows, "utf-8"), 2)
        self.assertEqual(DemandType.objects.get(code="L2").name, "=1+1")

    def test_an_xlsx_formula_cell_stops_the_whole_file(self):
        rows = [["L1", PAYLOADS[0]], ["L2", "=1+1"]]  # a formula has no value stored
        self.assertEqual(self.import_file(rows, "xlsx"), 0)
        self.assertFalse(DemandType.objects.filter(code__in=("L1", "L2")).exists())

    @FUZZ
    @given(
        rows=catalogue_rows,
        kind=st.sampled_from(("utf-8", "utf-8-sig", "latin-1", "utf-16", "xlsx")),
    )
    def test_a_file_is_previewed_without_writing_then_imported_whole(self, rows, kind):
        self.import_file(rows, kind)

    def import_file(self, rows, kind) -> int:
        """Preview then confirm; return how many entries the import created."""
        self.client = logged_in(self.coordinator)
        with (
            tempfile.TemporaryDirectory() as folder,
            mock.patch.object(tempfile, "tempdir", folder),
        ):
            if kind == "xlsx":
                content, name = xlsx_file(rows), "f.xlsx"
            else:
                content, name = csv_file(rows, kind), "f.csv"
            before = DemandType.objects.count()
            response = self.upload(content, name)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(DemandType.objects.count(), before)
            for value in (cell for row in rows for cell in row if cell in PAYLOADS):
                assert_escaped(self, response, value)
            token = response.context.get("token")
            if not token:
                return 0
            created = response.context["outcome"].created
            url = reverse(
                "configuration_catalogue_import_confirm", args=["demand-types"]
            )
            confirmed = self.client.post(url, {"token": token})
            self.assertEqual(confirmed.status_code, 302)
            self.assertEqual(DemandType.objects.count(), before + created)
            return created
