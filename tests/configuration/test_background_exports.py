"""Issue #21: background exports. A listing export above the threshold, or
asked for in the background, is queued; the worker re-runs the listing as its
owner, writes the same file a download would, with progress; only the owner
downloads it, while it is kept; one audit entry per export, one per download."""

import csv
import datetime
import io
from pathlib import Path
from unittest import mock

import openpyxl
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from configuration import export_jobs, exports
from configuration.audit.events import AuditEvent, event_filter
from configuration.export_jobs import export_job_run, export_jobs_expire
from configuration.models import ExportJob, ExportState
from directory.models import Person
from tests.factories import UserFactory
from tests.factories.casework import basic_case, resident, territory
from tests.private_folder import PrivateFolder

DESK = "/admin/cercador/"
EXPORTS = "/admin/exportacions/"
HOME = "/admin/"
QUEUED = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "exports": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["exports"],
    },
}


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def download_url(job) -> str:
    return reverse("llar_export_download", args=[job.pk])


def new_job(owner, **fields) -> ExportJob:
    """A job of the desk's, as `export_job_start` would record it."""
    values = {"listing": "Cercador", "path": DESK, "export_format": "csv", **fields}
    return ExportJob.objects.create(owner=owner, **values)


def export_entries():
    return LogEntry.objects.filter(additional_data__event="export")


class World(PrivateFolder):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.anna = resident(
            cls.t,
            first_name="Anna",
            document_number="12345678Z",
            birth_date=datetime.date(1980, 5, 17),
        )
        basic_case(cls.t, cls.anna)
        cls.formula = resident(cls.t, first_name="=HYPERLINK(1)")
        cls.pere = resident(cls.t, first_name="Pere", surname2="Roca")
        cls.other = territory()
        resident(cls.other, first_name="Marta")  # another area's Serra
        cls.superuser = UserFactory(is_superuser=True, is_staff=True, area=None)

    def setUp(self):
        self.client.force_login(self.t.coordinator)

    def ask(self, export_format="csv", **params):
        """Ask for the desk's export in the background, as the coordinator."""
        query = {"q": "serra", "export": export_format, "background": "1", **params}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(DESK, query)
        return response

    def synchronous(self, export_format="csv", **params) -> bytes:
        query = {"q": "serra", "export": export_format, **params}
        return body(self.client.get(DESK, query))

    def job_file(self, job) -> bytes:
        job.refresh_from_db()
        return Path(self.private, job.file.name).read_bytes()


