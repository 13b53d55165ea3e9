"""A listing export run in the background (issue #21): "Les meves exportacions".

An export of more than `LLAR_BACKGROUND_EXPORT_ROWS` rows, or one asked for in
the background, is a job: what was asked (the listing's address, its filter
querystring and the scope it was asked under), run later by the exports worker
as its owner (configuration/export_jobs.py), its progress, and the file it
wrote in the private storage, kept `LLAR_EXPORT_KEEP_HOURS` and downloaded only
by its owner.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage


class ExportState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("export", "Queued")
    RUNNING = "running", pgettext_lazy("export", "Running")
    DONE = "done", pgettext_lazy("export", "Ready")
    FAILED = "failed", pgettext_lazy("export", "Failed")
    EXPIRED = "expired", pgettext_lazy("export", "Expired")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"  # an official return (reports.views)


class ExportUnit(models.TextChoices):
    """What a job's progress counts (stored in its criteria): a listing's
    rows, or an official return's tables (reports.views)."""

    ROWS = "rows", _("rows")
    TABLES = "tables", _("tables")


class ExportJobQuerySet(models.QuerySet):
    def owned_by(self, user) -> "ExportJobQuerySet":
        """The user's own jobs: nobody else's, whatever their role."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def ready(self) -> "ExportJobQuerySet":
        """Finished and still kept (the expiry command may not have run yet)."""
        return self.filter(state=ExportState.DONE, expires_at__gt=timezone.now())

    def past_keeping(self) -> "ExportJobQuerySet":
        """Jobs whose file is no longer kept: finished or failed, past expiry."""
        return self.filter(
            state__in=(ExportState.DONE, ExportState.FAILED),
            expires_at__lte=timezone.now(),
        )


class ExportJob(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    listing = models.CharField(_("listing"), max_length=255)
    # The listing's address (path) and what narrowed it: the filter querystring,
    # its filters as a dictionary (the audit entry's criteria) and the owner's
    # scope when it was asked for. The worker re-runs the listing from these.
    path = models.CharField(_("address"), max_length=500)
    criteria = models.JSONField(_("criteria"), default=dict)
    export_format = models.CharField(
        _("format"), max_length=4, choices=ExportFormat.choices
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ExportState.choices,
        default=ExportState.QUEUED,
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(
        _("file"), storage=private_storage, max_length=255, blank=True
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()
    # Whose area a job belongs to (the resolver sweep's rows); who may see it
    # is narrower: its owner only (`ExportJobQuerySet.owned_by`).
    area_lookup = "owner__area"

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="exportjob_owner_idx"),
            models.Index(fields=["state", "expires_at"], name="exportjob_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.listing} ({self.get_export_format_display()})"

    @property
    def is_expired(self) -> bool:
        return self.state == ExportState.EXPIRED or (
            self.state in (ExportState.DONE, ExportState.FAILED)
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    @property
    def shown_state(self) -> str:
        """The state as the screen shows it: "Caducada" once past keeping,
        even before the expiry command has deleted the file."""
        if self.is_expired:
            return ExportState.EXPIRED
        return self.state

    @property
    def is_ready(self) -> bool:
        return self.shown_state == ExportState.DONE

    @property
    def error_text(self) -> str:
        """Why it failed, in the reader's language (stored untranslated)."""
        return gettext(self.error) if self.error else ""

    @property
    def unit(self) -> str:
        return self.criteria.get("unit", ExportUnit.ROWS)

    @property
    def progress_text(self) -> str:
        """ "12 of 40 rows", or a return's "3 of 9 tables" ("" before the
        total is known)."""
        if self.rows_total is None:
            return ""
        if self.unit == ExportUnit.TABLES:
            text = gettext("%(done)s of %(total)s tables")
        else:
            text = gettext("%(done)s of %(total)s rows")
        return text % {
            "done": number_format(self.rows_done, force_grouping=True),
            "total": number_format(self.rows_total, force_grouping=True),
        }

    @property
    def done_text(self) -> str:
        """What a finished job wrote: "1.250 rows", or a return's "9 tables"."""
        count, shown = (
            self.rows_done,
            number_format(self.rows_done, force_grouping=True),
        )
        if self.unit == ExportUnit.TABLES:
            text = ngettext("%(shown)s table", "%(shown)s tables", count)
        else:
            text = ngettext("%(shown)s row", "%(shown)s rows", count)
        return text % {"shown": shown}

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
