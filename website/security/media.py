"""Uploaded files, served through Django so that a record's files follow its scope.

MEDIA_URL maps here in every environment; the web server in front must not serve
MEDIA_ROOT itself. A record's file is served only to a professional who may see
the record (404 otherwise, like the record); Wagtail's images, shown on the public
course pages, stay public. Anything else under MEDIA_ROOT is not served.
"""

from auditlog.signals import accessed
from django.apps import apps
from django.conf import settings
from django.http import FileResponse, Http404
from django.views.static import serve

from configuration.scope import OBJECT_ACTIONS, policy_for

# (model, file field) of every record that carries uploaded files.
RECORD_FILES = (
    ("directory.Person", "consent_document"),
    ("casework.ImmigrationCase", "signed_application"),
    ("casework.ImmigrationTrainingModule", "evidence"),
)
PUBLIC_PREFIXES = ("images/", "original_images/")


def _record_with_file(user, path: str):
    for label, field in RECORD_FILES:
        model = apps.get_model(label)
        visible = policy_for(model).instances_user_has_any_permission_for(
            user, OBJECT_ACTIONS
        )
        record = visible.filter(**{field: path}).first()
        if record is not None:
            return record, getattr(record, field)
    return None, None


def serve_media(request, path: str):
    if path.startswith(PUBLIC_PREFIXES):
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    if not path or not request.user.is_authenticated:
        raise Http404
    record, file = _record_with_file(request.user, path)
    if record is None:
        raise Http404
    accessed.send(sender=type(record), instance=record)
    return FileResponse(file.open("rb"), filename=file.name.rsplit("/", 1)[-1])
