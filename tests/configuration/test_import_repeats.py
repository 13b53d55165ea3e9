"""Issue #16.10: an entry named twice in one import file with other values is
left out, naming both rows, and the first row stands; before, the later row
silently won. A row that only repeats an earlier one says nothing new."""

from django.test import TestCase

from configuration.models import Benefit, DemandType, ProblemType
from tests.configuration.test_imports import PORTFOLIO, ImportCommandMixin


class RepeatedEntryTests(ImportCommandMixin, TestCase):
    def test_a_code_on_two_rows_names_both_and_the_first_row_stands(self):
        out, _err = self.run_import(
            "demand-types",
            self.write("code,name\nD1,Primera\nD2,Altra\nD1,Segona\n"),
        )
        # The repeat and the first row naming it, as a spreadsheet numbers them.
        self.assertIn("row 4 left out: D1 també és a la fila 2", out)
        self.assertEqual(DemandType.objects.get(code="D1").name, "Primera")
        self.assertTrue(DemandType.objects.filter(code="D2").exists())

    def test_a_code_with_spaces_around_is_the_same_entry(self):
        out, _err = self.run_import(
            "demand-types", self.write("code,name\nD1,Primera\n D1 ,Segona\n")
        )
        self.assertIn("row 3 left out", out)
        self.assertEqual(DemandType.objects.get(code="D1").name, "Primera")

    def test_a_row_that_only_repeats_an_earlier_one_is_no_fault(self):
        out, _err = self.run_import(
            "demand-types", self.write("code,name\nD1,Primera\nD1,PRIMERA\n")
        )
        self.assertNotIn("left out", out)
        self.assertEqual(DemandType.objects.get(code="D1").name, "Primera")

    def test_the_portfolio_names_an_item_by_its_code_and_name(self):
        # As the published file does (5.4.5): one code, two items.
        twice = PORTFOLIO + (
            "1. PRESTACIONS DE SERVEIS,1.1 Serveis socials bàsics,1.1.1 Un altre nom\n"
        )
        out, _err = self.run_import("benefits", self.write(twice))
        self.assertNotIn("left out", out)
        self.assertEqual(Benefit.objects.filter(code="1.1.1").count(), 2)

    def test_the_same_code_in_two_years_is_two_entries(self):
        out, _err = self.run_import(
            "problem-types",
            self.write("code,name,year\nP1,Habitatge,2025\nP1,Habitatge,2026\n"),
        )
        self.assertEqual(self.last_line(out), "created 2, updated 0, unchanged 0")
        years = ProblemType.objects.filter(code="P1").values_list("year", flat=True)
        self.assertEqual(sorted(years), [2025, 2026])
