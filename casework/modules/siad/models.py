"""The women's service expedient and what is recorded only in it (domain.md §3.5).

- `WomensServiceCase` is the SIAD module's child of the shared cover
  (`Expedient`, multi-table inheritance, like `BasicCase`). It is always
  confidential: the professionals named on it and the coordinators of their
  teams read it; anyone else only through break-glass (casework/scope.py).
- `SiadActuacio` is an actuació (a child row of `Actuacio`) with the SIAD
  fields, so the actuacions tab, the deletion and move tools, the edit window,
  the alerts and the person's access report keep working on it unchanged.
- `SiadTrainingAssignment` gives the woman (the expedient's main person) a
  resource of the area's SIAD training catalogue; `SiadTrainingSession` records
  each session and whether she attended.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from configuration.bounds import FREE_TEXT, validate_record_date
from configuration.models import (
    SiadChannel,
    SiadConsultationArea,
    SiadConsultationType,
    SiadReferralSource,
    SiadService,
    SiadTrainingResource,
    SiadViolenceSituation,
)
from directory.models import Person

from ...models.expedient import Expedient
from ...models.items import Actuacio, ExpedientItem, LiveItemManager, RecordedRow
from ...scope import ExpedientQuerySet, ExpedientRowQuerySet

USER = settings.AUTH_USER_MODEL


def optional_entry(model, verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )


class WomensServiceCase(Expedient):
    """The women's service expedient (SIAD) of one woman, its main person."""

    expedient = models.OneToOneField(
        Expedient,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="womens_service_case",
    )

    objects = ExpedientQuerySet.as_manager()

    class Meta:
        verbose_name = _("women's service expedient")
        verbose_name_plural = _("women's service expedients")
        ordering = ["-created_at", "-pk"]
        permissions = [
            (
                "reopen_womensservicecase",
                _("Can reopen a closed women's service expedient"),
            ),
            (
                "close_womensservicecase",
                _("Can close a women's service expedient"),
            ),
            (
                "file_siad_documents",
                _("Can file and generate documents in women's service expedients"),
            ),
        ]

    def clean(self):
        super().clean()
        if not self.confidential:
            raise ValidationError(
                {
                    "confidential": _(
                        "A women's service expedient is always confidential."
                    )
                }
            )


class SiadActuacio(Actuacio):
    """An actuació of a women's service expedient, with the SIAD fields."""

    actuacio = models.OneToOneField(
        Actuacio,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="siad",
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    channel = optional_entry(SiadChannel, _("channel"))
    violence_situation = optional_entry(
        SiadViolenceSituation, _("violence situation detected")
    )
    attending_service = optional_entry(SiadService, _("attending service"))
    referral_source = optional_entry(SiadReferralSource, _("referred from"))
    consultation_area = optional_entry(SiadConsultationArea, _("consultation area"))
    consultation_type = optional_entry(SiadConsultationType, _("consultation type"))

    # The catalogue entries it names (the listings count by them).
    ENTRY_FIELDS = (
        "channel",
        "violence_situation",
        "attending_service",
        "referral_source",
        "consultation_area",
        "consultation_type",
    )

    objects = LiveItemManager()
    all_objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("SIAD actuació")
        verbose_name_plural = _("SIAD actuacions")
        ordering = ["-date", "-time", "-pk"]

    def clean(self):
        super().clean()
        if self.consultation_type_id is None:
            return
        if self.consultation_type.consultation_area_id != self.consultation_area_id:
            raise ValidationError(
                {
                    "consultation_type": _(
                        "Choose a consultation type of the chosen consultation area."
                    )
                }
            )


class SiadTrainingAssignment(ExpedientItem):
    """A training resource of the area's SIAD catalogue given to the woman."""

    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="siad_training",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("woman"),
        on_delete=models.PROTECT,
        related_name="siad_training",
    )
    resource = models.ForeignKey(
        SiadTrainingResource,
        verbose_name=_("training resource"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assigned_on = models.DateField(
        _("assigned on"), default=date.today, validators=[validate_record_date]
    )
    notes = models.TextField(_("notes"), blank=True, **FREE_TEXT)

    class Meta:
        verbose_name = _("SIAD training resource assigned")
        verbose_name_plural = _("SIAD training resources assigned")
        ordering = ["-assigned_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expedient", "person", "resource"],
                name="casework_siadtraining_once",
                violation_error_message=_(
                    "This training resource is already assigned to her in this "
                    "expedient."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.resource.name


class SiadTrainingSession(RecordedRow):
    """One session of an assigned training resource: its date and attendance."""

    assignment = models.ForeignKey(
        SiadTrainingAssignment,
        verbose_name=_("training resource assigned"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    date = models.DateField(_("date"), validators=[validate_record_date])
    attended = models.BooleanField(_("attended"))

    expedient_lookup = "assignment__expedient"

    objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "date"],
                name="casework_siadsession_one_per_day",
                violation_error_message=_(
                    "A session of this resource is already recorded on this date."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"
