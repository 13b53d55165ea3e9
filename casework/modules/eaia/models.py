"""The child and adolescent protection expedient and what only it records
(domain.md §3.7).

- `ChildProtectionCase` is the EAIA module's child of the shared cover
  (`Expedient`, multi-table inheritance, like `BasicCase`): the priority and
  the due date it implies, "answer within 6 months", the case origin, the
  report to DGAIA/SAIA and the case synthesis. Its phase is Alta on creation
  and Obert once Evolució records the first administrative situation (the
  services keep it).
- `EaiaEvolution` is one period of the child's protection situation: it
  starts on `starts_on` and ends the day the next period starts (`ends_on`,
  kept by the services: the periods are contiguous, with no gap and no
  overlap; the latest is open-ended).
- `EaiaActuacio` is an actuació (a child row of `Actuacio`) with its thematic
  scope, so the actuacions' edit window, tools, transfer lock and alerts treat
  it as any actuació.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from configuration.bounds import OPTIONAL_RECORD_DATE, validate_record_date
from directory.models import Person

from ...models.expedient import Expedient
from ...models.items import Actuacio, ExpedientItem, LiveItemManager
from ...scope import ExpedientQuerySet, ExpedientRowQuerySet
from .enums import (
    ANSWER_TERM,
    EaiaExpedientType,
    EaiaPhase,
    EaiaPriority,
    EaiaTerritoriality,
    EaiaThematicScope,
    priority_due,
)

USER = settings.AUTH_USER_MODEL
OTHER_TEAMS = 3  # Evolució names up to three other EAIA teams


def _optional_date(label) -> models.DateField:
    return models.DateField(label, **OPTIONAL_RECORD_DATE)


class ChildProtectionCase(Expedient):
    """The EAIA expedient of one child or adolescent, its main person."""

    expedient = models.OneToOneField(
        Expedient,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="child_protection_case",
    )
    phase = models.CharField(
        _("phase"),
        max_length=12,
        choices=EaiaPhase.choices,
        default=EaiaPhase.REGISTERED,
        editable=False,
    )
    priority = models.CharField(
        _("prioritisation criterion"),
        max_length=12,
        choices=EaiaPriority.choices,
        default=EaiaPriority.ORDINARY,
    )
    priority_since = models.DateField(
        _("priority set on"),
        default=date.today,
        validators=[validate_record_date],
        help_text=_("The study, diagnosis and assessment are due from this day."),
    )
    answer_within_six_months = models.BooleanField(
        _("answer within 6 months"),
        default=False,
        help_text=_("Whatever the priority, the answer is due within 6 months."),
    )
    case_origin = models.CharField(
        _("case origin"),
        max_length=200,
        blank=True,
        help_text=_("The sector or municipality the case comes from."),
    )
    report_prepared_on = _optional_date(_("report to DGAIA/SAIA prepared on"))
    report_resolved_on = _optional_date(_("DGAIA/SAIA resolution on"))
    synthesis_generated_on = _optional_date(_("case synthesis generated on"))
    synthesis_resolved_on = _optional_date(_("case synthesis resolved on"))
    synthesis_author = models.ForeignKey(
        USER,
        verbose_name=_("case synthesis author"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = ExpedientQuerySet.as_manager()

    class Meta:
        verbose_name = _("child protection expedient")
        verbose_name_plural = _("child protection expedients")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("reopen_childprotectioncase", _("Can reopen a closed EAIA expedient")),
            ("close_childprotectioncase", _("Can close an EAIA expedient")),
            (
                "file_eaia_documents",
                _("Can file and generate documents in EAIA expedients"),
            ),
        ]

    def save(self, *args, **kwargs):
        """The phase follows Evolució (`services.relink_periods` writes it with
        `update_fields`): a full save of a row read before a period was
        recorded never writes a stale phase back."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "phase"
            ]
        super().save(*args, **kwargs)

    @property
    def priority_due_on(self) -> date | None:
        """The day the priority's study is due."""
        if not self.priority or self.priority_since is None:
            return None
        return priority_due(self.priority, self.priority_since)

    @property
    def answer_due_on(self) -> date | None:
        """Six months from the priority's day, when "answer within 6 months"."""
        if not self.answer_within_six_months or self.priority_since is None:
            return None
        return self.priority_since + ANSWER_TERM

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.report_resolved_on
            and self.report_prepared_on
            and self.report_resolved_on < self.report_prepared_on
        ):
            errors["report_resolved_on"] = _(
                "The resolution cannot come before the report was prepared."
            )
        if self.report_resolved_on and not self.report_prepared_on:
            errors["report_prepared_on"] = _(
                "Write the day the report was prepared before its resolution."
            )
        if self.synthesis_resolved_on and not self.synthesis_generated_on:
            errors["synthesis_generated_on"] = _(
                "Write the day the synthesis was generated before its resolution."
            )
        elif (
            self.synthesis_resolved_on
            and self.synthesis_resolved_on < self.synthesis_generated_on
        ):
            errors["synthesis_resolved_on"] = _(
                "The resolution cannot come before the synthesis was generated."
            )
        if self.synthesis_generated_on and self.synthesis_author_id is None:
            errors["synthesis_author"] = _("Choose who wrote the case synthesis.")
        if errors:
            raise ValidationError(errors)


