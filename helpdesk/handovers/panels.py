"""The home screen's "Handovers to acknowledge": how many expedients were
handed over to the professional and still wait for their acknowledgement,
and the way to all of theirs (the listing has no menu item of its own)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from ..models import Handover


class HandoversPanel(Component):
    name = "handovers"
    template_name = "helpdesk/handovers/panel.html"
    order = 55  # just below the notices
    heading = _("Handovers to acknowledge")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["count"] = (
            Handover.objects.visible_to(user).addressed_to(user).pending().count()
        )
        context["index_url"] = reverse("helpdesk_handovers:index")
        context["pending_url"] = context["index_url"] + "?state=pending"
        return context
