"""The "Incidències" panel of the admin home: the professional's own incidents,
counted by updated (support answered), open and all, each linking to the list."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.components import Component

from ..enums import IncidentState
from ..models import Incident


class IncidentsPanel(Component):
    name = "incidents"
    template_name = "helpdesk/incidents/home_panel.html"
    order = 60  # below the notices, above Wagtail's own panels
    heading = _("Incidències")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        counts = Incident.objects.mine(user).aggregate(
            updated=Count("pk", filter=Q(state=IncidentState.UPDATED)),
            open=Count("pk", filter=Q(state=IncidentState.OPEN)),
            all=Count("pk"),
        )
        index = reverse("helpdesk_incidents:index")
        context["rows"] = [
            (
                pgettext_lazy("incidents", "Updated"),
                counts["updated"],
                f"{index}?state=updated",
            ),
            (pgettext_lazy("incidents", "Open"), counts["open"], f"{index}?state=open"),
            (pgettext_lazy("incidents", "All"), counts["all"], index),
        ]
        context["new_url"] = reverse("helpdesk_incidents:new")
        return context
