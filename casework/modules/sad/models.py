"""The home-care expedient and what it records (domain.md §3.4).

`HomeCareCase` is a module table of `Expedient`, as `BasicCase` is, so it
shares the cover, numbering, scope, linked persons, audit and history. Its
actuacions are state events (`HomeCareEvent`); the service in force is the
one of the latest approved event, kept on the case (`event_in_force`,
`definition_in_force`) by the services in the same transaction as the
decision, so the manager's listings and the alerts read it with a join.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from configuration.bounds import FREE_TEXT, validate_record_date
from configuration.enums import PromotingEntity, SadKind
from configuration.models import ClosingReason, HomeCareTask, Versioned

from ...models.expedient import Expedient
from ...models.items import Resource
from ...scope import ExpedientQuerySet, ExpedientRowQuerySet
from .enums import (
    MAX_VISIT_HOURS,
    MAX_WEEKLY_HOURS,
    ONCE_KINDS,
    HomeCareEventKind,
    HomeCareEventStatus,
    Weekday,
    WorkPlanPeriodicity,
)

USER = settings.AUTH_USER_MODEL


class HomeCareCase(Expedient):
    """The home-care expedient of one person, opened from their SSB expedient."""

    expedient = models.OneToOneField(
        Expedient,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="home_care_case",
    )
    origin = models.ForeignKey(
        Expedient,
        verbose_name=_("basic social services expedient"),
        on_delete=models.PROTECT,
        related_name="home_care_cases",
        editable=False,
        help_text=_("The expedient where the home-care service was pre-assigned."),
    )
    origin_resource = models.ForeignKey(
        Resource,
        verbose_name=_("home-care resource"),
        on_delete=models.SET_NULL,
        related_name="home_care_cases",
        null=True,
        blank=True,
        editable=False,
    )
    event_in_force = models.ForeignKey(
        "HomeCareEvent",
        verbose_name=_("state in force"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    definition_in_force = models.ForeignKey(
        "HomeCareDefinition",
        verbose_name=_("characteristics in force"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    objects = ExpedientQuerySet.as_manager()

    class Meta:
        verbose_name = _("home-care expedient")
        verbose_name_plural = _("home-care expedients")
        ordering = ["-created_at", "-pk"]
        permissions = [
            (
                "file_sad_documents",
                _("Can file and generate documents in home-care expedients"),
            ),
        ]


class HomeCareEvent(models.Model):
    """A state event of the service (a SAD actuació): proposed, then approved
    or denied. The latest approved one is the state in force."""

    case = models.ForeignKey(
        HomeCareCase,
        verbose_name=_("home-care expedient"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(
        _("event"), max_length=20, choices=HomeCareEventKind.choices
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=HomeCareEventStatus.choices,
        default=HomeCareEventStatus.PROPOSED,
        editable=False,
    )
    date = models.DateField(_("date"), validators=[validate_record_date])
    closing_reason = models.ForeignKey(
        ClosingReason,
        verbose_name=_("reason for the end of service"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Only for the end of service: it closes the expedient."),
    )
    notes = models.TextField(_("notes"), blank=True, **FREE_TEXT)
    proposed_by = models.ForeignKey(
        USER,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    proposed_at = models.DateTimeField(
        _("proposed at"), default=timezone.now, editable=False
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, editable=False
    )
    denial_reason = models.TextField(
        _("reason for the denial"), blank=True, editable=False, **FREE_TEXT
    )

    objects = ExpedientRowQuerySet.as_manager()
    expedient_lookup = "case"

    class Meta:
        verbose_name = _("home-care event")
        verbose_name_plural = _("home-care events")
        ordering = ["-date", "-pk"]
        permissions = [
            ("decide_homecareevent", _("Approves or denies home-care events")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=HomeCareEventStatus.DENIED) | ~Q(denial_reason=""),
                name="casework_homecareevent_denial_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=HomeCareEventStatus.PROPOSED)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="casework_homecareevent_decision_has_decider",
            ),
            models.CheckConstraint(
                condition=Q(kind=HomeCareEventKind.END, closing_reason__isnull=False)
                | (~Q(kind=HomeCareEventKind.END) & Q(closing_reason__isnull=True)),
                name="casework_homecareevent_reason_only_on_end",
            ),
            # One proposal waits for a decision at a time (rules.py says why).
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status=HomeCareEventStatus.PROPOSED),
                name="casework_homecareevent_one_pending",
                violation_error_message=_(
                    "Another event of this expedient is waiting for a decision."
                ),
            ),
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(status=HomeCareEventStatus.APPROVED, kind__in=ONCE_KINDS),
                name="casework_homecareevent_once_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "proposed_at"], name="casework_sad_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == HomeCareEventStatus.PROPOSED


def positive_hours(value) -> None:
    if value is not None and value <= 0:
        raise ValidationError(_("Type a number of hours above zero."))


class HomeCareDefinition(models.Model):
    """The service's characteristics as a start or modification defines them:
    one row per such event, never changed afterwards, so each stage of the
    service can be shown as it was."""

    event = models.OneToOneField(
        HomeCareEvent,
        verbose_name=_("home-care event"),
        on_delete=models.CASCADE,
        related_name="definition",
        editable=False,
    )
    service_type = models.PositiveSmallIntegerField(
        _("service type"),
        choices=[c for c in SadKind.choices if c[0] != SadKind.NONE],
    )
    tasks = models.ManyToManyField(
        HomeCareTask, verbose_name=_("tasks"), related_name="+"
    )
    weekly_hours = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=2,
        validators=[positive_hours, MaxValueValidator(MAX_WEEKLY_HOURS)],
    )
    funding = models.PositiveSmallIntegerField(
        _("funding"),
        choices=[c for c in PromotingEntity.choices if c[0] != 0],
        help_text=_("The administration or entity that pays for the service."),
    )
    copayment = models.DecimalField(
        _("the person's co-payment (€ a month)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("home-care characteristics")
        verbose_name_plural = _("home-care characteristics")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0, weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="casework_homecaredefinition_hours_bounded",
            ),
            models.CheckConstraint(
                condition=Q(copayment__gte=0),
                name="casework_homecaredefinition_copayment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()}, {self.weekly_hours} h"


class HomeCareWorkPlan(Versioned):
    """How the service is delivered from a date: periodicity, days and hours.
    The plan in force is the one with the latest start not in the future."""

    case = models.ForeignKey(
        HomeCareCase,
        verbose_name=_("home-care expedient"),
        on_delete=models.CASCADE,
        related_name="work_plans",
    )
    starts_on = models.DateField(_("start date"), validators=[validate_record_date])
    periodicity = models.CharField(
        _("periodicity"),
        max_length=12,
        choices=WorkPlanPeriodicity.choices,
        default=WorkPlanPeriodicity.WEEKLY,
    )
    weekdays = models.JSONField(
        _("days of the week"),
        default=list,
        help_text=_("The days of the week the service is given."),
    )
    hours = models.DecimalField(
        _("hours a visit"),
        max_digits=4,
        decimal_places=2,
        validators=[positive_hours, MaxValueValidator(MAX_VISIT_HOURS)],
    )
    notes = models.TextField(_("notes"), blank=True, **FREE_TEXT)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    updated_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ExpedientRowQuerySet.as_manager()
    expedient_lookup = "case"

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "starts_on"],
                name="casework_homecareworkplan_one_per_start",
                violation_error_message=_(
                    "Another work plan of this expedient starts on that date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_VISIT_HOURS),
                name="casework_homecareworkplan_hours_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_periodicity_display()}: {self.weekday_labels}"

    @property
    def weekday_labels(self) -> str:
        return ", ".join(str(Weekday(day).label) for day in sorted(self.weekdays))

    def clean(self):
        super().clean()
        days = self.weekdays
        valid = isinstance(days, list) and all(
            type(day) is int and day in Weekday.values for day in days
        )
        if not valid or not days or len(set(days)) != len(days):
            raise ValidationError(
                {"weekdays": _("Choose the days of the week, each once.")}
            )
        self.weekdays = sorted(days)
