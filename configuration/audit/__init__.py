"""The one audit trail (django-auditlog): what it records beyond the model diffs,
the event types the Registres screens filter by, and the screens themselves.

- `trail`: summary entries for exports and searches, access entries for reads.
- `subjects`: which models make up a person record and an expedient (apps
  register theirs in `AppConfig.ready`, as configuration imports no other app).
- `events`: the eleven event types of domain.md §4.9 and their filters.
- `signins`: sign-in, sign-out and failed sign-in entries.
- `registration`: the organisation, professionals, roles and catalogues audited.
- `models`, `views`: the `AuditEntry` proxy and the Registres screens.
"""

from .trail import AuditedChooserMixin, LogAccessMixin, log_export, log_search

__all__ = ["AuditedChooserMixin", "LogAccessMixin", "log_export", "log_search"]
