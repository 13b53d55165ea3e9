"""Issue #21: exports read their columns as values (a server-side cursor, one
formatter per column, relations labelled once, the desk's expedients counted a
chunk at a time) and write exactly what the instance path writes."""

import csv
import datetime
import io
from unittest import mock

import openpyxl
from django.db import connection
from django.db.models import Count, QuerySet
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from configuration import exports
from configuration.enums import PersonStatus
from configuration.export_plan import (
    ChunkQuery,
    Converted,
    ValueColumn,
    ValueRows,
    choice_label,
    compile_columns,
)
from configuration.models import Municipality, User
from directory.models import Person
from directory.search_desk import SearchDeskView
from directory.services import person_save
from tests.factories import DemandTypeFactory
from tests.factories.casework import basic_case, resident, territory

URL = "/admin/cercador/"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_cells(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.rows]


class DeskExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.anna = resident(
            cls.t,
            surname1="Serra",
            surname2="Vila",
            first_name="Anna",
            document_number="12345678Z",
            birth_date=datetime.date(1980, 5, 17),
        )
        basic_case(cls.t, cls.anna)
        basic_case(cls.t, cls.anna)
        cls.formula = resident(
            cls.t, surname1="Serra", surname2="", first_name="=HYPERLINK(1)"
        )
        nobody = Person(
            area=cls.t.area,
            first_name="Pere",
            surname1="Serra",
            surname2="Roca",
            status=PersonStatus.DECEASED,
            death_date=datetime.date(2024, 1, 2),
            reference_professional=cls.t.teammate,
        )
        cls.unreferred = person_save(person=nobody, acting_user=cls.t.worker)

    def setUp(self):
        self.client.force_login(self.t.coordinator)

    def export(self, export_format: str, **criteria) -> bytes:
        params = {"q": "serra", "export": export_format, **criteria}
        return body(self.client.get(URL, params))

    def instance_export(self, export_format: str, **criteria) -> bytes:
        with mock.patch.object(SearchDeskView, "fast_export", False):
            return self.export(export_format, **criteria)

    def test_the_rows_are_the_expected_ones(self):
        rows = csv_rows(self.export("csv", ordering="birth_date"))
        municipality = str(self.t.sector.municipality)
        worker = str(self.t.worker)
        self.assertEqual(
            sorted(rows[1:]),
            sorted(
                [
                    # the status as the listing shows it, in the desk's Catalan
                    ["Serra", "Vila", "Anna", "12345678Z", "", "1980-05-17"]
                    + ["Actiu", municipality, worker, "2"],
                    ["Serra", "", "'=HYPERLINK(1)", "", "", ""]
                    + ["Actiu", municipality, worker, "0"],
                    ["Serra", "Roca", "Pere", "", "", "", "Èxitus", ""]
                    + [str(self.t.teammate), "0"],
                ]
            ),
        )

    def test_csv_is_byte_for_byte_the_instance_export(self):
        for criteria in ({}, {"ordering": "-birth_date"}, {"status": "1"}):
            with self.subTest(criteria=criteria):
                self.assertEqual(
                    self.export("csv", **criteria),
                    self.instance_export("csv", **criteria),
                )

    def test_several_chunks_write_the_same_rows(self):
        whole = self.export("csv", ordering="birth_date")
        with (
            mock.patch.object(exports, "EXPORT_CHUNK_SIZE", 1),
            mock.patch.object(exports, "EXPORT_BATCH_SIZE", 2),
        ):
            self.assertEqual(self.export("csv", ordering="birth_date"), whole)
        with mock.patch.object(exports, "LABEL_CACHE_SIZE", 1):
            self.assertEqual(self.export("csv", ordering="birth_date"), whole)

    def test_xlsx_holds_the_instance_exports_cells(self):
        fast = xlsx_cells(self.export("xlsx", ordering="birth_date"))
        slow = xlsx_cells(self.instance_export("xlsx", ordering="birth_date"))
        self.assertEqual(fast[0], slow[0])
        self.assertEqual(sorted(map(repr, fast[1:])), sorted(map(repr, slow[1:])))
        anna = next(row for row in fast if row[2][0] == "Anna")
        self.assertEqual(anna[5], (datetime.datetime(1980, 5, 17), "d"))
        self.assertEqual(anna[9], (2, "n"))
        formula = next(row for row in fast if row[2][0] == "=HYPERLINK(1)")
        self.assertEqual(formula[2][1], "s")  # text, never a formula

    def test_the_export_builds_no_person(self):
        with mock.patch.object(Person, "from_db", side_effect=AssertionError):
            rows = csv_rows(self.export("csv"))
        self.assertEqual(len(rows), 4)

    def test_the_queries_do_not_grow_with_the_rows_or_their_expedients(self):
        with CaptureQueriesContext(connection) as few:
            self.export("csv")
        for number in range(6):
            person = resident(self.t, first_name=f"Pau{number}")
            basic_case(self.t, person)
        with self.assertNumQueries(len(few.captured_queries)):
            rows = csv_rows(self.export("csv"))
        self.assertEqual(len(rows), 1 + 3 + 6)

    def test_an_expedient_the_user_may_not_see_is_not_counted(self):
        basic_case(self.t, self.anna, confidential=True, by=self.t.outsider)
        for export in (self.export, self.instance_export):
            rows = csv_rows(export("csv"))
            anna = next(row for row in rows if row[2] == "Anna")
            self.assertEqual(anna[-1], "2")


