"""What the alerts remember: alerts themselves are computed, never stored.

- `AlertPreference`: the alert types a professional switched off (none by default).
- `AlertDismissal`: an alert dismissed for good (only the dismissable kinds). It
  is kept per alert, not per professional: once dismissed it returns to nobody,
  neither the professional nor their coordinator (domain.md §4.8); `user`
  records who dismissed it.
- `AlertSnapshot`: what the periodic `refresh_alerts` command found for one
  professional and one kind when it last changed, so that it notifies only new
  alerts. The home panel never reads it: it counts live.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..alerts.kinds import AlertKind


class AlertPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.CASCADE,
        related_name="alert_preference",
        primary_key=True,
    )
    disabled_kinds = models.JSONField(
        _("alert types switched off"), default=list, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")

    def __str__(self) -> str:
        return str(self.user)


class AlertDismissal(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed alert")
        verbose_name_plural = _("dismissed alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="helpdesk_alertdismissal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}"


class AlertSnapshot(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    object_ids = models.JSONField(_("alerts found"), default=list)
    refreshed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("alert snapshot")
        verbose_name_plural = _("alert snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="helpdesk_alertsnapshot_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {len(self.object_ids)}"
