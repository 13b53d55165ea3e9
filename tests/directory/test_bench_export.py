"""The exports benchmark (`bench_export`) at a tiny scale: it times downloads
(never a background job), a small and a large export per format and path, and
with --baseline each again as the server's defaults plan it (no timing is
asserted)."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from configuration.models import ExportJob
from tests.directory.test_load import demo_areas


def bench_export(**options) -> str:
    out = StringIO()
    call_command("bench_export", username="treballadora", stdout=out, **options)
    return out.getvalue()


class BenchExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_areas()
        call_command("generate_load", persons=120, seed=3, stdout=StringIO())

    def test_it_times_each_format_path_and_export_as_a_download(self):
        with self.settings(LLAR_BACKGROUND_EXPORT_ROWS=1):
            output = bench_export(large=1)
        self.assertFalse(ExportJob.objects.exists())
        lines = [ln for ln in output.splitlines() if ln.startswith("| values")]
        self.assertEqual(len(lines), 4)  # csv and xlsx, small and large
        for line in output.splitlines()[2:]:
            rows = int(line.split("|")[4])
            self.assertGreater(rows, 0, line)
            self.assertRegex(line, r"(PASS|MISS) \(≥ [\d,]+/s, < 50 MiB\)")
        self.assertIn("residence_municipality=", output)

    def test_the_baseline_runs_each_export_again(self):
        output = bench_export(formats="csv", paths="values", baseline=True)
        self.assertEqual(output.count("| values | csv |"), 4)
        self.assertEqual(output.count("(server planning, comparison)"), 2)
        self.assertNotIn("xlsx", output)
