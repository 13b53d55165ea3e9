"""The one thing sign-in security stores itself; django-axes and django-otp keep
their own tables (failed attempts, TOTP devices)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordChange(models.Model):
    """When a professional last chose their password (for PASSWORD_EXPIRY_DAYS).

    Written by `passwords.PasswordChangeStamp`, which Django calls after every
    password change, whichever screen or command made it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_change",
    )
    changed_at = models.DateTimeField(_("password changed at"))

    class Meta:
        verbose_name = _("password change")
        verbose_name_plural = _("password changes")

    def __str__(self) -> str:
        return f"{self.user} {self.changed_at:%Y-%m-%d}"
