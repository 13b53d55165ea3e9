"""Break-glass access: a professional opens a confidential expedient they are
not named on, for a recorded reason, for a limited time (casework.services.
break_glass). While a grant runs, `Expedient.objects.visible_to` admits the
expedient for its user; the grant never widens area, module or territory.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from configuration.bounds import FREE_TEXT

from ..enums import BreakGlassReason
from .expedient import Expedient


class BreakGlassAccessQuerySet(models.QuerySet):
    def running(self, at=None) -> models.QuerySet:
        return self.filter(expires_at__gt=at or timezone.now())


class BreakGlassAccess(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="break_glass_accesses",
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=BreakGlassReason.choices
    )
    text = models.TextField(_("explanation"), **FREE_TEXT)
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))

    objects = BreakGlassAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user", "expires_at"], name="casework_breakglass_user"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="casework_breakglassaccess_expires_after_opening",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="casework_breakglassaccess_text_required",
            ),
        ]
        permissions = [
            (
                "report_person_access",
                _("Generates a person's data-access report"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expedient} ({self.get_reason_display()})"
