"""Shared reference tables with official codes: countries, provinces, municipalities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import CodeListEntry


class ReferenceQuerySet(models.QuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """Return every row to any signed-in active user: these are public facts."""
        if getattr(user, "is_authenticated", False) and user.is_active:
            return self
        return self.none()

    def active(self) -> models.QuerySet:
        return self.filter(is_active=True)


class Country(CodeListEntry):
    objects = ReferenceQuerySet.as_manager()

    class Meta(CodeListEntry.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="configuration_country_code")
        ]


class Province(CodeListEntry):
    objects = ReferenceQuerySet.as_manager()

    class Meta(CodeListEntry.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="configuration_province_code")
        ]


class Municipality(CodeListEntry):
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta(CodeListEntry.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], name="configuration_municipality_code"
            )
        ]

    def __str__(self) -> str:
        return self.name