@override_settings(TASKS=QUEUED)
class QueuedJobTests(World, TestCase):
    """The worker's steps, one at a time: queued, running with progress, done."""

    def setUp(self):
        super().setUp()
        task_backends["exports"].clear()

    def test_asking_queues_a_job_and_sends_to_my_exports(self):
        response = self.ask(ordering="birth_date")
        self.assertRedirects(response, EXPORTS)
        job = ExportJob.objects.get()
        self.assertEqual(job.owner, self.t.coordinator)
        self.assertEqual(job.state, ExportState.QUEUED)
        self.assertEqual(job.rows_total, 3)
        self.assertEqual(job.filename, "persones.csv")
        self.assertEqual(job.path, DESK)
        # What narrowed it, never how to export it, and the owner's scope.
        self.assertEqual(job.criteria["query"], "q=serra&ordering=birth_date")
        self.assertEqual(
            job.criteria["scope"],
            {
                "area": self.t.area.pk,
                "teams": [self.t.team.pk],
                "superuser": False,
            },
        )
        # Queued for the worker, with the job's number only.
        results = list(task_backends["exports"].results)
        self.assertEqual(len(results), 1)
        self.assertEqual(results[0].args, [job.pk])
        # Nothing is audited until the file is written.
        self.assertFalse(export_entries().exists())
        page = self.client.get(EXPORTS)
        self.assertContains(page, "En cua")
        self.assertContains(page, 'data-export-state="queued"')

    def test_running_saves_progress_then_done(self):
        self.ask()
        job = ExportJob.objects.get()
        seen = []
        real_save = export_jobs.Progress.save

        def save_and_look(progress):
            real_save(progress)
            seen.append(
                ExportJob.objects.values_list("state", "rows_done", "rows_total").get()
            )

        # A CSV is written a batch of rows at a time: two rows a batch here,
        # the count saved at the end of each.
        with (
            mock.patch.object(export_jobs, "PROGRESS_EVERY", 1),
            mock.patch.object(exports, "EXPORT_CHUNK_SIZE", 2),
            mock.patch.object(exports, "EXPORT_BATCH_SIZE", 2),
            mock.patch.object(export_jobs.Progress, "save", save_and_look),
        ):
            self.assertEqual(export_job_run(job_id=job.pk), ExportState.DONE)
        self.assertEqual(seen, [("running", 2, 3), ("running", 3, 3)])
        job.refresh_from_db()
        self.assertEqual(job.state, ExportState.DONE)
        self.assertEqual(job.rows_done, 3)
        self.assertTrue(job.file.name.startswith(f"exports/{self.t.coordinator.pk}/"))
        kept = job.expires_at - job.finished_at
        self.assertEqual(kept, datetime.timedelta(hours=72))
        # A job runs once: a second delivery of the task does nothing.
        self.assertEqual(export_job_run(job_id=job.pk), ExportState.DONE)
        self.assertEqual(export_entries().count(), 1)

    def test_the_progress_endpoint_reports_the_owners_jobs(self):
        self.ask()
        job = ExportJob.objects.get()
        ExportJob.objects.filter(pk=job.pk).update(state="running", rows_done=1)
        url = reverse("llar_export_progress") + f"?ids={job.pk}"
        data = self.client.get(url).json()
        self.assertEqual(
            data["jobs"],
            [
                {
                    "id": job.pk,
                    "state": "running",
                    "label": "En curs",
                    "active": True,
                    "rows_done": 1,
                    "rows_total": 3,
                    "percent": 33,
                    "progress_text": "1 de 3 files",
                    "download_url": "",
                }
            ],
        )
        # Someone else asking for the same number learns nothing.
        self.client.force_login(self.t.teammate)
        self.assertEqual(self.client.get(url).json(), {"jobs": []})

    def test_the_file_is_the_synchronous_export(self):
        for export_format in ("csv", "xlsx"):
            with self.subTest(export_format=export_format):
                ExportJob.objects.all().delete()
                self.ask(export_format, ordering="birth_date")
                job = ExportJob.objects.get()
                export_job_run(job_id=job.pk)
                written = self.job_file(job)
                direct = self.synchronous(export_format, ordering="birth_date")
                if export_format == "csv":
                    self.assertEqual(written, direct)
                    self.assertEqual(len(csv_rows(written)), 4)  # no Marta
                else:
                    self.assertEqual(sheet(written), sheet(direct))

    def test_the_listing_is_rerun_with_the_owners_scope_at_run_time(self):
        self.ask()
        job = ExportJob.objects.get()
        # A person added (in scope) and one of another area after the request:
        # the worker lists what the owner may list when it runs.
        resident(self.t, first_name="Jordi")
        resident(self.other, first_name="Laia")
        export_job_run(job_id=job.pk)
        names = sorted(row[2] for row in csv_rows(self.job_file(job))[1:])
        self.assertEqual(names, ["'=HYPERLINK(1)", "Anna", "Jordi", "Pere"])

    def test_an_owner_moved_to_another_area_gets_a_failed_job(self):
        self.ask()
        job = ExportJob.objects.get()
        self.t.coordinator.area = self.other.area
        self.t.coordinator.save(update_fields=["area"])
        self.assertEqual(export_job_run(job_id=job.pk), ExportState.FAILED)
        job.refresh_from_db()
        self.assertEqual(job.error, "Your area changed after the export was asked for.")
        self.assertFalse(job.file)
        self.assertFalse(export_entries().exists())

    def test_an_owner_without_access_any_more_gets_a_failed_job(self):
        self.ask()
        job = ExportJob.objects.get()
        self.t.coordinator.groups.clear()
        before = set(self.private.rglob("*.csv"))  # other tests' finished jobs
        self.assertEqual(export_job_run(job_id=job.pk), ExportState.FAILED)
        self.assertEqual(set(self.private.rglob("*.csv")), before)

    def test_a_writer_error_fails_the_job_and_leaves_no_file(self):
        self.ask()
        job = ExportJob.objects.get()
        before = set(self.private.rglob("*.csv"))  # other tests' finished jobs
        with (
            mock.patch(
                "directory.search_desk.SearchDeskView.stream_csv",
                side_effect=RuntimeError("disk full"),
            ),
            self.assertLogs("configuration.export_jobs", "ERROR"),
        ):
            self.assertEqual(export_job_run(job_id=job.pk), ExportState.FAILED)
        job.refresh_from_db()
        self.assertEqual(job.error, "The export could not be written.")
        self.assertEqual(set(self.private.rglob("*.csv")), before)
        self.assertContains(self.client.get(EXPORTS), "Ha fallat")


