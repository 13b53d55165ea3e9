"""Register the directory's policies (first) and its admin screens."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from configuration.scope import ScopedPermissionPolicy

from .models import Kinship, Person, PersonExtended

for _model in (Person, PersonExtended, Kinship):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))

from .viewsets import DirectoryGroup  # noqa: E402 - after the policies


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryGroup()
