"""The "Avisos" panel of the admin home screen: the user's unread notices."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .models import Notification

SHOWN = 20


class NotificationsPanel(Component):
    name = "notifications"
    template_name = "helpdesk/home/notifications.html"
    order = 50  # above Wagtail's own panels
    heading = _("Notices")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        unread = Notification.objects.for_user(request.user).unread()
        context["request"] = request
        context["csrf_token"] = parent_context.get("csrf_token")
        context["notifications"] = list(unread[:SHOWN])
        return context
