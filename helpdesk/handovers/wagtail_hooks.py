"""Register the handover screens and their home panel.

Wagtail loads only `helpdesk/wagtail_hooks.py`, which imports this module.
"""

from wagtail import hooks

from .panels import HandoversPanel
from .viewsets import handover_viewset


@hooks.register("register_admin_viewset")
def register_handover_viewset():
    return handover_viewset


@hooks.register("construct_homepage_panels")
def add_handovers_panel(request, panels):
    if getattr(request.user, "area_id", None):  # the support desk has no area
        panels.append(HandoversPanel())
