"""Issue #21: a return's XLSX or PDF "in the background". It is queued as an
export job on the exports backend with the screen's criteria (never what was
counted); the worker produces the return again as its owner, saving its
progress table by table; the file is the synchronous download's, for its
owner only while it is kept; one audit entry for the export, one per
download."""

import datetime
from datetime import date
from io import BytesIO
from pathlib import Path
from unittest import mock

from auditlog.models import LogEntry
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task_backends
from openpyxl import load_workbook

from configuration import export_jobs
from configuration.export_jobs import export_job_run, export_jobs_expire
from configuration.models import ExportJob, ExportState
from reports.models import ReturnDefinition
from tests.configuration.test_background_exports import QUEUED, PrivateFolder, body
from tests.factories import UserFactory
from tests.website.test_learning import pdf_text

from .fixtures import YEAR, actuacio, case
from .test_choice_table import ChoiceTableData

RETURN = reverse("reports_return")
EXPORTS = "/admin/exportacions/"


def download_url(job) -> str:
    return reverse("llar_export_download", args=[job.pk])


def export_entries():
    return LogEntry.objects.filter(additional_data__event="export")


def sheets(content: bytes) -> dict:
    book = load_workbook(BytesIO(content))
    return {
        name: [list(row) for row in book[name].iter_rows(values_only=True)]
        for name in book.sheetnames
    }


class World(PrivateFolder, ChoiceTableData):
    def setUp(self):
        self.client.force_login(self.t.coordinator)

    def ask(self, export_format="xlsx", **params):
        query = self.query(format=export_format, background="1", **params)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.get(RETURN, query)

    def synchronous(self, export_format="xlsx", **params) -> bytes:
        return self.client.get(RETURN, self.query(format=export_format, **params))

    def job_file(self, job) -> bytes:
        job.refresh_from_db()
        return Path(self.private, job.file.name).read_bytes()


@override_settings(TASKS=QUEUED)
class QueuedReturnTests(World, TestCase):
    def setUp(self):
        super().setUp()
        task_backends["exports"].clear()

    def test_the_screen_offers_both_files_in_the_background(self):
        response = self.client.get(RETURN, self.query())
        for export_format in ("xlsx", "pdf"):
            url = response.context[f"{export_format}_background_url"]
            self.assertIn("background=1", url)
            self.assertIn(f"format={export_format}", url)
            self.assertContains(response, url.replace("&", "&amp;"))
        self.assertContains(response, "Exporta en segon pla (PDF)")

    def test_asking_queues_a_job_with_the_criteria_and_nothing_counted(self):
        response = self.ask(publishable="on")
        self.assertRedirects(response, EXPORTS)
        job = ExportJob.objects.get()
        self.assertEqual(job.owner, self.t.coordinator)
        self.assertEqual(job.state, ExportState.QUEUED)
        self.assertEqual(job.path, RETURN)
        self.assertEqual(job.export_format, "xlsx")
        self.assertEqual(job.listing, "Memòries: RUDEL Fitxa 1 (2025)")
        self.assertEqual(
            job.filename, f"rudel-fitxa-1-{YEAR}-{YEAR}-01-01-{YEAR}-12-31.xlsx"
        )
        self.assertEqual(
            job.criteria["query"],
            f"definition={self.definition.pk}&year={YEAR}"
            "&count_by=demand%3Aaid&publishable=on",
        )
        self.assertEqual(job.criteria["model"], "reports.returndefinition")
        self.assertEqual(job.criteria["filters"]["count_by"], "demand:aid")
        self.assertEqual(job.criteria["scope"]["area"], self.t.area.pk)
        results = list(task_backends["exports"].results)
        self.assertEqual([result.args for result in results], [[job.pk]])
        self.assertFalse(export_entries().exists())
        page = self.client.get(EXPORTS)
        self.assertContains(page, "Memòries: RUDEL Fitxa 1 (2025)")
        self.assertContains(page, 'data-export-state="queued"')

    def test_running_saves_progress_per_table_then_done(self):
        self.ask()
        job = ExportJob.objects.get()
        seen = []
        real_update = export_jobs.JobWriter.update

        def update_and_look(writer, job_id, **values):
            real_update(writer, job_id, **values)
            seen.append(
                ExportJob.objects.values_list("state", "rows_done", "rows_total").get()
            )

        with mock.patch.object(export_jobs.JobWriter, "update", update_and_look):
            self.assertEqual(export_job_run(job_id=job.pk), ExportState.DONE)
        tables = len(sheets(self.job_file(job))) - 1  # and the figures' sheet
        self.assertEqual(seen, [("running", n, tables) for n in range(1, tables + 1)])
        job.refresh_from_db()
        self.assertEqual(
            (job.rows_done, job.rows_total, job.percent), (tables, tables, 100)
        )
        self.assertEqual(job.expires_at - job.finished_at, datetime.timedelta(hours=72))
        entry = export_entries().get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.content_type.model_class(), ReturnDefinition)
        self.assertEqual(entry.additional_data["job"], job.pk)
        self.assertEqual(entry.additional_data["format"], "xlsx")
        self.assertEqual(
            entry.additional_data["rows"], self.definition.variables.count()
        )
        self.assertEqual(entry.additional_data["criteria"]["count_by"], "demand:aid")
        # A job runs once.
        self.assertEqual(export_job_run(job_id=job.pk), ExportState.DONE)
        self.assertEqual(export_entries().count(), 1)

    def test_the_files_are_the_synchronous_downloads(self):
        for export_format in ("xlsx", "pdf"):
            with self.subTest(export_format=export_format):
                ExportJob.objects.all().delete()
                self.ask(export_format, publishable="on")
                job = ExportJob.objects.get()
                export_job_run(job_id=job.pk)
                written = self.job_file(job)
                direct = self.synchronous(export_format, publishable="on").content
                if export_format == "xlsx":
                    self.assertEqual(sheets(written), sheets(direct))
                    self.assertIn("Ajut municipal", sheets(written))
                else:
                    self.assertEqual(pdf_text(written), pdf_text(direct))
                    self.assertIn("Ajut municipal", pdf_text(written))

    def test_the_return_is_produced_with_the_owners_scope_at_run_time(self):
        self.ask()
        job = ExportJob.objects.get()
        # After the request: a demand in scope, and one of another area.
        new = case(self.t, self.anna, date(YEAR, 2, 2))
        actuacio(new, date(YEAR, 2, 3))
        self.demand(new, date(YEAR, 2, 3), aid="no")
        self.demand(self.o, date(YEAR, 2, 3), aid="no")
        export_job_run(job_id=job.pk)
        rows = sheets(self.job_file(job))["Ajut municipal"]
        self.assertIn(["Sense ajut", 2, 2], rows)

    def test_an_owner_who_may_no_longer_produce_returns_gets_a_failed_job(self):
        self.ask("pdf")
        job = ExportJob.objects.get()
        self.t.coordinator.groups.clear()
        self.assertEqual(export_job_run(job_id=job.pk), ExportState.FAILED)
        job.refresh_from_db()
        self.assertEqual(job.error, "You may no longer run this listing.")
        self.assertFalse(job.file)
        self.assertFalse(export_entries().exists())

    def test_an_owner_moved_to_another_area_gets_a_failed_job(self):
        self.ask()
        job = ExportJob.objects.get()
        self.t.coordinator.area = self.other.area
        self.t.coordinator.save(update_fields=["area"])
        self.assertEqual(export_job_run(job_id=job.pk), ExportState.FAILED)
        job.refresh_from_db()
        self.assertEqual(job.error, "Your area changed after the export was asked for.")

    def test_bad_requests_queue_nothing(self):
        for params in (
            {"count_by": "demand:secret"},  # another area's field: 404
            {"format": "doc"},  # not a file a return has: the screen
            {"end": "31/12/2024"},  # one date only: the screen, with the error
        ):
            with self.subTest(params=params):
                query = self.query(background="1", **{"format": "xlsx", **params})
                with self.captureOnCommitCallbacks(execute=True):
                    response = self.client.get(RETURN, query)
                self.assertIn(response.status_code, (200, 404))
        self.assertFalse(ExportJob.objects.exists())
        self.client.force_login(self.t.worker)
        self.assertEqual(self.ask().status_code, 404)
        self.assertFalse(ExportJob.objects.exists())


