"""Listing exports: scoped, streamed in chunks, and safe to open in a spreadsheet."""

import csv
import datetime
import gc
import io
from unittest import mock

import openpyxl
from django.db import connection
from django.db.models.query import QuerySet
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from configuration import roles
from configuration.export_jobs import Progress
from configuration.exports import (
    ColumnFormatters,
    SafeExportMixin,
    csv_text,
    cycle_collection_paused,
    neutralise_formula,
)
from configuration.imports.files import read_dataset
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import (
    AreaFactory,
    BenefitFactory,
    DemandTypeFactory,
    TeamFactory,
    TramitTypeFactory,
    professional,
)

FORMULAS = ('=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)")


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


class CsvCellFormattingTests(SimpleTestCase):
    """The CSV writer's formatters (`ColumnFormatters`, which checks text cells
    inline) give every cell what `neutralise_formula` would."""

    def formatted(self, rows: list[list]) -> list[list]:
        class View(SafeExportMixin):
            FORMAT_CSV = "csv"

            def get_preprocess_function(self, field, value, export_format):
                return csv_text if isinstance(value, str) else None

        formatters = ColumnFormatters(View(), ["a", "b"], "csv")
        return [formatters(list(row)) for row in rows]

    def test_text_cells_are_neutralised_like_any_other_export(self):
        values = [*FORMULAS, "\tx", "\ry", "", "Garcia", "a=b", None]
        rows = self.formatted([[value, 7] for value in values])
        self.assertEqual(
            [row[0] for row in rows], [neutralise_formula(value) for value in values]
        )
        self.assertEqual({row[1] for row in rows}, {7})


class CsvBatchFormattingTests(SimpleTestCase):
    """A batch formatted a column at a time (`ColumnFormatters.columns`, the
    CSV writer's) gives, cell for cell, what formatting each row gives."""

    class View(SafeExportMixin, SpreadsheetExportMixin):
        pass

    def test_a_batch_of_mixed_columns_formats_as_its_rows_do(self):
        moment = datetime.datetime(2026, 3, 14, 9, 30, tzinfo=datetime.UTC)
        rows = [
            ["=1+1", 7, None, True, moment, datetime.date(2026, 3, 14), "Garcia"],
            ["Serra", -5, "x", False, None, None, "-2"],
            [None, None, "@A1", None, moment, datetime.date(2026, 1, 2), "Pons"],
            ["", 3, "\tx", True, moment, None, ""],
        ]
        keys = [f"c{n}" for n in range(len(rows[0]))]
        by_row = ColumnFormatters(self.View(), keys, "csv")
        expected = [tuple(by_row(list(row))) for row in rows]
        columns = list(zip(*rows, strict=True))
        by_column = ColumnFormatters(self.View(), keys, "csv")
        self.assertEqual(list(by_column.columns(columns)), expected)
        self.assertEqual(expected[0][0], "'=1+1")
        self.assertEqual(expected[1][6], "'-2")
        self.assertEqual(expected[1][1], -5)  # numbers are never text

    def test_a_column_that_keeps_its_values_is_left_as_it_is(self):
        columns = [(1, 2, None), ("a", "b", "c")]
        formatted = ColumnFormatters(self.View(), ["n", "t"], "csv")
        self.assertEqual(
            list(formatted.columns(columns)), [(1, "a"), (2, "b"), (None, "c")]
        )


class CycleCollectionPausedTests(SimpleTestCase):
    """Exports pause Python's cyclic garbage collector while they write and
    give it back as it was, also when a download is abandoned half-way."""

    def setUp(self):
        self.addCleanup(gc.enable)

    def test_paused_inside_and_running_again_after(self):
        gc.enable()
        with cycle_collection_paused():
            self.assertFalse(gc.isenabled())
        self.assertTrue(gc.isenabled())

    def test_an_abandoned_writer_gives_it_back(self):
        def writer():
            with cycle_collection_paused():
                yield "first"
                yield "second"

        gc.enable()
        chunks = writer()
        self.assertEqual(next(chunks), "first")
        self.assertFalse(gc.isenabled())
        chunks.close()  # the client went away
        self.assertTrue(gc.isenabled())

    def test_a_collector_already_paused_stays_paused(self):
        gc.disable()
        with cycle_collection_paused():
            pass
        self.assertFalse(gc.isenabled())


class BatchProgressTests(SimpleTestCase):
    def test_the_count_is_saved_each_time_it_passes_a_multiple(self):
        saved = []
        progress = Progress(job=None, writer=None, every=4)
        progress.save = lambda: saved.append(progress.count)
        batches = [[(1, 2, 3)], [(4, 5, 6)], [(7,)], []]
        self.assertEqual(list(progress.counted_batches(batches)), batches)
        self.assertEqual(saved, [6])
        self.assertEqual(progress.count, 7)


class NeutraliseFormulaTests(SimpleTestCase):
    def test_it_prefixes_every_formula_trigger(self):
        for value in (*FORMULAS, "\tx", "\rx"):
            with self.subTest(value=value):
                self.assertEqual(neutralise_formula(value), f"'{value}")

    def test_it_leaves_plain_values_alone(self):
        for value in ("Informació", "1.1", 5, -5, None, ""):
            with self.subTest(value=value):
                self.assertEqual(neutralise_formula(value), value)


class CatalogueExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        DemandTypeFactory(code="S1", name="Compartida")
        for number, formula in enumerate(FORMULAS):
            DemandTypeFactory(code=f"F{number}", name=formula, area=cls.area)
        DemandTypeFactory(code="X1", name="D'una altra àrea", area=AreaFactory())

    def setUp(self):
        self.client.force_login(self.coordinator)

    def export(self, fmt="csv", **params):
        query = {"export": fmt, **params}
        return self.client.get(reverse("demandtype:index"), query)

    def test_csv_cells_that_look_like_formulas_are_neutralised(self):
        names = [row[1] for row in csv_rows(self.export())[1:]]
        for formula in FORMULAS:
            self.assertIn(f"'{formula}", names)
            self.assertNotIn(formula, names)

    def test_the_export_holds_only_rows_the_user_may_see(self):
        codes = {row[0] for row in csv_rows(self.export())[1:]}
        self.assertEqual(codes, {"S1", "F0", "F1", "F2", "F3"})

    def test_the_export_keeps_the_listings_search_and_filters(self):
        codes = {row[0] for row in csv_rows(self.export(q="Compartida"))[1:]}
        self.assertEqual(codes, {"S1"})
        codes = {row[0] for row in csv_rows(self.export(scope="local"))[1:]}
        self.assertEqual(codes, {"F0", "F1", "F2", "F3"})

    def test_xlsx_keeps_formulas_as_text_and_the_scope(self):
        response = self.export("xlsx")
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        cells = list(book.active.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(cells), 5)
        self.assertIn(FORMULAS[0], {row[1] for row in cells})
        self.assertTrue(all(cell.data_type == "s" for cell in book.active["B"][1:]))

    def test_the_export_iterates_in_chunks_instead_of_loading_every_row(self):
        with mock.patch.object(
            QuerySet, "iterator", autospec=True, side_effect=QuerySet.iterator
        ) as iterator:
            csv_rows(self.export())
        iterator.assert_called_once()
        self.assertEqual(iterator.call_args.kwargs, {"chunk_size": 2000})

    def test_the_export_runs_no_query_per_row(self):
        with CaptureQueriesContext(connection) as few:
            csv_rows(self.export())
        for number in range(20):
            DemandTypeFactory(code=f"M{number}", area=self.area)
        with self.assertNumQueries(len(few.captured_queries)):
            rows = csv_rows(self.export())
        self.assertEqual(len(rows), 1 + 5 + 20)


class ScopedListingExportTests(TestCase):
    """Every scoped listing gets the safe export, the organisation's too."""

    def test_a_team_export_neutralises_formulas_and_stays_in_the_area(self):
        area = AreaFactory()
        TeamFactory(area=area, name="=cmd|' /C calc'!A0")
        TeamFactory(name="Equip d'una altra àrea")
        self.client.force_login(professional(roles.ADMINISTRADOR, area=area))
        response = self.client.get(reverse("team:index"), {"export": "csv"})
        names = [row[0] for row in csv_rows(response)[1:]]
        self.assertEqual(names, ["'=cmd|' /C calc'!A0"])


class CsvByteOrderMarkTests(TestCase):
    """Issue #16.12: every CSV export starts with a UTF-8 byte order mark, so a
    spreadsheet reads its accents; imports read files with and without one."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        DemandTypeFactory(code="D1", name="Informació i orientació", area=cls.area)
        person_save(
            person=new_person(cls.area, cls.coordinator, surname1="Puigventós"),
            acting_user=cls.coordinator,
        )

    def setUp(self):
        self.client.force_login(self.coordinator)

    def test_every_csv_export_starts_with_the_mark(self):
        for url, params in (
            (reverse("demandtype:index"), {}),
            ("/admin/cercador/", {"q": "puigventos"}),
            (reverse("registres:index"), {}),
            (reverse("team:index"), {}),
        ):
            with self.subTest(url=url):
                response = self.client.get(url, {"export": "csv", **params})
                body = b"".join(response.streaming_content)
                self.assertTrue(body.startswith(b"\xef\xbb\xbf"), body[:20])
                self.assertEqual(body.count(b"\xef\xbb\xbf"), 1)

    def test_the_accents_survive_and_an_import_reads_the_export_back(self):
        response = self.client.get(reverse("demandtype:index"), {"export": "csv"})
        body = b"".join(response.streaming_content)
        for content in (body, body.removeprefix(b"\xef\xbb\xbf")):
            dataset = read_dataset(content, file_format="csv")
            self.assertEqual(dataset.headers[0], "code")  # no mark left on it
            self.assertIn(("D1", "Informació i orientació"), [r[:2] for r in dataset])


class EmptyRelationExportTests(TestCase):
    """Issue #16.9: a tràmit type that pre-assigns no benefit broke the export."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        TramitTypeFactory(code="T1", name="Sense recurs", area=cls.area)
        TramitTypeFactory(
            code="T2",
            name="Amb recurs",
            area=cls.area,
            pre_assigns=BenefitFactory(code="1.1.1", area=cls.area),
        )

    def test_both_formats_leave_the_cell_empty(self):
        self.client.force_login(self.coordinator)
        url = reverse("tramittype:index")
        response = self.client.get(url, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(
            io.BytesIO(b"".join(response.streaming_content))
        ).active
        rows = {row[0]: row[-1] for row in sheet.iter_rows(values_only=True)}
        self.assertEqual((rows["T1"], rows["T2"]), (None, "1.1.1"))
        rows = {
            row[0]: row[-1] for row in csv_rows(self.client.get(url, {"export": "csv"}))
        }
        self.assertEqual((rows["T1"], rows["T2"]), ("", "1.1.1"))
