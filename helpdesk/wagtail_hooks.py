"""Register the helpdesk's home panel and URLs."""

from django.urls import path
from wagtail import hooks

from .alerts import wagtail_hooks as alerts_hooks  # noqa: F401 - registers the alerts
from .handovers import wagtail_hooks as handovers_hooks  # noqa: F401 - registers them
from .incidents import wagtail_hooks as incidents_hooks  # noqa: F401 - registers them
from .panels import NotificationsPanel
from .tools import wagtail_hooks as tools_hooks  # noqa: F401 - registers the tools
from .views import NotificationReadView


@hooks.register("construct_homepage_panels")
def add_notifications_panel(request, panels):
    panels.append(NotificationsPanel())


@hooks.register("register_admin_urls")
def register_helpdesk_urls():
    return [
        path(
            "avisos/<int:pk>/read/",
            NotificationReadView.as_view(),
            name="helpdesk_notification_read",
        ),
    ]
