"""Background exports (issue #21): queue a listing export, run it as its owner,
keep its file for a while, serve it to its owner only.

A listing that exports (`SafeExportMixin`) hands an export here when it counts
more than `LLAR_BACKGROUND_EXPORT_ROWS` rows or when the professional asks for
it in the background (`?background=1`). `export_job_start` records what was
asked (the listing's address, its filter querystring, the owner's scope, the
language and time zone of the screen) and queues `run_export` on the "exports"
task backend (django-tasks' database queue, read by `manage.py db_worker
--backend exports --queue-name exports`).

The worker never receives a list of rows: `export_job_run` calls the listing's
own view again, as the owner, with the stored querystring, so the scope, the
permissions and the filters are those of the owner at run time; the view then
writes the file (`SafeExportMixin.write_export_job`) with the same writer as a
download, a chunk of rows at a time, into the private storage
(LLAR_PRIVATE_DIR), saving its progress every `PROGRESS_EVERY` rows. The one
audit entry of the export is written when it is finished, with the rows it
wrote; each download of the file is an audited read.
"""

import logging
import os
import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.base import BaseStorage
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import task

from .audit.trail import EXPORT_DOWNLOAD_EVENT, log_export, log_summary
from .models import ExportJob, ExportState, ExportUnit
from .storage import PRIVATE_STORAGE

logger = logging.getLogger(__name__)

EXPORT_BACKEND = "exports"
EXPORT_QUEUE = "exports"
# Rows written between two saves of a job's progress (one UPDATE each).
PROGRESS_EVERY = 2000
# The querystring parameters that say how to export, not what: never stored.
NOT_CRITERIA = ("export", "p", "background")
FOLDER = "exports"

# Kept untranslated on the job; its screen translates them (`ExportJob.error_text`).
SCOPE_CHANGED = gettext_noop("Your area changed after the export was asked for.")
NOT_ALLOWED = gettext_noop("You may no longer run this listing.")
FAILED = gettext_noop("The export could not be written.")
INTERRUPTED = gettext_noop("The export was interrupted before it was written.")


class ExportJobRefused(Exception):
    """The owner may no longer run the export (the message says why)."""


def background_threshold() -> int:
    return settings.LLAR_BACKGROUND_EXPORT_ROWS


def keep_for() -> timedelta:
    return timedelta(hours=settings.LLAR_EXPORT_KEEP_HOURS)


def owner_scope(user) -> dict:
    """The scope an export was asked under: the owner's area and teams."""
    return {
        "area": user.area_id,
        "teams": sorted(user.teams.values_list("pk", flat=True)),
        "superuser": user.is_superuser,
    }


def stored_query(query: QueryDict) -> str:
    """The listing's querystring without how to export it (format, page)."""
    kept = query.copy()
    for name in NOT_CRITERIA:
        kept.pop(name, None)
    return kept.urlencode()


# --- asking for one ---------------------------------------------------------------


@transaction.atomic
def export_job_start(
    *,
    owner,
    model,
    listing: str,
    path: str,
    query: QueryDict,
    filters: dict,
    export_format: str,
    rows_total: int | None,
    filename: str,
    unit: str = ExportUnit.ROWS,
) -> ExportJob:
    """Record an export to run in the background and queue it once committed;
    `unit` is what its progress counts (a return's counts its tables)."""
    job = ExportJob.objects.create(
        owner=owner,
        listing=listing[:255],
        path=path,
        criteria={
            "model": model._meta.label_lower,
            "query": stored_query(query),
            "filters": filters,
            "scope": owner_scope(owner),
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "time_zone": timezone.get_current_timezone_name(),
            "unit": unit,
        },
        export_format=export_format,
        rows_total=rows_total,
        filename=filename[:255],
    )
    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


# --- running it -----------------------------------------------------------------------


@task(backend=EXPORT_BACKEND, queue_name=EXPORT_QUEUE)
def run_export(job_id: int) -> str:
    """The worker's entry point: run one queued job; returns its final state."""
    return export_job_run(job_id=job_id)


