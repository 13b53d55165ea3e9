"""The organisation: local bodies, basic social-services areas (the tenant), users."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import LocalBodyKind


class TimeStampedModel(models.Model):
    """Abstract base that stamps creation and last change (HackSoft BaseModel)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class LocalBody(TimeStampedModel):
    """A town council, county council or association that runs basic social services."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=LocalBodyKind.choices)

    class Meta:
        verbose_name = _("local body")
        verbose_name_plural = _("local bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(TimeStampedModel):
    """A basic social-services area (ABSS): the tenant of every personal record."""

    local_body = models.ForeignKey(
        LocalBody,
        verbose_name=_("local body"),
        on_delete=models.PROTECT,
        related_name="areas",
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short identifier of the area, used in exports and reports."),
    )

    class Meta:
        verbose_name = _("basic social-services area")
        verbose_name_plural = _("basic social-services areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A professional (or trainee, or support agent) who signs in to Llar."""

    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="professionals",
        null=True,
        blank=True,
        help_text=_("Empty only for the support desk and trainees outside any area."),
    )
    identity_document = models.CharField(
        _("identity document"), max_length=20, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
