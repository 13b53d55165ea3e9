"""The expedient: one cover shared by every module, and what hangs off it.

`Expedient` holds the parts every module shares (number, state, territory,
professionals, confidentiality, linked persons, actuacions, audit); each module
is a child table (multi-table inheritance) that adds only its own fields, in
casework/modules/<key>/models.py. Items (actuacions, demandes…) point at
`Expedient`, so every module reuses them and the person's Traceability tab
lists every module with one query.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from configuration.bounds import FREE_TEXT
from configuration.custom_values import extra_values_field
from configuration.enums import (
    ConstructionType,
    ExpedientState,
    TenureRegime,
)
from configuration.models import (
    Area,
    ClosingReason,
    Municipality,
    Province,
    RelationshipType,
    Sector,
    Subsector,
    Team,
    Versioned,
)
from directory.models import Person

from ..enums import HabitabilityProblem, MissingSupply, Module
from ..scope import ExpedientQuerySet, ExpedientRowQuerySet

USER = settings.AUTH_USER_MODEL


class ExpedientSequence(models.Model):
    """The last number given in an area and year; locked while numbering."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"], name="casework_sequence_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}: {self.last_number}"


class Expedient(Versioned):
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    module = models.CharField(
        _("module"), max_length=20, choices=Module.choices, editable=False
    )
    number = models.CharField(
        _("expedient number"),
        max_length=20,
        editable=False,
        help_text=_("Given when the expedient is opened: year/sequence."),
    )
    external_reference = models.CharField(
        _("external reference"),
        max_length=50,
        blank=True,
        help_text=_("Its identifier in the local body's own back-office systems."),
    )
    state = models.PositiveSmallIntegerField(
        _("state"),
        choices=ExpedientState.choices,
        default=ExpedientState.OPEN,
        editable=False,
    )
    state_date = models.DateField(_("state since"), editable=False)
    closing_reason = models.ForeignKey(
        ClosingReason,
        verbose_name=_("closing reason"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    subsector = models.ForeignKey(
        Subsector,
        verbose_name=_("subsector"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reference_team = models.ForeignKey(
        Team,
        verbose_name=_("reference team"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The specialised or thematic team assigned, if any."),
    )
    reference_professional = models.ForeignKey(
        USER,
        verbose_name=_("reference professional"),
        on_delete=models.PROTECT,
        related_name="expedients_referred",
    )
    co_reference_professional = models.ForeignKey(
        USER,
        verbose_name=_("co-reference professional"),
        on_delete=models.PROTECT,
        related_name="expedients_co_referred",
        null=True,
        blank=True,
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Only the professionals named on it and their coordinator see a "
            "confidential expedient."
        ),
    )
    persons = models.ManyToManyField(
        Person,
        through="LinkedPerson",
        verbose_name=_("linked persons"),
        related_name="linked_expedients",
    )
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("created by"),
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

    extra = extra_values_field()
    objects = ExpedientQuerySet.as_manager()

    class Meta:
        verbose_name = _("expedient")
        verbose_name_plural = _("expedients")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "number"],
                name="casework_expedient_number_unique_in_area",
                violation_error_message=_(
                    "Another expedient of this area has this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state=ExpedientState.OPEN)
                | Q(closing_reason__isnull=False),
                name="casework_expedient_closed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "module", "state"], name="casework_exp_state"),
            # The few confidential expedients, found without reading the rest:
            # those a user may not see are left out of the desk's counts
            # (ExpedientQuerySet.hidden_from), a chunk of an export at a time.
            models.Index(
                fields=["area"],
                name="casework_exp_confidential",
                condition=Q(confidential=True),
            ),
        ]
        permissions = [
            (
                "coordinate_expedients",
                _(
                    "Sees the confidential expedients of their teams and assigns "
                    "expedients anywhere in the area"
                ),
            ),
            (
                "change_reference_professional",
                _(
                    "Changes the reference professional of expedients in their "
                    "teams' sectors"
                ),
            ),
            (
                "transfer_expedient",
                _("Transfers expedients between their teams' sectors"),
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("New expedient"))

    @property
    def is_open(self) -> bool:
        return self.state == ExpedientState.OPEN

    def clean(self):
        super().clean()
        errors = {}
        if self.sector_id and self.area_id and self.sector.area_id != self.area_id:
            errors["sector"] = _("Choose a sector of the expedient's area.")
        if self.subsector_id and self.subsector.sector_id != self.sector_id:
            errors["subsector"] = _("Choose a subsector of the chosen sector.")
        if (
            self.co_reference_professional_id
            and self.co_reference_professional_id == self.reference_professional_id
        ):
            errors["co_reference_professional"] = _(
                "The co-reference professional must be someone other than the "
                "reference professional."
            )
        if errors:
            raise ValidationError(errors)


class LinkedPerson(models.Model):
    """A person linked to an expedient, with their relationship to the main person."""

    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="expedient_links",
    )
    is_main = models.BooleanField(_("main person"), default=False)
    relationship = models.ForeignKey(
        RelationshipType,
        verbose_name=_("relationship to the main person"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("linked person")
        verbose_name_plural = _("linked persons")
        ordering = ["-is_main", "linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expedient", "person"],
                name="casework_linkedperson_once",
                violation_error_message=_(
                    "This person is already linked to the expedient."
                ),
            ),
            models.UniqueConstraint(
                fields=["expedient"],
                condition=Q(is_main=True),
                name="casework_linkedperson_one_main",
                violation_error_message=_("An expedient has one main person."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Housing(Versioned):
    """The household's dwelling (the Habitatge tab)."""

    expedient = models.OneToOneField(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="housing",
        primary_key=True,
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    locality = models.CharField(
        _("locality or neighbourhood"), max_length=100, blank=True
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    street_type = models.CharField(_("street type"), max_length=30, blank=True)
    street_name = models.CharField(_("street"), max_length=200, blank=True)
    street_number = models.CharField(_("number"), max_length=10, blank=True)
    block = models.CharField(_("block"), max_length=10, blank=True)
    staircase = models.CharField(_("staircase"), max_length=10, blank=True)
    floor = models.CharField(_("floor"), max_length=10, blank=True)
    door = models.CharField(_("door"), max_length=10, blank=True)
    construction_type = models.PositiveSmallIntegerField(
        _("construction type"), choices=ConstructionType.choices, null=True, blank=True
    )
    tenure_regime = models.PositiveSmallIntegerField(
        _("tenure regime"),
        choices=TenureRegime.choices,
        default=TenureRegime.NOT_RECORDED,
    )
    missing_supplies = models.JSONField(
        _("missing supplies and equipment"),
        default=list,
        blank=True,
        help_text=_("Codes from the missing-supplies list."),
    )
    habitability_problems = models.JSONField(
        _("habitability problems"), default=list, blank=True
    )
    notes = models.TextField(_("notes on the dwelling"), blank=True, **FREE_TEXT)
    updated_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    ADDRESS_FIELDS = (
        "province",
        "municipality",
        "locality",
        "postcode",
        "street_type",
        "street_name",
        "street_number",
        "block",
        "staircase",
        "floor",
        "door",
        "construction_type",
        "tenure_regime",
    )

    objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("housing")
        verbose_name_plural = _("housing")

    def __str__(self) -> str:
        return " ".join(
            part
            for part in (self.street_type, self.street_name, self.street_number)
            if part
        ) or str(_("Housing"))

    def clean(self):
        super().clean()
        errors = {}
        unknown = set(self.missing_supplies or ()) - set(MissingSupply.values)
        if unknown:
            errors["missing_supplies"] = _("Unknown supply: %(codes)s") % {
                "codes": ", ".join(sorted(unknown))
            }
        unknown = set(self.habitability_problems or ()) - set(
            HabitabilityProblem.values
        )
        if unknown:
            errors["habitability_problems"] = _("Unknown problem: %(codes)s") % {
                "codes": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)
