"""Files attached to records (a person's consent document, an expedient's
documents…): checked by size and by what their content is, never by name alone.

The content is read by `filetype` (magic bytes; for DOCX and ODT the entries
of the zip that make such a document), so a renamed executable or HTML page
is refused whatever its name says. The name must also agree with the content
(a PDF called "informe.png" is refused too), so the file opens as what it
says. Each use names the kinds it accepts and its size limit:

- record files (consent documents, incident attachments): PDF, JPEG or PNG,
  up to LLAR_UPLOAD_MAX_MB (`validate_record_upload`);
- an expedient's documents: also DOCX and ODT, up to LLAR_DOCUMENT_MAX_MB
  (`validate_document_upload`).

`ScopedAdminForm` applies the record check to every plain file field of a
scoped record's form. Record files are served only through
website/security/media.py; documents through their own download view.
"""

from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# filetype reads at most this many bytes (its own limit).
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]


KINDS = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "PDF", "application/pdf", ("pdf",)),
        FileKind("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg")),
        FileKind("png", "PNG", "image/png", ("png",)),
        FileKind(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileKind("odt", "ODT", "application/vnd.oasis.opendocument.text", ("odt",)),
    )
}
KINDS_BY_MIME = {kind.mime: kind for kind in KINDS.values()}
RECORD_KINDS = ("pdf", "jpeg", "png")
DOCUMENT_KINDS = ("pdf", "jpeg", "png", "docx", "odt")


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def sniff(upload) -> FileKind | None:
    """The kind the file's content is, among KINDS, or None (any other)."""
    guess = filetype.guess(_head(upload))
    return KINDS_BY_MIME.get(guess.mime) if guess is not None else None


def _labels(kinds) -> str:
    return ", ".join(KINDS[key].label for key in kinds)


def check_upload(upload, *, kinds: tuple[str, ...], max_mb: int) -> FileKind:
    """Return the kind of `upload`'s content, or refuse it: a name of a kind
    not accepted, a file over `max_mb`, content of another kind than its name
    says or of no accepted kind. Each refusal has its own code and message."""
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    named = next((KINDS[k] for k in kinds if extension in KINDS[k].extensions), None)
    if named is None:
        raise ValidationError(
            _("Attach a file of one of these kinds: %(kinds)s.")
            % {"kinds": _labels(kinds)},
            code="upload_extension",
        )
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": max_mb},
            code="upload_size",
        )
    content = sniff(upload)
    if content is None or content.key not in kinds:
        raise ValidationError(
            _(
                "The file is called .%(extension)s but its content is not a "
                "%(kind)s file: it is refused."
            )
            % {"extension": extension, "kind": named.label},
            code="upload_content",
        )
    if content != named:
        raise ValidationError(
            _(
                "The file's content is %(content)s, but its name says "
                "%(kind)s: rename it .%(extension)s and attach it again."
            )
            % {
                "content": content.label,
                "kind": named.label,
                "extension": content.extensions[0],
            },
            code="upload_mismatch",
        )
    return content


def validate_record_upload(upload) -> None:
    """Refuse a file that is not a PDF, JPEG or PNG, or is larger than allowed."""
    check_upload(upload, kinds=RECORD_KINDS, max_mb=settings.LLAR_UPLOAD_MAX_MB)


def validate_document_upload(upload) -> None:
    """Refuse a document that is not a PDF, image, DOCX or ODT, or too large."""
    check_upload(upload, kinds=DOCUMENT_KINDS, max_mb=settings.LLAR_DOCUMENT_MAX_MB)
