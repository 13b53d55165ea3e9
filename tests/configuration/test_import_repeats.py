"""Issue #16.10: an entry named twice in one import file is refused, naming
both rows; before, the later row silently won."""

import io

from django.core.management import CommandError, call_command
from django.test import TestCase

from configuration.models import Benefit, DemandType, ProblemType
from tests.configuration.test_imports import PORTFOLIO, ImportCommandMixin


class RepeatedEntryTests(ImportCommandMixin, TestCase):
    def refused(self, catalogue: str, text: str) -> str:
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_catalogue", catalogue, str(self.write(text)), stderr=err
            )
        return err.getvalue()

    def test_a_code_on_two_rows_names_both_and_writes_nothing(self):
        message = self.refused(
            "demand-types", "code,name\nD1,Primera\nD2,Altra\nD1,Segona\n"
        )
        # The repeat and the first row naming it, as a spreadsheet numbers them.
        self.assertIn("fila 4, columna code: D1 també és a la fila 2", message)
        self.assertFalse(DemandType.objects.filter(code="D1").exists())

    def test_a_code_with_spaces_around_is_the_same_entry(self):
        self.refused("demand-types", "code,name\nD1,Primera\n D1 ,Segona\n")

    def test_the_portfolio_names_an_item_by_its_code(self):
        twice = PORTFOLIO + (
            "1. PRESTACIONS DE SERVEIS,1.1 Serveis socials bàsics,1.1.1 Un altre nom\n"
        )
        self.assertIn("1.1.1", self.refused("benefits", twice))
        self.assertFalse(Benefit.objects.exists())

    def test_the_same_code_in_two_years_is_two_entries(self):
        out, _err = self.run_import(
            "problem-types",
            self.write("code,name,year\nP1,Habitatge,2025\nP1,Habitatge,2026\n"),
        )
        self.assertEqual(self.last_line(out), "created 2, updated 0, unchanged 0")
        years = ProblemType.objects.filter(code="P1").values_list("year", flat=True)
        self.assertEqual(sorted(years), [2025, 2026])
