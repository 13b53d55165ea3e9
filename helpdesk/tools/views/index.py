"""The list of the coordinators' tools (the "Coordination tools" menu item)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .base import CoordinatorOnlyMixin

# (url name, title, what it does); each starts by choosing its row.
TOOLS = (
    (
        "professional_transfer",
        _("Transfer a professional's records"),
        _(
            "Hand the expedients and person records one professional holds to "
            "another, e.g. before deregistering them."
        ),
    ),
    (
        "expedient_transfer",
        _("Transfer an expedient to another sector"),
        _(
            "Information transfer (same expedient, new sector; what was recorded "
            "before becomes read-only) or family transfer (close it and open a "
            "new one there with the same persons)."
        ),
    ),
    (
        "items_move",
        _("Move items between expedients"),
        _(
            "Move actuacions, demandes, problemàtiques, recursos and tràmits "
            "to another expedient of the area."
        ),
    ),
    (
        "items_delete",
        _("Delete items"),
        _(
            "Delete actuacions, demandes, problemàtiques, recursos and tràmits "
            "recorded by mistake, saying why. They disappear from the expedient "
            "but are kept, and can be restored."
        ),
    ),
    (
        "items_restore",
        _("Restore deleted items"),
        _(
            "See what was deleted from an expedient (when, by whom, why) and "
            "bring it back."
        ),
    ),
    (
        "person_unlink",
        _("Unlink a person from an expedient"),
        _(
            "Choose the expedient, then unlink the person on its Persons tab "
            "(the main person needs a successor first)."
        ),
    ),
    (
        "person_recover",
        _("Reactivate a deceased person"),
        _("Set a person record recorded as deceased back to active."),
    ),
    (
        "password_reset",
        _("Reset a professional's password"),
        _("Send the professional an e-mail to choose a new password."),
    ),
)


class ToolsIndexView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "helpdesk/tools/index.html"
    page_title = _("Coordination tools")
    header_icon = "cogs"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        tools = [
            {
                "url": reverse(f"helpdesk_tools:{name}_pick"),
                "title": title,
                "text": text,
            }
            for name, title, text in TOOLS
        ]
        return super().get_context_data(tools=tools, **kwargs)
