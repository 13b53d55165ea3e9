"""Intervention plans (plans d'intervenció) and their objectives (domain.md §3.3.9)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from configuration.bounds import FREE_TEXT, OPTIONAL_RECORD_DATE, validate_record_date
from configuration.custom_values import extra_values_field
from configuration.enums import ResourceScope
from configuration.models import Versioned
from directory.models import Person

from ..enums import ObjectiveResult, ObjectiveType, PlanClosingReason, PlanState
from ..scope import ExpedientRowQuerySet
from .items import ExpedientItem, expedient_fk, recorded_index

USER = settings.AUTH_USER_MODEL


class InterventionPlan(ExpedientItem):
    expedient = expedient_fk("plans")
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(
        _("start date"), default=date.today, validators=[validate_record_date]
    )
    review_on = models.DateField(**OPTIONAL_RECORD_DATE, verbose_name=_("review date"))
    expires_on = models.DateField(_("expiry date"), validators=[validate_record_date])
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=PlanState.choices,
        default=PlanState.OPEN,
        editable=False,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closing_reason = models.CharField(
        _("closing reason"),
        max_length=20,
        choices=PlanClosingReason.choices,
        blank=True,
        editable=False,
    )
    referents = models.ManyToManyField(
        USER,
        verbose_name=_("referent professionals of the plan"),
        related_name="plans_referred",
    )
    affected_persons = models.ManyToManyField(
        Person, verbose_name=_("persons affected"), related_name="plans"
    )
    agreements = models.TextField(
        _("agreements"),
        blank=True,
        **FREE_TEXT,
        help_text=_("What the persons and the professionals agree to do."),
    )

    extra = extra_values_field()

    class Meta:
        verbose_name = _("intervention plan")
        verbose_name_plural = _("intervention plans")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("starts_on")),
                name="casework_plan_expires_after_start",
                violation_error_message=_(
                    "The expiry date cannot be before the start date."
                ),
            )
        ]
        indexes = [
            recorded_index("casework_plan", live=False),
            # The alerts: open plans expired or about to expire.
            models.Index(
                fields=["expires_on", "expedient"],
                condition=Q(state=PlanState.OPEN),
                name="casework_plan_open_expiry",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == PlanState.OPEN

    def clean(self):
        super().clean()
        if self.review_on and self.starts_on and self.review_on < self.starts_on:
            raise ValidationError(
                {"review_on": _("The review date cannot be before the start date.")}
            )


class PlanObjective(Versioned):
    plan = models.ForeignKey(
        InterventionPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    description = models.TextField(_("description"), **FREE_TEXT)
    type = models.CharField(
        _("type"),
        max_length=20,
        choices=ObjectiveType.choices,
        default=ObjectiveType.OTHER,
    )
    population_sector = models.PositiveSmallIntegerField(
        _("population sector"),
        choices=ResourceScope.choices,
        default=ResourceScope.UNASSIGNED,
    )
    target_persons = models.ManyToManyField(
        Person, verbose_name=_("persons it is for"), related_name="+", blank=True
    )
    starts_on = models.DateField(**OPTIONAL_RECORD_DATE, verbose_name=_("start date"))
    ends_on = models.DateField(**OPTIONAL_RECORD_DATE, verbose_name=_("end date"))
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=ObjectiveResult.choices,
        default=ObjectiveResult.PENDING,
        blank=True,
    )

    objects = ExpedientRowQuerySet.as_manager()
    expedient_lookup = "plan__expedient"

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:80]
