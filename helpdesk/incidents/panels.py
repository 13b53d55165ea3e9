"""The "Incidències" panel of the admin home.

A professional sees their own incidents, counted by updated (support
answered), open and all, each linking to "My incidents". The support desk (who
works the queue and raises no incidents of its own) sees the queue instead:
waiting for support, waiting for the professional, and assigned to them, each
linking to the queue filtered the same way, so a count and its list agree.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.components import Component

from ..enums import IncidentState
from ..models import Incident
from .services import works_queue


def own_rows(user) -> list[tuple]:
    counts = Incident.objects.mine(user).aggregate(
        updated=Count("pk", filter=Q(state=IncidentState.UPDATED)),
        open=Count("pk", filter=Q(state=IncidentState.OPEN)),
        all=Count("pk"),
    )
    index = reverse("helpdesk_incidents:index")
    return [
        (
            pgettext_lazy("incidents", "Updated"),
            counts["updated"],
            f"{index}?state={IncidentState.UPDATED}",
        ),
        (
            pgettext_lazy("incidents", "Open"),
            counts["open"],
            f"{index}?state={IncidentState.OPEN}",
        ),
        (pgettext_lazy("incidents", "All"), counts["all"], index),
    ]


def queue_rows(user) -> list[tuple]:
    counts = Incident.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(state=IncidentState.OPEN)),
        updated=Count("pk", filter=Q(state=IncidentState.UPDATED)),
        mine=Count("pk", filter=Q(assigned_to=user)),
    )
    queue = reverse("helpdesk_queue:index")
    return [
        (
            _("Waiting for support"),
            counts["open"],
            f"{queue}?state={IncidentState.OPEN}",
        ),
        (
            _("Answered, waiting for the professional"),
            counts["updated"],
            f"{queue}?state={IncidentState.UPDATED}",
        ),
        (_("Assigned to me"), counts["mine"], f"{queue}?assigned_to={user.pk}"),
    ]


class IncidentsPanel(Component):
    name = "incidents"
    template_name = "helpdesk/incidents/home_panel.html"
    order = 60  # below the notices, above Wagtail's own panels
    heading = _("Incidències")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["rows"] = queue_rows(user) if works_queue(user) else own_rows(user)
        if user.has_perm("helpdesk.add_incident"):
            context["new_url"] = reverse("helpdesk_incidents:new")
        return context
