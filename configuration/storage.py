"""Where an expedient's documents are kept: a private folder, never a URL.

`LLAR_PRIVATE_DIR` (default `<LLAR_VAR_DIR>/private`) lies outside MEDIA_ROOT
and STATIC_ROOT, and no URL pattern serves it: a document leaves it only
through its download view (casework.views.documents), which checks that the
professional may see its expedient and records the read. The storage has no
`url()`, so no template can link to a file directly by mistake.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at LLAR_PRIVATE_DIR (read when used, so a test
    may point it elsewhere with override_settings)."""

    @property
    def base_location(self):
        return str(settings.LLAR_PRIVATE_DIR)

    @property
    def location(self):
        return str(settings.LLAR_PRIVATE_DIR.resolve())

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("A private file has no URL: use its download view.")


PRIVATE_STORAGE = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of the documents' file field (a callable: migrations name
    it, not a path that depends on the settings)."""
    return PRIVATE_STORAGE