class ColumnPlanTests(TestCase):
    def test_fields_relations_and_annotations_compile(self):
        queryset = Person.objects.select_related("residence_municipality").annotate(
            n=Count("pk")
        )
        columns = compile_columns(
            queryset,
            ["surname1", "residence_municipality", "residence_municipality.name", "n"],
        )
        self.assertEqual(
            columns,
            [
                ValueColumn("surname1", "surname1"),
                ValueColumn(
                    "residence_municipality",
                    "residence_municipality",
                    related=Municipality,
                    target="id",
                    select=(),
                ),
                ValueColumn(
                    "residence_municipality.name", "residence_municipality__name"
                ),
                ValueColumn("n", "n"),
            ],
        )

    def test_anything_else_keeps_the_instances(self):
        for key in ("full_name", "__str__", "surname1.upper", "nothing"):
            with self.subTest(key=key):
                self.assertIsNone(compile_columns(Person.objects.all(), [key]))
        self.assertIsNone(compile_columns(User.objects.all(), ["teams"]))

    def test_a_view_may_say_how_a_column_is_read(self):
        status = choice_label(Person, "status")
        self.assertEqual(status.convert(PersonStatus.DECEASED), "Èxitus")
        self.assertEqual(status.convert(99), 99)  # unknown codes as they are
        (column,) = compile_columns(
            Person.objects.all(),
            ["referred"],
            {"referred": Converted(bool, lookup="reference_professional")},
        )
        self.assertEqual(
            (column.lookup, column.related), ("reference_professional", User)
        )
        (column,) = compile_columns(
            Person.objects.all(),
            ["referred"],
            {
                "referred": Converted(
                    bool, lookup="reference_professional", labelled=False
                )
            },
        )
        self.assertEqual((column.related, column.convert), (None, bool))

    def test_a_relation_is_labelled_with_what_the_listing_selects(self):
        queryset = Person.objects.select_related("reference_professional__area")
        (column,) = compile_columns(queryset, ["reference_professional"])
        self.assertEqual((column.related, column.select), (User, ("area",)))


class ChunkQueryTests(TestCase):
    def test_it_runs_one_compiled_query_per_chunk(self):
        t = territory()
        people = [resident(t, first_name=name) for name in ("Anna", "Pol", "Joan")]
        for person in people[:2]:
            basic_case(t, person)
        query = ChunkQuery(
            Person.objects.order_by()
            .values_list("pk")
            .annotate(n=Count("expedient_links")),
            "pk",
        )
        with self.assertNumQueries(1):
            self.assertEqual(
                dict(query.rows([people[0].pk, people[2].pk])),
                {people[0].pk: 1, people[2].pk: 0},
            )
        self.assertEqual(query.rows([]), [])


class ValueRowsTests(TestCase):
    def test_the_iterator_runs_in_chunks_on_a_server_side_cursor(self):
        t = territory()
        resident(t)
        columns = compile_columns(Person.objects.all(), ["surname1"])
        with mock.patch.object(
            QuerySet, "iterator", autospec=True, side_effect=QuerySet.iterator
        ) as iterator:
            rows = list(
                ValueRows(Person.objects.all(), columns, chunk_size=7, label_limit=10)
            )
        self.assertEqual(rows, [["Serra"]])
        self.assertEqual(iterator.call_args.kwargs, {"chunk_size": 7})


class CatalogueFastPathTests(TestCase):
    """A catalogue's columns (fields and its area) go through values, and its
    export is the instance export's, byte for byte, formulas neutralised."""

    def test_csv_and_xlsx_match_the_instance_export(self):
        t = territory()
        DemandTypeFactory(code="S1", name="Compartida")
        DemandTypeFactory(code="F1", name="=1+1", area=t.area)
        self.client.force_login(t.coordinator)
        url = reverse("demandtype:index")
        for export_format in ("csv", "xlsx"):
            with self.subTest(export_format=export_format):
                fast = body(self.client.get(url, {"export": export_format}))
                with mock.patch.object(exports.SafeExportMixin, "fast_export", False):
                    slow = body(self.client.get(url, {"export": export_format}))
                if export_format == "csv":
                    self.assertEqual(fast, slow)
                    self.assertIn(b"'=1+1", fast)
                else:
                    self.assertEqual(xlsx_cells(fast), xlsx_cells(slow))
