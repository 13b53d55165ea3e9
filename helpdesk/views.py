"""Admin views of the helpdesk."""

from django.shortcuts import get_object_or_404, redirect
from django.views import View

from .models import Notification
from .services import notification_mark_read


class NotificationReadView(View):
    """POST: mark one of the user's own notices as read (others' answer 404)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notification = get_object_or_404(
            Notification.objects.for_user(request.user), pk=pk
        )
        notification_mark_read(notification=notification, acting_user=request.user)
        return redirect("wagtailadmin_home")
