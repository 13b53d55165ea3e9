"""'Les meves exportacions': the professional's background exports (issue #21).

The screen lists the user's own jobs, newest first, with a progress bar that
export-progress.js refreshes from `ExportProgressView` (JSON, the same
owner's jobs only; no inline script, CSP), and a download button once ready.
A job is its owner's alone: anyone else, a superuser included, gets 404 for
its progress and its file (an export is a personal copy of what its owner
could list, and its download is the owner's audited read). The home screen's
notice (`ReadyExportsPanel`) says when one is ready.
"""

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .export_jobs import export_job_read
from .models import ExportJob, ExportState

# The newest jobs the screen lists: older ones have expired long before.
SHOWN = 50
READY_SHOWN = 5
ACTIVE = (ExportState.QUEUED, ExportState.RUNNING)


def job_row(job: ExportJob) -> dict:
    """What the screen and the progress endpoint say about one job."""
    state = job.shown_state
    return {
        "id": job.pk,
        "state": state,
        "label": str(ExportState(state).label),
        "active": state in ACTIVE,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": job.percent,
        "progress_text": job.progress_text,
        "download_url": (
            reverse("llar_export_download", args=[job.pk]) if job.is_ready else ""
        ),
    }


class MyExportsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "configuration/exports/my_exports.html"
    page_title = _("My exports")
    header_icon = "download"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = list(ExportJob.objects.owned_by(self.request.user)[:SHOWN])
        context["jobs"] = [(job, job_row(job)) for job in jobs]
        context["progress_url"] = reverse("llar_export_progress")
        context["any_active"] = any(row["active"] for _job, row in context["jobs"])
        context["keep_hours"] = settings.LLAR_EXPORT_KEEP_HOURS
        return context


class ExportProgressView(View):
    """The progress of the user's jobs still queued or running, and of those
    asked for by id (`?ids=1,2`), as JSON for the screen's script."""

    def get(self, request):
        ids = [part for part in request.GET.get("ids", "").split(",") if part.isdigit()]
        jobs = ExportJob.objects.owned_by(request.user).filter(pk__in=ids[:SHOWN])
        return JsonResponse({"jobs": [job_row(job) for job in jobs]})


def export_download(request, pk: int) -> FileResponse:
    """The job's file, for its owner only while it is kept (404 otherwise:
    another professional, a superuser, not ready, expired); an audited read."""
    job = get_object_or_404(
        ExportJob.objects.owned_by(request.user).ready().exclude(file=""), pk=pk
    )
    try:
        handle = export_job_read(job=job, acting_user=request.user)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename or job.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class ReadyExportsPanel(Component):
    """The home screen's notice of the user's exports ready and not yet
    downloaded: one query, and nothing at all when there are none."""

    name = "ready_exports"
    template_name = "configuration/exports/home_panel.html"
    order = 60  # below the notices, above the alerts
    heading = _("Exports ready")

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None):
        jobs = list(
            ExportJob.objects.owned_by(self.user)
            .ready()
            .filter(downloaded_at__isnull=True)
            .exclude(file="")
            .only(
                "pk", "listing", "export_format", "rows_done", "criteria", "finished_at"
            )[:READY_SHOWN]
        )
        if not jobs:
            return ""
        self.jobs = jobs
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["jobs"] = self.jobs
        context["exports_url"] = reverse("llar_exports")
        return context
