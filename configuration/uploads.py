"""Files attached to records (a person's consent document…): checked by type and size.

The extension must be one we accept and the first bytes must match it, so a
renamed executable or HTML page is refused; the size limit is LLAR_UPLOAD_MAX_MB.
`ScopedAdminForm` applies this to every file field of a scoped record's form.
Such files are served only through website/security/media.py, which checks that
the professional may see the record.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Extension -> the bytes such a file starts with.
SIGNATURES = {
    "pdf": b"%PDF-",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
}


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def validate_record_upload(upload) -> None:
    """Refuse a file that is not a PDF, JPEG or PNG, or is larger than allowed."""
    extension = Path(upload.name).suffix.lower().lstrip(".")
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Attach a PDF, JPEG or PNG file."), code="upload_extension"
        )
    limit = settings.LLAR_UPLOAD_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit},
            code="upload_size",
        )
    signature = SIGNATURES[extension]
    if not _head(upload, len(signature)).startswith(signature):
        raise ValidationError(
            _("The file's content is not what its name says (%(extension)s).")
            % {"extension": extension.upper()},
            code="upload_content",
        )