def export_job_run(*, job_id: int) -> str:
    """Run the job `job_id` if it is still queued: claim it, write its file as
    its owner, and mark it done (or failed, with a message for its owner)."""
    claimed = ExportJob.objects.filter(pk=job_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return (
            ExportJob.objects.filter(pk=job_id).values_list("state", flat=True).first()
            or ""
        )
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    try:
        _run_as_owner(job)
    except ExportJobRefused as refusal:
        _fail(job, str(refusal))
    except Exception:
        # The job's number only: the listing's rows are personal data.
        logger.exception("Background export %s failed", job.pk)
        _fail(job, FAILED)
    job.refresh_from_db(fields=["state"])
    return job.state


def _run_as_owner(job: ExportJob) -> None:
    owner = job.owner
    if not owner.is_active:
        raise ExportJobRefused(NOT_ALLOWED)
    if owner.area_id != job.criteria.get("scope", {}).get("area"):
        raise ExportJobRefused(SCOPE_CHANGED)
    try:
        match = resolve(job.path)
    except Resolver404 as missing:
        raise ExportJobRefused(NOT_ALLOWED) from missing
    request = owner_request(job)
    language = job.criteria.get("language") or settings.LANGUAGE_CODE
    with (
        translation.override(language),
        timezone.override(job.criteria.get("time_zone") or settings.TIME_ZONE),
    ):
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except Http404 as missing:
            # The screen no longer exists for the owner (their right, or
            # what they named, is gone): as a web request would answer.
            raise ExportJobRefused(NOT_ALLOWED) from missing
    if not getattr(response, "llar_export_job", False):
        # Wagtail refused the owner (no admin access, no permission on the
        # listing any more): its answer is a redirect or an error page.
        raise ExportJobRefused(NOT_ALLOWED)


def owner_request(job: ExportJob) -> HttpRequest:
    """A GET of the listing's export by the job's owner, as the worker makes it."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.path
    request.GET = QueryDict(job.criteria.get("query", ""), mutable=True)
    request.GET["export"] = job.export_format
    request.GET._mutable = False
    request.META = {
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": request.GET.urlencode(),
        "SERVER_NAME": "llar-exports",
        "SERVER_PORT": "80",
    }
    request.user = job.owner
    request.session = {}
    request._messages = BaseStorage(request)
    request.llar_export_job = job
    return request


class JobWriter:
    """Writes a job's state while its listing is being read.

    On SQLite a connection reading rows holds a snapshot of the database; once
    another process has written (the web server saves a session on every
    request), that connection may no longer write ("database is locked"). So,
    in the worker (autocommit), a job's progress and failure are written
    through a connection of their own, which never reads the listing; inside
    a transaction (the immediate backend in a request or a test) they go
    through the ordinary one, which sees the job's uncommitted row."""

    def __init__(self):
        self.side = None
        if not connection.in_atomic_block:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def update(self, job_id: int, **values) -> None:
        if self.side is None:
            ExportJob.objects.filter(pk=job_id).update(**values)
            return
        meta = ExportJob._meta
        quote = self.side.ops.quote_name
        fields = [meta.get_field(name) for name in values]
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        params = [
            field.get_db_prep_save(values[field.name], connection=self.side)
            for field in fields
        ]
        with self.side.cursor() as cursor:
            cursor.execute(
                # Names from the model, values as parameters.
                f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
                f"WHERE {quote(meta.pk.column)} = %s",
                [*params, job_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


class Progress:
    """Counts the rows a job's writer reads and saves the count every
    `every` rows (one UPDATE), so the screen's progress bar moves."""

    def __init__(self, job: ExportJob, writer: JobWriter, every: int | None = None):
        self.job = job
        self.writer = writer
        self.every = every or PROGRESS_EVERY
        self.count = 0

    def counted(self, rows):
        for row in rows:
            yield row
            self.count += 1
            if self.count % self.every == 0:
                self.save()

    def counted_batches(self, batches):
        """As `counted`, for rows read a batch at a time, each as its columns:
        the count is saved whenever it passes a multiple of `every`."""
        for columns in batches:
            yield columns
            before = self.count
            self.count += len(columns[0]) if columns else 0
            if self.count // self.every > before // self.every:
                self.save()

    def save(self) -> None:
        self.writer.update(self.job.pk, rows_done=self.count)


def job_file_name(job: ExportJob) -> str:
    """Where the job's file is kept in the private storage: per owner, with
    a part nobody can guess."""
    token = secrets.token_hex(8)
    return f"{FOLDER}/{job.owner_id}/{job.pk}-{token}.{job.export_format}"


def write_job_file(*, view, job: ExportJob, queryset, export_format: str):
    """Write the export of `view`'s `queryset` into the job's file, with the
    writer a download uses, and mark the job done with its one audit entry.
    Called by `SafeExportMixin.get` on the worker's request."""
    total = queryset.count()
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total, rows_done=0)
    name = job_file_name(job)
    path = PRIVATE_STORAGE.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    writer = JobWriter()
    progress = Progress(job, writer)
    view.export_progress = progress
    rows = view.export_rows(queryset)
    try:
        with open(path, "wb") as output:
            if export_format == view.FORMAT_CSV:
                for chunk in view.stream_csv(rows):
                    output.write(chunk if isinstance(chunk, bytes) else chunk.encode())
            else:
                view.write_xlsx(rows, output)
    except BaseException:
        PRIVATE_STORAGE.delete(name)
        raise
    finally:
        writer.close()
    _finish(
        job,
        name=name,
        rows=progress.count,
        model=queryset.model,
        filters=view.export_criteria(),
    )
    response = HttpResponse(status=204)
    response.llar_export_job = True
    return response


def save_job_content(
    *, job: ExportJob, content: bytes, model, rows: int, filters: dict, done=None
):
    """Keep a file written whole (an official return's XLSX or PDF, whose
    view recomputed it as the owner) as the job's, and mark the job done with
    its one audit entry (`rows`: what the file holds; `done`: the progress's
    last count, when it counts something else). Called on the worker's request."""
    name = job_file_name(job)
    path = PRIVATE_STORAGE.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, "wb") as output:
            output.write(content)
    except BaseException:
        PRIVATE_STORAGE.delete(name)
        raise
    _finish(job, name=name, rows=rows, model=model, filters=filters, done=done)
    response = HttpResponse(status=204)
    response.llar_export_job = True
    return response


@transaction.atomic
def _finish(
    job: ExportJob, *, name: str, rows: int, model, filters: dict, done=None
) -> None:
    finished = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportState.DONE,
        rows_done=rows if done is None else done,
        file=name,
        finished_at=finished,
        expires_at=finished + keep_for(),
        error="",
    )
    log_export(
        user=job.owner,
        model=model,
        export_format=job.export_format,
        rows=rows,
        criteria=filters,
        job=job.pk,
    )
    transaction.on_commit(lambda: _schedule_expiry(job.pk, finished + keep_for()))


