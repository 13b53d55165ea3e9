"""Documents filed in an expedient (domain.md §3.3.10): file, change, read.

A document is filed in an open expedient by a professional who may add
documents; its file is checked by content and size
(configuration.uploads.validate_document_upload) and kept in the private
storage. Its persons must be linked to the expedient, its kind of the area's
catalogue (or shared), and the item it hangs off one of the same expedient.
Changing a document changes what is said about it (title, kind, date,
persons, item), never its file: a new version is a new document. Reading the
file is an audited read of the document (`document_read`). Deleting and
restoring go through the coordinators' tool, as for every item.
"""

from collections.abc import Iterable
from pathlib import PurePath

from auditlog.context import set_actor
from auditlog.signals import accessed
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.uploads import DOCUMENT_KINDS, check_upload
from configuration.versioning import save_versioned
from directory.models import Person

from ..models import Document, Expedient
from ..models.documents import DOCUMENT_ITEMS
from .common import ensure_item_changeable, ensure_linked, ensure_open
from .records import apply_values, check_catalogue, listed_or_current


def original_name(upload) -> str:
    """The file's own name without any folder, as the professional gave it."""
    return PurePath((upload.name or "").replace("\\", "/")).name[:200]


def _check_item(document: Document) -> None:
    chosen = [name for name, _tab in DOCUMENT_ITEMS if getattr(document, f"{name}_id")]
    if len(chosen) > 1:
        raise ValidationError(_("A document hangs off one item at most."))
    item = document.item
    if item is not None and item.expedient_id != document.expedient_id:
        raise ValidationError({chosen[0]: _("Choose an item of the same expedient.")})
    if getattr(item, "deleted_at", None) is not None:
        raise ValidationError({chosen[0]: _("That item was deleted.")})


def _document_write(
    document: Document,
    *,
    acting_user,
    expected_version: int | None,
    persons: Iterable[Person] | None,
) -> Document:
    expedient = document.expedient
    ensure_open(expedient)
    if document.pk is None:
        document.created_by = acting_user
    else:
        ensure_item_changeable(document)
        stored = Document.all_objects.values_list("file", flat=True).get(pk=document.pk)
        if stored != document.file.name:
            raise ValidationError(
                _("A document's file is not replaced: file a new document.")
            )
    persons = list(listed_or_current(document, "persons", persons))
    ensure_linked(expedient, persons)
    check_catalogue(expedient, kind=document.kind)
    _check_item(document)
    document.full_clean()
    save_versioned(
        obj=document, expected_version=expected_version, acting_user=acting_user
    )
    document.persons.set(persons)
    return document


@transaction.atomic
def document_create(
    *,
    expedient: Expedient,
    acting_user,
    file,
    persons: Iterable[Person] = (),
    **values,
) -> Document:
    """File `file` (an uploaded file) in `expedient` as a new document.

    `values` are Document fields: title, kind, date, and at most one of
    actuacio, resource, tramit, plan. Refused: a closed expedient, a file of
    a kind not accepted or over the size limit, persons not linked to the
    expedient, an item of another expedient.
    """
    document = Document(expedient=expedient, file=file, **values)
    return document_save(document=document, acting_user=acting_user, persons=persons)


@transaction.atomic
def document_update(
    *,
    document: Document,
    acting_user,
    expected_version: int | None = None,
    persons: Iterable[Person] | None = None,
    **values,
) -> Document:
    """Change what is said about a document (persons None: keep them)."""
    if "file" in values:
        raise ValidationError(
            _("A document's file is not replaced: file a new document.")
        )
    apply_values(document, values)
    return document_save(
        document=document,
        acting_user=acting_user,
        expected_version=expected_version,
        persons=persons,
    )


@transaction.atomic
def document_save(
    *,
    document: Document,
    acting_user,
    expected_version: int | None = None,
    persons: Iterable[Person] | None = None,
) -> Document:
    """File `document` (unsaved, its `file` an upload) or save the changes
    made to it (versioned); persons None keeps a stored document's."""
    if document.pk is None:
        kind = check_upload(
            document.file, kinds=DOCUMENT_KINDS, max_mb=settings.LLAR_DOCUMENT_MAX_MB
        )
        document.original_name = original_name(document.file)
        document.content_type = kind.mime
        document.size = document.file.size
    return _document_write(
        document,
        acting_user=acting_user,
        expected_version=expected_version,
        persons=() if document.pk is None and persons is None else persons,
    )


def document_read(*, document: Document, acting_user):
    """Open the document's file for `acting_user` (who may see it: the views
    check) and record the read in the audit trail; the caller closes it."""
    with set_actor(acting_user):
        accessed.send(sender=Document, instance=document)
    return document.file.open("rb")
