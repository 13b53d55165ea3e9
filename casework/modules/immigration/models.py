"""The immigration and citizenship expedient and its actuacions (domain.md §3.6).

- `ImmigrationCase` is the module's child of the shared cover (`Expedient`,
  multi-table inheritance, like `BasicCase`). The first-reception process
  starts on the opening day (editable) and ends exactly two years later
  (`process_end`); past that day the term shows as expired ("Vençut") and the
  expedient stays usable. The person's country of birth and mother tongue are
  read from the person record, never copied.
- `ImmigrationActuacio` is an actuació (a child row of `Actuacio`) with the
  module's fields, so the actuacions' edit window, the deletion and move tools
  and the person's access report keep working on it unchanged.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _

from configuration.bounds import validate_record_date
from configuration.models import ImmigrationCourse, ImmigrationProject

from ...models.expedient import Expedient
from ...models.items import Actuacio, LiveItemManager
from ...scope import ExpedientQuerySet, ExpedientRowQuerySet
from .enums import ImmigrationReferralSource

# The first-reception process lasts exactly this long from its start.
PROCESS_TERM = relativedelta(years=2)


def process_end_of(start: date) -> date:
    """The day the process started plus two years (29/02 ends on 28/02)."""
    return start + PROCESS_TERM


class ImmigrationCase(Expedient):
    """The immigration and citizenship expedient of one person, its main person."""

    expedient = models.OneToOneField(
        Expedient,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="immigration_case",
    )
    process_start = models.DateField(
        _("process start date"),
        validators=[validate_record_date],
        help_text=_(
            "The opening day unless changed; the process ends exactly two years later."
        ),
    )

    objects = ExpedientQuerySet.as_manager()

    class Meta:
        verbose_name = _("immigration expedient")
        verbose_name_plural = _("immigration expedients")
        ordering = ["-created_at", "-pk"]
        permissions = [
            (
                "reopen_immigrationcase",
                _("Can reopen a closed immigration expedient"),
            ),
            ("close_immigrationcase", _("Can close an immigration expedient")),
        ]

    @property
    def process_end(self) -> date | None:
        return process_end_of(self.process_start) if self.process_start else None

    def process_expired(self, today: date | None = None) -> bool:
        """Whether the two-year term is over (the end day itself still counts)."""
        end = self.process_end
        return end is not None and (today or date.today()) > end

    def main_person_record(self):
        """The main person (from the prefetched main link when loaded so)."""
        links = getattr(self, "main_links", None)
        if links is None:
            links = list(self.links.filter(is_main=True).select_related("person"))
        return links[0].person if links else None

    @property
    def mother_tongue(self) -> str:
        """The main person's mother tongue, from the record's extended block."""
        person = self.main_person_record()
        extended = getattr(person, "extended", None) if person else None
        if extended is None:
            return ""
        if extended.mother_tongue_id:
            return extended.mother_tongue.name
        return extended.mother_tongue_text


class ImmigrationActuacio(Actuacio):
    """An actuació of an immigration expedient, with the module's fields."""

    actuacio = models.OneToOneField(
        Actuacio,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="immigration",
    )
    project = models.ForeignKey(
        ImmigrationProject,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    course = models.ForeignKey(
        ImmigrationCourse,
        verbose_name=_("action or course"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    itinerary_informed = models.BooleanField(
        _("service itinerary informed"), default=False
    )
    referral_source = models.PositiveSmallIntegerField(
        _("referred from"),
        choices=ImmigrationReferralSource.choices,
        null=True,
        blank=True,
    )

    ENTRY_FIELDS = ("project", "course")

    objects = LiveItemManager()
    all_objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("immigration actuació")
        verbose_name_plural = _("immigration actuacions")
        ordering = ["-date", "-time", "-pk"]