def _fail(job: ExportJob, message: str) -> None:
    """Mark the job failed, through a connection of its own: the worker's
    may still hold the snapshot of the listing it was reading."""
    finished = timezone.now()
    writer = JobWriter()
    try:
        writer.update(
            job.pk,
            state=ExportState.FAILED,
            error=message[:255],
            finished_at=finished,
            expires_at=finished + keep_for(),
        )
    finally:
        writer.close()


# --- keeping it -----------------------------------------------------------------------


@task(backend=EXPORT_BACKEND, queue_name=EXPORT_QUEUE)
def expire_export_jobs_task() -> int:
    """Delete the files kept past their time (queued for each job's expiry)."""
    return export_jobs_expire()


def _schedule_expiry(job_id: int, when) -> None:
    """Queue the expiry for when the job's file is due to go, where the
    backend can wait (the database queue can; `expire_exports` is the
    fallback, run from cron or a timer)."""
    backend = expire_export_jobs_task.get_backend()
    if backend.supports_defer:
        expire_export_jobs_task.using(run_after=when).enqueue()


def export_jobs_expire(*, now=None) -> int:
    """Delete the file of every job past its keeping time and mark it
    expired; return how many jobs expired."""
    now = now or timezone.now()
    # A job still queued or running after the whole keeping time was lost
    # (its worker stopped while writing it): it will never be ready.
    expired = ExportJob.objects.filter(
        state__in=(ExportState.QUEUED, ExportState.RUNNING),
        created_at__lte=now - keep_for(),
    ).update(state=ExportState.EXPIRED, error=INTERRUPTED)
    due = ExportJob.objects.filter(
        state__in=(ExportState.DONE, ExportState.FAILED), expires_at__lte=now
    )
    for job in due.only("pk", "file"):
        if job.file:
            PRIVATE_STORAGE.delete(job.file.name)
        expired += ExportJob.objects.filter(pk=job.pk).update(
            state=ExportState.EXPIRED, file=""
        )
    return expired


def exported_model(job: ExportJob):
    """The model the job's listing exported (its audit entries name it)."""
    try:
        return apps.get_model(job.criteria.get("model", ""))
    except (LookupError, ValueError):
        return ExportJob


# --- downloading it -------------------------------------------------------------------


@transaction.atomic
def export_job_read(*, job: ExportJob, acting_user):
    """Open the job's file for its owner and record the read (one audit
    entry per download). The caller has checked the owner and the expiry."""
    handle = PRIVATE_STORAGE.open(job.file.name, "rb")
    ExportJob.objects.filter(pk=job.pk).update(downloaded_at=timezone.now())
    log_summary(
        user=acting_user,
        model=exported_model(job),
        event=EXPORT_DOWNLOAD_EVENT,
        job=job.pk,
        listing=job.listing,
        format=job.export_format,
        rows=job.rows_done,
    )
    return handle
