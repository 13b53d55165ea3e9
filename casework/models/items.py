"""What is recorded in an expedient: actuacions, demandes, problemàtiques,
recursos and tràmits (domain.md §3.3.4–3.3.8).

Every item belongs to one expedient and is scoped through it; persons an item
concerns must be linked to that expedient (checked by the services).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from configuration.bounds import FREE_TEXT, OPTIONAL_RECORD_DATE, validate_record_date
from configuration.custom_values import extra_values_field
from configuration.enums import (
    PromotingEntity,
    ResourceScope,
    ResourceState,
    SadKind,
    TramitScope,
    TramitState,
)
from configuration.models import (
    ActuacioPlace,
    ActuacioType,
    Benefit,
    DemandType,
    Problem,
    TramitType,
    Versioned,
)
from directory.models import Person

from ..enums import (
    ActuacioOrigin,
    AutomaticEvent,
    BeneficiaryRole,
    EnergyAccessChannel,
    EnergyDenialReason,
    PendingBills,
    ProblemScope,
)
from ..scope import ExpedientRowQuerySet
from .expedient import Expedient

USER = settings.AUTH_USER_MODEL


def expedient_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


def end_of_year() -> date:
    today = date.today()
    return date(today.year, 12, 31)


def recorded_index(prefix: str, *, live: bool = True) -> models.Index:
    """(expedient, created_at) of the rows not deleted: the "no activity for a
    year" alert (helpdesk.alerts.queries) probes it once per expedient."""
    return models.Index(
        fields=["expedient", "created_at"],
        condition=Q(deleted_at__isnull=True) if live else None,
        name=f"{prefix}_recorded",
    )


