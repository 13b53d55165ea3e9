"""Notices on a professional's admin home screen ("Avisos").

A notification names what happened and where to look (`link`), never personal
data beyond an expedient number and a professional's name. Incidents and
alerts (issue #7) add their own kinds (`helpdesk.enums.NotificationKind`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import NotificationKind


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> models.QuerySet:
        return self.filter(read_at__isnull=True)

    def for_user(self, user) -> models.QuerySet:
        """A professional only ever sees their own notices."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at"], name="helpdesk_notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.text