def sheet(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [[cell.value for cell in row] for row in book.active.rows]


class DownloadTests(World, TestCase):
    """End to end with the immediate backend: ask, the job runs, download."""

    def setUp(self):
        super().setUp()
        self.ask(ordering="birth_date")
        self.job = ExportJob.objects.get()

    def test_the_job_ran_and_wrote_one_audit_entry(self):
        self.assertEqual(self.job.state, ExportState.DONE)
        entry = export_entries().get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.content_type.model_class(), Person)
        self.assertEqual(
            entry.additional_data,
            {
                "event": "export",
                "format": "csv",
                "rows": 3,
                "criteria": {"q": "serra"},
                "job": self.job.pk,
            },
        )
        # The entry a download of the same export writes, but for the job.
        self.synchronous(ordering="birth_date")
        direct = export_entries().exclude(pk=entry.pk).get()
        self.assertEqual(
            direct.additional_data,
            {
                key: value
                for key, value in entry.additional_data.items()
                if key != "job"
            },
        )
        self.assertEqual(direct.content_type, entry.content_type)
        self.assertTrue(LogEntry.objects.filter(event_filter(AuditEvent.EXPORT)))

    def test_the_owner_downloads_it_and_each_download_is_audited(self):
        for _ in range(2):
            response = self.client.get(download_url(self.job))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(body(response), self.synchronous(ordering="birth_date"))
        self.assertIn("persones.csv", response["Content-Disposition"])
        self.assertIn("no-store", response["Cache-Control"])
        reads = LogEntry.objects.filter(additional_data__event="export_download")
        self.assertEqual(reads.count(), 2)
        read = reads.first()
        self.assertEqual(read.actor, self.t.coordinator)
        self.assertEqual(read.content_type.model_class(), Person)
        self.assertEqual(read.additional_data["rows"], 3)
        self.assertEqual(
            set(LogEntry.objects.filter(event_filter(AuditEvent.EXPORT))),
            set(export_entries()) | set(reads),
        )
        # The synchronous exports above wrote their own entries; the job one.
        self.assertEqual(
            export_entries().filter(additional_data__job=self.job.pk).count(), 1
        )

    def test_nobody_else_downloads_it_not_even_a_superuser(self):
        for other in (
            self.t.teammate,
            self.t.worker,
            self.other.coordinator,
            self.superuser,
        ):
            with self.subTest(other=other.username):
                self.client.force_login(other)
                self.assertEqual(
                    self.client.get(download_url(self.job)).status_code, 404
                )
                page = self.client.get(EXPORTS)
                self.assertEqual(page.status_code, 200)
                self.assertNotContains(page, download_url(self.job))
        self.assertFalse(
            LogEntry.objects.filter(additional_data__event="export_download").exists()
        )

    def test_my_exports_shows_it_ready_with_its_download(self):
        page = self.client.get(EXPORTS)
        self.assertContains(page, "Les meves exportacions")
        self.assertContains(page, "Preparada")
        self.assertContains(page, download_url(self.job))
        self.assertContains(page, "3 de 3 files")
        self.assertContains(page, "llar/export-progress.js")
        self.assertNotContains(page, "data-export-active")  # nothing to poll

    def test_expiry_deletes_the_file_and_the_download_is_refused(self):
        path = Path(self.private, self.job.file.name)
        self.assertTrue(path.exists())
        # Past its time it is refused and shown expired, before the sweep.
        past = timezone.now() - datetime.timedelta(seconds=1)
        ExportJob.objects.filter(pk=self.job.pk).update(expires_at=past)
        self.assertEqual(self.client.get(download_url(self.job)).status_code, 404)
        self.assertContains(self.client.get(EXPORTS), "Caducada")
        self.assertNotContains(self.client.get(HOME), "Exportacions preparades")
        out = io.StringIO()
        call_command("expire_exports", stdout=out)
        self.assertIn("1 export(s) expired.", out.getvalue())
        self.assertFalse(path.exists())
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, ExportState.EXPIRED)
        self.assertFalse(self.job.file)
        self.assertEqual(self.client.get(download_url(self.job)).status_code, 404)
        page = self.client.get(EXPORTS)
        self.assertContains(page, "Caducada")
        self.assertNotContains(page, download_url(self.job))

    def test_a_job_still_kept_is_left_alone_by_the_sweep(self):
        self.assertEqual(export_jobs_expire(), 0)
        self.assertEqual(self.client.get(download_url(self.job)).status_code, 200)

    def test_the_home_screen_says_it_is_ready_until_downloaded(self):
        home = self.client.get(HOME)
        self.assertContains(home, "Exportacions preparades")
        self.assertContains(home, download_url(self.job))
        self.assertContains(home, "<td>3 files</td>", html=True)
        self.client.get(download_url(self.job))
        self.assertNotContains(self.client.get(HOME), "Exportacions preparades")

    def test_the_home_notice_is_the_owners_only(self):
        self.client.force_login(self.t.teammate)
        self.assertNotContains(self.client.get(HOME), "Exportacions preparades")


