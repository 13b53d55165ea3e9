"""Register the coordinators' tools: their URLs, their expedient choosers and
their menu item.

Wagtail loads only `helpdesk/wagtail_hooks.py`, which imports this module.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from casework.deletion import register_item_delete_tool
from casework.permissions import user_can_transfer
from casework.transfers import register_sector_transfer_tool
from configuration.holdings import register_transfer_tool

from . import urls
from .choosers import expedient_chooser, open_expedient_chooser
from .permissions import user_runs_tools


@hooks.register("register_admin_urls")
def register_tools_urls():
    return [path("eines/", include(urls, namespace="helpdesk_tools"))]


@hooks.register("register_admin_viewset")
def register_tools_choosers():
    return [expedient_chooser, open_expedient_chooser]


class ToolsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_runs_tools(request.user)


@hooks.register("register_admin_menu_item")
def register_tools_menu_item():
    return ToolsMenuItem(
        _("Coordination tools"),
        reverse("helpdesk_tools:index"),
        icon_name="cogs",
        order=780,
    )


def transfer_tool_url(professional, user) -> str:
    if not user_runs_tools(user) or user.area_id != professional.area_id:
        return ""
    return reverse("helpdesk_tools:professional_transfer", args=[professional.pk])


# The refusal to deregister someone who still holds records links here.
register_transfer_tool(transfer_tool_url)


def sector_transfer_tool_url(expedient, user) -> str:
    if not user_can_transfer(user, expedient):
        return ""
    return reverse("helpdesk_tools:expedient_transfer", args=[expedient.pk])


# The expedient's cover links here (casework.transfers); its form keeps the
# sector and subsector read-only.
register_sector_transfer_tool(sector_transfer_tool_url)


# Which field of the delete tool's form lists each kind of item.
ITEM_KINDS = {
    "actuacio": "actuacions",
    "demand": "demands",
    "problemrecord": "problems",
    "resource": "resources",
    "tramit": "tramits",
    "document": "documents",
}


def item_kind(item) -> str:
    """The delete tool's field for `item`: a module's own actuació (a child
    row of Actuacio, same pk) is listed with the actuacions."""
    for model in (type(item), *type(item)._meta.get_parent_list()):
        if model._meta.model_name in ITEM_KINDS:
            return ITEM_KINDS[model._meta.model_name]
    raise KeyError(item._meta.model_name)


def delete_tool_url(item, user) -> str:
    if not user_runs_tools(user) or user.area_id != item.expedient.area_id:
        return ""
    url = reverse("helpdesk_tools:items_delete", args=[item.expedient_id])
    return f"{url}?{item_kind(item)}={item.pk}"


# An item's own delete screen links here (casework.deletion).
register_item_delete_tool(delete_tool_url)
