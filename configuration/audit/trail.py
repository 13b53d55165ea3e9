"""Audit entries the model registry cannot write by itself: exports, searches, reads.

Every listing export goes through `SafeExportMixin`, which writes this entry, so
no export of personal data (persons, expedients, their items) goes unrecorded.

A bulk export or a search is one summary entry (what, how many rows, which
criteria), not one per row (wagtail-notes §2d); it is an "access" in the one
audit trail, so the Registres screens and the access report find it with the
reads. Summary entries point at no row: their `object_pk` is empty.
"""

from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType

EXPORT_EVENT = "export"
# A download of a background export's file (configuration/export_jobs.py): a
# read of the rows the export entry counted, by the export's owner.
EXPORT_DOWNLOAD_EVENT = "export_download"
SEARCH_EVENT = "search"


def log_summary(*, user, model, event: str, **data) -> LogEntry:
    """Write one access entry about many rows of `model` (an export, a search)."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=str(model._meta.verbose_name_plural),
        action=LogEntry.Action.ACCESS,
        actor=user,
        changes={},
        additional_data={"event": event, **data},
    )


def log_export(*, user, model, export_format: str, rows: int, criteria: dict, job=None):
    """Record that `user` exported `rows` rows of `model` matching `criteria`
    (in the background: `job`, written once the file is finished)."""
    extra = {} if job is None else {"job": job}
    return log_summary(
        user=user,
        model=model,
        event=EXPORT_EVENT,
        format=export_format,
        rows=rows,
        criteria=criteria,
        **extra,
    )


def log_search(*, user, model, shown: int, page: int, criteria: dict):
    """Record a search that listed people: one entry per results page shown,
    with its criteria and how many rows it showed, never the rows themselves.
    A search that listed nobody writes nothing."""
    if not shown:
        return None
    return log_summary(
        user=user,
        model=model,
        event=SEARCH_EVENT,
        rows=shown,
        page=page,
        criteria=criteria,
    )


class LogAccessMixin:
    """Opening a record writes one access entry to the audit trail (style.md G16).

    Sent after the scoped object was loaded, so refused or out-of-scope requests
    log nothing; the actor comes from AuditlogMiddleware.
    """

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        accessed.send(sender=type(self.object), instance=self.object)
        return response


class AuditedChooserMixin:
    """A chooser modal of personal data reads what it shows, as the desk does:
    a page of results that listed rows is one search entry (its criteria and
    how many rows, never the rows), and a pick is one access entry per row
    picked. Refused requests log nothing (the checks run before `get`)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        results = getattr(self, "results", None)
        if results is not None:  # the choose and results views
            log_search(
                user=request.user,
                model=self.model_class,
                shown=len(results.object_list),
                page=results.number,
                criteria={"q": getattr(self.filter_form, "search_query", None) or ""},
            )
        return response

    def get_chosen_response(self, item):
        accessed.send(sender=type(item), instance=item)
        return super().get_chosen_response(item)

    def get_multiple_chosen_response(self, items):
        items = list(items)
        for item in items:
            accessed.send(sender=type(item), instance=item)
        return super().get_multiple_chosen_response(items)
