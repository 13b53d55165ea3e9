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
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from configuration.bounds import FREE_TEXT, validate_record_date
from configuration.enums import ImmigrationCourseLevel
from configuration.models import ImmigrationCourse, ImmigrationProject
from configuration.scope import AreaScopedQuerySet

from ...models.expedient import Expedient
from ...models.items import Actuacio, ExpedientItem, LiveItemManager, RecordedRow
from ...scope import ExpedientQuerySet, ExpedientRowQuerySet
from .enums import ImmigrationReferralSource, TrainingWay

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

    reception_certificate_on = models.DateField(
        _("reception certificate obtained on"),
        null=True,
        blank=True,
        validators=[validate_record_date],
    )
    signed_application = models.FileField(
        _("signed application"),
        upload_to="immigration/applications/%Y/",
        blank=True,
        help_text=_(
            "The first-reception service application signed by the person "
            "(download the template, have it signed, upload it here)."
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
            (
                "record_immigration_tramits",
                _("Can record tràmits in immigration expedients"),
            ),
            (
                "file_immigration_documents",
                _("Can file and generate documents in immigration expedients"),
            ),
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


class ImmigrationTrainingModule(ExpedientItem):
    """A first-reception module of the person (Decree 150/2014): completed in
    an own course of the area (marked automatically once the attended classes
    reach 75% of the course's hours) or accredited with external evidence."""

    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.CASCADE,
        related_name="immigration_training",
    )
    way = models.CharField(_("recorded as"), max_length=12, choices=TrainingWay.choices)
    level = models.CharField(
        _("typology"),
        max_length=2,
        choices=ImmigrationCourseLevel.choices,
        blank=True,
    )
    course = models.ForeignKey(
        ImmigrationCourse,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        null=True,
        blank=True,
    )
    enrolled_on = models.DateField(
        _("enrolled on"), null=True, blank=True, validators=[validate_record_date]
    )
    # Set by the attendance register (own course) or by the professional
    # (accredited): the day the module was completed or accredited.
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, validators=[validate_record_date]
    )
    evidence = models.FileField(
        _("accreditation document"),
        upload_to="immigration/evidence/%Y/",
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True, **FREE_TEXT)

    class Meta:
        verbose_name = _("first-reception module")
        verbose_name_plural = _("first-reception modules")
        ordering = ["level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expedient", "course"],
                name="casework_immigrationmodule_course_once",
                violation_error_message=_(
                    "The person is already enrolled in this course in this expedient."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.course.name if self.course_id else self.get_level_display()

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None


class CourseClassQuerySet(AreaScopedQuerySet):
    """A course's classes: the area's, for those who work the module."""

    def visible_to(self, user) -> models.QuerySet:
        rows = super().visible_to(user)
        if user.is_authenticated and (
            user.is_superuser or user.has_perm("casework.view_immigrationcase")
        ):
            return rows
        return rows.none()


class ImmigrationCourseClass(RecordedRow):
    """One class of an own course of the area, with its attendance register."""

    course = models.ForeignKey(
        ImmigrationCourse,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="classes",
    )
    date = models.DateField(_("date"), validators=[validate_record_date])
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )

    objects = CourseClassQuerySet.as_manager()
    area_lookup = "course__area"

    class Meta:
        verbose_name = _("course class")
        verbose_name_plural = _("course classes")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "date"],
                name="casework_immigrationclass_one_per_day",
                violation_error_message=_(
                    "A class of this course is already recorded on this date."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.name} · {self.date:%d/%m/%Y}"


class ImmigrationAttendance(RecordedRow):
    """Whether an enrolled person attended one class of the course."""

    course_class = models.ForeignKey(
        ImmigrationCourseClass,
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    module = models.ForeignKey(
        ImmigrationTrainingModule,
        verbose_name=_("first-reception module"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    attended = models.BooleanField(_("attended"))

    expedient_lookup = "module__expedient"

    objects = ExpedientRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("class attendance")
        verbose_name_plural = _("class attendance")
        ordering = ["course_class__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_class", "module"],
                name="casework_immigrationattendance_once",
            )
        ]
