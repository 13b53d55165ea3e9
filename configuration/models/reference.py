"""Shared reference tables with official codes: countries, provinces, municipalities,
mother tongues and street types (the Hèstia files Paisos, Provincies, Municipis,
LlenguaMaterna and TipusVia)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..collation import CatalanOrder
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
        # The file's order (the most frequent first), then by name as read.
        ordering = ["sort_order", CatalanOrder("name").asc()]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="configuration_country_code")
        ]


class Province(CodeListEntry):
    objects = ReferenceQuerySet.as_manager()

    class Meta(CodeListEntry.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = [CatalanOrder("name").asc()]  # not "21 Girona … 9 Barcelona"
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
        ordering = [CatalanOrder("name").asc()]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], name="configuration_municipality_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MotherTongue(CodeListEntry):
    """A language of the Hèstia LlenguaMaterna list, chosen on the person record."""

    objects = ReferenceQuerySet.as_manager()

    class Meta(CodeListEntry.Meta):
        verbose_name = _("mother tongue")
        verbose_name_plural = _("mother tongues")
        ordering = [CatalanOrder("name").asc()]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], name="configuration_mothertongue_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class StreetType(CodeListEntry):
    """A kind of street of the Hèstia TipusVia list ("CARRER", "PLAÇA")."""

    objects = ReferenceQuerySet.as_manager()

    class Meta(CodeListEntry.Meta):
        verbose_name = _("street type")
        verbose_name_plural = _("street types")
        ordering = [CatalanOrder("name").asc()]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], name="configuration_streettype_code"
            )
        ]

    def __str__(self) -> str:
        return self.name
