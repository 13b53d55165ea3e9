"""The one save path of a row two people may edit at once (`Versioned`).

Every write of a versioned row (a form's save, a service's automatic change,
a coordinators' tool) goes through `save_versioned`: a compare-and-set on
`version`, so a save based on an older version is refused (`EditConflict`)
instead of silently reverting what someone else saved in between. It lives in
the lowest app so that the directory and casework share it (architecture.md:
directory imports only configuration); what the refused form shows is in
`configuration.conflicts`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Someone else saved the row after the version the save was based on.

    `stored` is the row as it is now (what the other person saved),
    `current_version` its version and `row` (model label, pk) which row it is,
    so the screen can show the other person's changes beside the user's and
    offer the form again based on what is stored (configuration.conflicts).
    """

    def __init__(
        self,
        *,
        stored: models.Model | None = None,
        changed_by: str = "",
        current_version: int | None = None,
        row: tuple[str, object] | None = None,
    ):
        self.stored = stored
        self.changed_by = changed_by
        self.current_version = current_version
        self.row = row
        if changed_by:
            message = _(
                "%(name)s saved this record while you were editing it; your "
                "changes were not saved."
            ) % {"name": changed_by}
        else:
            message = _(
                "Someone else saved this record while you were editing it; your "
                "changes were not saved."
            )
        super().__init__(message, code="conflict")


def save_versioned(
    *, obj: models.Model, expected_version: int | None, acting_user
) -> models.Model:
    """Save `obj` only if nobody saved it since `expected_version` was read.

    `expected_version` is the version the caller's values are based on (the
    form's hidden version); None means the version `obj` was read with (a
    service or tool changing a row it has just read). The update is a
    compare-and-set on `version` inside the caller's transaction, so of two
    simultaneous saves exactly one wins and the other gets `EditConflict`.
    New rows (no pk) are inserted with version 1.
    """
    if hasattr(obj, "updated_by_id"):
        obj.updated_by = acting_user
    if obj.pk is None or obj._state.adding:
        obj.version = 1
        obj.save()
        return obj
    model = type(obj)
    if expected_version is None:
        expected_version = obj.version
    # The base manager: a row a default manager hides (a deleted item being
    # restored) is still versioned.
    rows = model._base_manager.filter(pk=obj.pk)
    updated = rows.filter(version=expected_version).update(
        version=models.F("version") + 1
    )
    if not updated:
        stored = rows.get()
        raise EditConflict(
            stored=stored,
            changed_by=str(getattr(stored, "updated_by", "") or ""),
            current_version=stored.version,
            row=(model._meta.label, obj.pk),
        )
    obj.version = expected_version + 1
    obj.save()
    return obj