class ThresholdTests(World, TestCase):
    def test_at_the_threshold_it_downloads_above_it_queues(self):
        with self.settings(LLAR_BACKGROUND_EXPORT_ROWS=3):
            response = self.client.get(DESK, {"q": "serra", "export": "csv"})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(len(csv_rows(body(response))), 4)
            self.assertFalse(ExportJob.objects.exists())
            self.assertEqual(export_entries().count(), 1)
        with (
            self.settings(LLAR_BACKGROUND_EXPORT_ROWS=2),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.get(
                DESK, {"q": "serra", "export": "xlsx"}, follow=True
            )
        self.assertRedirects(response, EXPORTS)
        self.assertContains(response, "3 files són massa per baixar-les de cop")
        job = ExportJob.objects.get()
        self.assertEqual(job.state, ExportState.DONE)
        self.assertEqual(job.export_format, "xlsx")
        self.assertEqual(export_entries().count(), 2)

    def test_the_listings_offer_the_background_export(self):
        page = self.client.get(DESK, {"q": "serra"})
        self.assertContains(page, "Exporta en segon pla (CSV)")
        self.assertContains(page, "background=1")

    def test_another_listing_exports_in_the_background_too(self):
        """The audit trail (Registres) is a SafeExportMixin listing as well."""
        url = reverse("registres:index")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(url, {"export": "xlsx", "background": "1"})
        self.assertRedirects(response, EXPORTS)
        job = ExportJob.objects.get()
        self.assertEqual(job.state, ExportState.DONE, job.error)
        self.assertEqual(self.client.get(download_url(job)).status_code, 200)


class MyExportsQueryCountTests(PrivateFolder, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()

    def make_jobs(self, count: int) -> None:
        now = timezone.now()
        for index in range(count):
            state = [ExportState.QUEUED, ExportState.RUNNING, ExportState.DONE][
                index % 3
            ]
            new_job(
                self.t.coordinator,
                state=state,
                rows_total=10,
                rows_done=5,
                file=f"exports/x/{index}.csv" if state == ExportState.DONE else "",
                finished_at=now,
                expires_at=now + datetime.timedelta(hours=1),
            )

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_my_exports_and_home_cost_the_same_with_more_jobs(self):
        self.client.force_login(self.t.coordinator)
        self.make_jobs(3)
        few = self.queries(EXPORTS), self.queries(HOME)
        self.make_jobs(9)
        self.assertEqual((self.queries(EXPORTS), self.queries(HOME)), few)


class JobWriterTests(PrivateFolder, TestCase):
    """The worker writes a job's progress and failure with SQL of its own, on
    a connection of its own (here the test's: the row is not committed)."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()

    def test_the_side_connection_writes_what_the_orm_would(self):
        job = new_job(self.t.coordinator)
        finished = timezone.now().replace(microsecond=0)
        with (
            mock.patch.object(connection, "in_atomic_block", False),
            mock.patch.object(
                export_jobs.connections, "create_connection", return_value=connection
            ),
            mock.patch.object(connection, "close"),
        ):
            writer = export_jobs.JobWriter()
        self.assertIs(writer.side, connection)
        writer.update(
            job.pk,
            state=ExportState.FAILED,
            error="The export could not be written.",
            rows_done=7,
            finished_at=finished,
        )
        job.refresh_from_db()
        self.assertEqual(job.state, ExportState.FAILED)
        self.assertEqual(job.error_text, "No s'ha pogut escriure l'exportació.")
        self.assertEqual(job.rows_done, 7)
        self.assertEqual(job.finished_at, finished)

    def test_a_job_lost_by_a_stopped_worker_expires(self):
        old = timezone.now() - datetime.timedelta(hours=73)
        lost = new_job(self.t.coordinator, state=ExportState.RUNNING, created_at=old)
        recent = new_job(self.t.coordinator)
        self.assertEqual(export_jobs_expire(), 1)
        lost.refresh_from_db()
        recent.refresh_from_db()
        self.assertEqual(lost.state, ExportState.EXPIRED)
        self.assertEqual(recent.state, ExportState.QUEUED)
