"""Audit entries the model registry cannot write by itself: exports of listings.

Every listing export goes through `SafeExportMixin`, which writes this entry, so
no export of personal data (persons, expedients, their items) goes unrecorded.

A bulk export is one summary entry (what, how many rows, which criteria), not
one per row (wagtail-notes §2d); it is an "access" in the one audit trail, so
the Registres screens and the access report find it with the reads.
"""

from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType


def log_export(*, user, model, export_format: str, rows: int, criteria: dict):
    """Record that `user` exported `rows` rows of `model` matching `criteria`."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=str(model._meta.verbose_name_plural),
        action=LogEntry.Action.ACCESS,
        actor=user,
        changes={},
        additional_data={
            "event": "export",
            "format": export_format,
            "rows": rows,
            "criteria": criteria,
        },
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
