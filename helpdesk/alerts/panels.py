"""The "Alertes i tasques" panel of the admin home screen: live counts per kind
the professional wants, with the first few alerts of each linked."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .selectors import alerts_summary

SHOWN = 3


class AlertsPanel(Component):
    name = "alerts"
    template_name = "helpdesk/alerts/panel.html"
    order = 70  # below the notices and the incidents
    heading = _("Alerts and tasks")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        groups = alerts_summary(request.user, shown=SHOWN)
        context["groups"] = [group for group in groups if group.count]
        context["preferences_url"] = reverse("helpdesk_alerts:preferences")
        return context
