"""Register the alerts' home panel and URLs.

Wagtail loads only `helpdesk/wagtail_hooks.py`, which imports this module.
"""

from django.urls import include, path
from wagtail import hooks

from . import urls
from .panels import AlertsPanel


@hooks.register("construct_homepage_panels")
def add_alerts_panel(request, panels):
    if getattr(request.user, "area_id", None):  # the support desk has no area
        panels.append(AlertsPanel())


@hooks.register("register_admin_urls")
def register_alerts_urls():
    return [path("alertes/", include(urls, namespace="helpdesk_alerts"))]
