"""Relatives drawn on an expedient's genogram only (domain.md §3.3.3): an absent
parent, a grandparent who died long ago: people without a person record of
their own, each tied to a linked person by a kinship."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from configuration.enums import Sex
from directory.enums import KinshipKind
from directory.models import Person

from ..scope import ExpedientRowQuerySet
from .expedient import Expedient

YEAR_VALIDATORS = [MinValueValidator(1850), MaxValueValidator(2200)]


class GenogramRelative(models.Model):
    """`kind` says what this relative is of `person` (a linked person): the
    parent of, the partner of, the child of…"""

    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="genogram_relatives",
    )
    label = models.CharField(
        _("name or label"),
        max_length=100,
        help_text=_(
            "A name or how the family calls them, e.g. “maternal grandfather”."
        ),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    is_deceased = models.BooleanField(_("deceased"), default=False)
    death_year = models.PositiveSmallIntegerField(
        _("year of death"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("relative of"),
        on_delete=models.CASCADE,
        related_name="genogram_relatives",
    )
    kind = models.CharField(
        _("relationship"), max_length=10, choices=KinshipKind.choices
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("genogram-only relative")
        verbose_name_plural = _("genogram-only relatives")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="casework_genogramrelative_ends_after_start",
                violation_error_message=_(
                    "A relationship cannot end before it starts."
                ),
            ),
            models.CheckConstraint(
                condition=Q(death_year__isnull=True) | Q(is_deceased=True),
                name="casework_genogramrelative_death_year_deceased",
                violation_error_message=_(
                    "Only a deceased relative has a year of death."
                ),
            ),
            models.CheckConstraint(
                condition=Q(death_year__isnull=True)
                | Q(birth_year__isnull=True)
                | Q(death_year__gte=F("birth_year")),
                name="casework_genogramrelative_dies_after_birth",
                violation_error_message=_(
                    "The year of death cannot be before the year of birth."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label
