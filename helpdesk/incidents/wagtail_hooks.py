"""Register the incident screens, the "Suport" menu item on every admin screen,
the support queue's menu item and the home panel.

Wagtail loads only `helpdesk/wagtail_hooks.py`, which imports this module.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem

from .panels import IncidentsPanel
from .services import screen_path, works_queue
from .viewsets import incident_viewset, queue_viewset


class SupportMenuItem(MenuItem):
    """The life-buoy: its link carries the screen it is clicked from.

    The sidebar is rendered for each request, so the link is built here from
    the request's path (never its query string, which may hold searched names).
    Menu item instances are shared, so `self.url` is left alone.
    """

    def is_shown(self, request):
        return request.user.has_perm("helpdesk.add_incident")

    def render_component(self, request):
        query = urlencode({"from": screen_path(request.path)})
        return LinkMenuItem(
            self.name,
            self.label,
            f"{self.url}?{query}",
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return works_queue(request.user)


@hooks.register("register_icons")
def register_lifebuoy_icon(icons):
    return [*icons, "helpdesk/icons/lifebuoy.svg"]


@hooks.register("register_admin_viewset")
def register_incident_viewsets():
    return [incident_viewset, queue_viewset]


@hooks.register("register_admin_menu_item")
def register_support_menu_item():
    return SupportMenuItem(
        _("Suport"),
        reverse("helpdesk_incidents:new"),
        icon_name="lifebuoy",
        order=99000,
    )


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        _("Support queue"),
        reverse("helpdesk_queue:index"),
        icon_name="tasks",
        order=98900,
    )


@hooks.register("construct_homepage_panels")
def add_incidents_panel(request, panels):
    if request.user.has_perm("helpdesk.view_incident"):
        panels.append(IncidentsPanel())