class RecordedRow(Versioned):
    """Abstract base of a row recorded by hand: who recorded and changed it, when."""

    created_by = models.ForeignKey(
        USER,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    updated_by = models.ForeignKey(
        USER,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ExpedientItem(RecordedRow):
    """Abstract base of the items: the expedient, who recorded it and when."""

    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="%(class)s_set",
    )

    objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        abstract = True


class LiveItemManager(models.Manager.from_queryset(ExpedientRowQuerySet)):
    """The rows nobody has deleted: every listing, tab, count, alert and form."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class DeletableItem(ExpedientItem):
    """An item a coordinator may delete and restore (domain.md §4.6, §6.3):
    deleting only marks the row, so the default manager (`objects`) hides it
    everywhere and `all_objects` still finds it for the restore tool.

    Joins from other rows (`Expedient.objects.filter(resources__…)`, a
    through table, an `Exists` over `ResourceBeneficiary`) do not go through
    the default manager: such queries say `deleted_at__isnull=True` themselves.
    """

    deleted_at = models.DateTimeField(
        _("deleted at"), null=True, blank=True, editable=False
    )
    deleted_by = models.ForeignKey(
        USER,
        verbose_name=_("deleted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    deletion_reason = models.CharField(
        _("reason for deleting"), max_length=200, blank=True, editable=False
    )

    objects = LiveItemManager()
    all_objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Actuacio(DeletableItem):
    """An interview or other intervention, or an automatic record of an event."""

    expedient = expedient_fk("actuacions")

    origin = models.CharField(
        _("origin"),
        max_length=10,
        choices=ActuacioOrigin.choices,
        default=ActuacioOrigin.MANUAL,
        editable=False,
    )
    event = models.CharField(
        _("automatic event"),
        max_length=20,
        choices=AutomaticEvent.choices,
        blank=True,
        editable=False,
    )
    type = models.ForeignKey(
        ActuacioType,
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    date = models.DateField(
        _("date"), default=date.today, validators=[validate_record_date]
    )
    time = models.TimeField(_("time"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    place = models.ForeignKey(
        ActuacioPlace,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    topic = models.CharField(_("topic"), max_length=200)
    text = models.TextField(_("content"), blank=True, **FREE_TEXT)
    responsible = models.ForeignKey(
        USER,
        verbose_name=_("responsible professional"),
        on_delete=models.PROTECT,
        related_name="actuacions_responsible",
        null=True,
        blank=True,
    )
    related_persons = models.ManyToManyField(
        Person,
        verbose_name=_("related persons"),
        related_name="actuacions",
        blank=True,
    )
    attendee_persons = models.ManyToManyField(
        Person,
        verbose_name=_("persons who attended"),
        related_name="actuacions_attended",
        blank=True,
    )
    attendee_professionals = models.ManyToManyField(
        USER,
        verbose_name=_("professionals who attended"),
        related_name="actuacions_attended",
        blank=True,
    )

    extra = extra_values_field()

    class Meta:
        verbose_name = _("actuació")
        verbose_name_plural = _("actuacions")
        ordering = ["-date", "-time", "-pk"]
        indexes = [
            models.Index(fields=["expedient", "-date"], name="casework_act_date"),
            # The alerts (helpdesk.alerts.queries): an actuació of the last year.
            models.Index(
                fields=["expedient", "date"],
                condition=Q(deleted_at__isnull=True),
                name="casework_act_live_date",
            ),
            recorded_index("casework_act"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.topic}"


class Demand(DeletableItem):
    """What the person asked for, dated the day it was asked; never closed."""

    expedient = expedient_fk("demands")

    type = models.ForeignKey(
        DemandType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(
        _("date asked"), default=date.today, validators=[validate_record_date]
    )
    actuacio = models.ForeignKey(
        Actuacio,
        verbose_name=_("related actuació"),
        on_delete=models.SET_NULL,
        related_name="demands",
        null=True,
        blank=True,
    )
    beneficiaries = models.ManyToManyField(
        Person, verbose_name=_("beneficiaries"), related_name="demands"
    )

    extra = extra_values_field()

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        ordering = ["-date", "-pk"]
        indexes = [recorded_index("casework_demand")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.type.name}"


class ProblemRecord(DeletableItem):
    """A problem diagnosed (problemàtica), extended or reopened rather than repeated."""

    expedient = expedient_fk("problems")

    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(
        _("start date"), default=date.today, validators=[validate_record_date]
    )
    ends_on = models.DateField(
        _("end date"),
        default=end_of_year,
        validators=[validate_record_date],
        help_text=_("31 December of this year unless you choose otherwise."),
    )
    scope = models.CharField(
        _("scope"),
        max_length=12,
        choices=ProblemScope.choices,
        default=ProblemScope.FAMILY,
    )
    beneficiaries = models.ManyToManyField(
        Person, verbose_name=_("persons concerned"), related_name="problem_records"
    )

    extra = extra_values_field()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="casework_problem_ends_after_start",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            )
        ]
        indexes = [
            recorded_index("casework_problem"),
            # The alerts: problems past their end date.
            models.Index(
                fields=["ends_on", "expedient"],
                condition=Q(deleted_at__isnull=True),
                name="casework_problem_live_end",
            ),
        ]

    def __str__(self) -> str:
        return self.problem.name

    def is_current(self, on: date | None = None) -> bool:
        on = on or date.today()
        return self.starts_on <= on <= self.ends_on


class Tramit(DeletableItem):
    """An application for a benefit, registered from the expedient."""

    expedient = expedient_fk("tramits")

    type = models.ForeignKey(
        TramitType,
        verbose_name=_("tràmit type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.PositiveSmallIntegerField(
        _("scope"), choices=TramitScope.choices, default=TramitScope.SOCIAL_SERVICES
    )
    state = models.PositiveSmallIntegerField(
        _("state"), choices=TramitState.choices, default=TramitState.PROCESSED
    )
    processed_on = models.DateField(
        _("processing date"), default=date.today, validators=[validate_record_date]
    )
    holder = models.ForeignKey(
        Person,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="tramits",
    )
    actuacio = models.OneToOneField(
        Actuacio,
        verbose_name=_("tramitació actuació"),
        on_delete=models.SET_NULL,
        related_name="tramit",
        null=True,
        blank=True,
        editable=False,
    )

    extra = extra_values_field()

    class Meta:
        verbose_name = _("tràmit")
        verbose_name_plural = _("tràmits")
        ordering = ["-processed_on", "-pk"]
        indexes = [recorded_index("casework_tramit")]

    def __str__(self) -> str:
        return self.type.name

    @property
    def kind(self) -> str:
        return self.type.kind


class Resource(DeletableItem):
    """A benefit from the portfolio proposed, granted or denied (recurs)."""

    expedient = expedient_fk("resources")

    benefit = models.ForeignKey(
        Benefit,
        verbose_name=_("benefit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.PositiveSmallIntegerField(
        _("state"),
        choices=ResourceState.choices,
        default=ResourceState.PRE_ASSIGNED,
    )
    state_changed_on = models.DateField(
        _("state since"), default=date.today, editable=False
    )
    promoting_entity = models.PositiveSmallIntegerField(
        _("promoting entity"),
        choices=PromotingEntity.choices,
        default=PromotingEntity.UNASSIGNED,
    )
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    starts_on = models.DateField(**OPTIONAL_RECORD_DATE, verbose_name=_("start date"))
    ends_on = models.DateField(**OPTIONAL_RECORD_DATE, verbose_name=_("end date"))
    target_group = models.PositiveSmallIntegerField(
        _("target group"),
        choices=ResourceScope.choices,
        default=ResourceScope.UNASSIGNED,
    )
    sad_kind = models.PositiveSmallIntegerField(
        _("home-care kind"), choices=SadKind.choices, default=SadKind.NONE
    )
    tramit = models.OneToOneField(
        Tramit,
        verbose_name=_("tràmit"),
        on_delete=models.SET_NULL,
        related_name="resource",
        null=True,
        blank=True,
        editable=False,
    )
    # The "resource granted" actuació, written once: a grant that is denied and
    # granted again points at the same actuació instead of writing a second one.
    granted_actuacio = models.OneToOneField(
        Actuacio,
        verbose_name=_("granting actuació"),
        on_delete=models.SET_NULL,
        related_name="granted_resource",
        null=True,
        blank=True,
        editable=False,
    )
    beneficiaries = models.ManyToManyField(
        Person,
        through="ResourceBeneficiary",
        verbose_name=_("beneficiaries"),
        related_name="resources",
    )
    alert_dismissed = models.BooleanField(default=False, editable=False)
    # Household supplies (2.3.7.x): the energy-poverty block.
    energy_poverty_case = models.BooleanField(
        _("expedient opened for energy poverty"), null=True, blank=True
    )
    energy_beneficiaries_registered = models.BooleanField(
        _("beneficiaries registered for energy poverty"), null=True, blank=True
    )
    pending_bills = models.PositiveSmallIntegerField(
        _("pending monthly bills"),
        choices=PendingBills.choices,
        default=PendingBills.UNASSIGNED,
    )
    aid_previous_year = models.BooleanField(
        _("aid received the previous year"), null=True, blank=True
    )
    access_channel = models.PositiveSmallIntegerField(
        _("how the case arrived"),
        choices=EnergyAccessChannel.choices,
        null=True,
        blank=True,
    )
    denial_reason = models.PositiveSmallIntegerField(
        _("denial reason"),
        choices=EnergyDenialReason.choices,
        null=True,
        blank=True,
    )

    ENERGY_FIELDS = (
        "energy_poverty_case",
        "energy_beneficiaries_registered",
        "pending_bills",
        "aid_previous_year",
        "access_channel",
        "denial_reason",
    )

    extra = extra_values_field()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="casework_resource_ends_after_start",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            )
        ]
        indexes = [
            recorded_index("casework_resource"),
            # The alerts: granted resources past their end date, and resources
            # pre-assigned for over a month.
            models.Index(
                fields=["ends_on", "expedient", "id"],
                condition=Q(
                    state=ResourceState.GRANTED,
                    alert_dismissed=False,
                    deleted_at__isnull=True,
                ),
                name="casework_resource_granted_end",
            ),
            models.Index(
                fields=["state_changed_on", "expedient", "id"],
                condition=Q(state=ResourceState.PRE_ASSIGNED, deleted_at__isnull=True),
                name="casework_resource_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.benefit.name

    def clean(self):
        super().clean()
        if self.benefit_id and not self.benefit.is_energy_supply:
            filled = [
                name
                for name in self.ENERGY_FIELDS
                if getattr(self, name) not in (None, PendingBills.UNASSIGNED)
            ]
            if filled:
                raise ValidationError(
                    _(
                        "The energy-poverty details are only for household-supply "
                        "benefits (2.3.7)."
                    )
                )


class ResourceBeneficiary(models.Model):
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="beneficiary_rows"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="resource_rows"
    )
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=BeneficiaryRole.choices,
        default=BeneficiaryRole.BENEFICIARY,
    )

    class Meta:
        verbose_name = _("resource beneficiary")
        verbose_name_plural = _("resource beneficiaries")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "person"], name="casework_resource_person_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
