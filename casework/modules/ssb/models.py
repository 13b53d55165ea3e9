"""The basic social services expedient's own table (domain.md §3.3.1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from configuration.enums import ExpedientStage, FamilyResidence, FamilyType, RiskGrade
from configuration.models import CaseOrigin
from directory.normalise import normalise_name

from ...models.expedient import Expedient
from ...scope import ExpedientQuerySet


class BasicCase(Expedient):
    """The basic social services expedient (atenció primària): the household's case."""

    expedient = models.OneToOneField(
        Expedient,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="basic_case",
    )
    family_name = models.CharField(
        _("family name"),
        max_length=200,
        help_text=_("How the household is known, usually its surnames."),
    )
    family_search = models.CharField(
        max_length=200, editable=False, db_index=True, default=""
    )
    case_origin = models.ForeignKey(
        CaseOrigin,
        verbose_name=_("case origin"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    family_type = models.PositiveSmallIntegerField(
        _("family type"), choices=FamilyType.choices, default=FamilyType.NOT_RECORDED
    )
    family_residence = models.PositiveSmallIntegerField(
        _("family residence"),
        choices=FamilyResidence.choices,
        default=FamilyResidence.UNASSIGNED,
        help_text=_("Where the people of the expedient live."),
    )
    stage = models.PositiveSmallIntegerField(
        _("stage"), choices=ExpedientStage.choices, default=ExpedientStage.RECEPTION
    )
    risk_grade = models.PositiveSmallIntegerField(
        _("risk grade"), choices=RiskGrade.choices, default=RiskGrade.NOT_ASSESSED
    )

    objects = ExpedientQuerySet.as_manager()

    class Meta:
        verbose_name = _("basic social services expedient")
        verbose_name_plural = _("basic social services expedients")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("reopen_basiccase", _("Can reopen a closed expedient")),
        ]

    def save(self, *args, **kwargs):
        self.family_search = normalise_name(self.family_name)
        if kwargs.get("update_fields") and "family_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "family_search"}
        super().save(*args, **kwargs)