def _other_team(label) -> models.CharField:
    return models.CharField(label, max_length=120, blank=True)


def _participation(label) -> models.CharField:
    return models.CharField(
        label, max_length=15, choices=EaiaTerritoriality.choices, blank=True
    )


class EaiaEvolution(ExpedientItem):
    """One period of the child's protection situation. Its end is the next
    period's start (never typed: the services keep the periods contiguous)."""

    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="eaia_evolution",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("child or adolescent"),
        on_delete=models.PROTECT,
        related_name="eaia_evolution",
        editable=False,
    )
    starts_on = models.DateField(_("start date"), validators=[validate_record_date])
    ends_on = models.DateField(_("end date"), null=True, blank=True, editable=False)
    expedient_type = models.CharField(
        _("expedient type"), max_length=20, choices=EaiaExpedientType.choices
    )
    territoriality = models.CharField(
        _("territoriality criterion"),
        max_length=15,
        choices=EaiaTerritoriality.choices,
    )
    administrative_situation = models.CharField(
        _("administrative situation"), max_length=200
    )
    other_team_1 = _other_team(_("other EAIA team 1"))
    other_team_1_role = _participation(_("participation of team 1"))
    other_team_2 = _other_team(_("other EAIA team 2"))
    other_team_2_role = _participation(_("participation of team 2"))
    other_team_3 = _other_team(_("other EAIA team 3"))
    other_team_3_role = _participation(_("participation of team 3"))

    class Meta:
        verbose_name = _("Evolució period")
        verbose_name_plural = _("Evolució periods")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expedient", "starts_on"],
                name="casework_eaiaevolution_one_start",
                violation_error_message=_(
                    "Another period of this expedient starts on this day."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y} {self.get_expedient_type_display()}"

    def other_teams(self) -> list[tuple[str, str]]:
        """(team, participation) of the other EAIA teams named."""
        return [
            (
                getattr(self, f"other_team_{n}"),
                getattr(self, f"get_other_team_{n}_role_display")(),
            )
            for n in range(1, OTHER_TEAMS + 1)
            if getattr(self, f"other_team_{n}")
        ]

    def clean(self):
        super().clean()
        errors = {}
        for n in range(1, OTHER_TEAMS + 1):
            team = getattr(self, f"other_team_{n}").strip()
            role = getattr(self, f"other_team_{n}_role")
            if team and not role:
                errors[f"other_team_{n}_role"] = _("Choose how this team takes part.")
            if role and not team:
                errors[f"other_team_{n}"] = _("Write the name of the team.")
        if errors:
            raise ValidationError(errors)


class EaiaActuacio(Actuacio):
    """An actuació of an EAIA expedient: place, topic, type and thematic scope
    are required."""

    actuacio = models.OneToOneField(
        Actuacio,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="eaia",
    )
    thematic_scope = models.CharField(
        _("thematic scope"), max_length=15, choices=EaiaThematicScope.choices
    )
    # The actuació it was copied from into a sibling's expedient.
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("recorded with"),
        on_delete=models.SET_NULL,
        related_name="sibling_copies",
        null=True,
        blank=True,
        editable=False,
    )

    objects = LiveItemManager()
    all_objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("EAIA actuació")
        verbose_name_plural = _("EAIA actuacions")
        ordering = ["-date", "-time", "-pk"]
