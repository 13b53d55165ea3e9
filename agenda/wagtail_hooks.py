"""Register the agenda's permission policies (no screens yet: the calendar
reads agenda/feed.py through a view added with the screens)."""

from wagtail.permissions import register_permission_policy

from configuration.scope import ScopedPermissionPolicy

from .models import Appointment, DutySlot

for _model in (Appointment, DutySlot):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))