class DownloadReturnTests(World, TestCase):
    """End to end with the immediate backend: ask, the job runs, download."""

    def setUp(self):
        super().setUp()
        self.ask("pdf")
        self.job = ExportJob.objects.get()

    def test_the_owner_downloads_it_and_each_download_is_audited(self):
        self.assertEqual(self.job.state, ExportState.DONE)
        response = self.client.get(download_url(self.job))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn(".pdf", response["Content-Disposition"])
        self.assertIn("Ajut municipal", pdf_text(body(response)))
        read = LogEntry.objects.filter(additional_data__event="export_download").get()
        self.assertEqual(read.actor, self.t.coordinator)
        self.assertEqual(read.content_type.model_class(), ReturnDefinition)
        self.assertEqual(read.additional_data["job"], self.job.pk)
        self.assertContains(self.client.get(EXPORTS), download_url(self.job))

    def test_its_progress_counts_tables_not_rows(self):
        """A return's progress counts its tables: "taules", never "files"
        (rows), on "My exports", in its progress and on the home notice."""
        tables = self.job.rows_total
        self.assertGreater(tables, 1)
        self.assertEqual(self.job.criteria["unit"], "tables")
        page = self.client.get(EXPORTS)
        self.assertContains(page, f"{tables} de {tables} taules")
        self.assertNotContains(page, "files")
        url = reverse("llar_export_progress") + f"?ids={self.job.pk}"
        data = self.client.get(url).json()["jobs"][0]
        self.assertEqual(data["progress_text"], f"{tables} de {tables} taules")
        home = self.client.get("/admin/")
        self.assertContains(home, f"<td>{tables} taules</td>", html=True)
        with translation.override("es"):
            self.assertEqual(self.job.progress_text, f"{tables} de {tables} tablas")
            self.assertEqual(self.job.done_text, f"{tables} tablas")
        self.job.rows_done = 1
        with translation.override("ca"):
            self.assertEqual(self.job.done_text, "1 taula")

    def test_nobody_else_downloads_it(self):
        superuser = UserFactory(is_superuser=True, is_staff=True, area=None)
        for user in (
            self.t.worker,
            self.t.teammate,
            self.other.coordinator,
            superuser,
        ):
            with self.subTest(user=user):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.get(download_url(self.job)).status_code, 404
                )
                self.assertNotContains(self.client.get(EXPORTS), download_url(self.job))

    def test_it_expires_and_its_file_goes(self):
        path = Path(self.private, self.job.file.name)
        self.assertTrue(path.exists())
        later = timezone.now() + datetime.timedelta(hours=73)
        self.assertEqual(export_jobs_expire(now=later), 1)
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, ExportState.EXPIRED)
        self.assertFalse(path.exists())
        self.assertEqual(self.client.get(download_url(self.job)).status_code, 404)
