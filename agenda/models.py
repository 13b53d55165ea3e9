"""Appointments, reservations, recurring series and duty slots (domain.md §3.8).

An appointment is a slot in the agenda of one or more professionals. With
attending persons it is a visit (an interview, an accompaniment…); without
any, and of a non-interview type, it is a *reservation* (a meeting, training,
documentation). Both share one table and one state model. Working timetables
are configuration's (`WorkSchedule`); the rules that use them are in
agenda/services.py, who may do what in agenda/permissions.py and who sees
which rows in agenda/scope.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from casework.models import Expedient
from configuration.bounds import FREE_TEXT, validate_record_date
from configuration.enums import Weekday
from configuration.models import (
    ActuacioPlace,
    Area,
    Sector,
    Subsector,
    Team,
    TimeStampedModel,
    Versioned,
)
from configuration.scope import AreaScopedQuerySet
from directory.models import Person

from .enums import (
    CANCELLED_STATES,
    AppointmentScope,
    AppointmentState,
    AppointmentType,
    SeriesFrequency,
)
from .scope import AppointmentQuerySet

USER = settings.AUTH_USER_MODEL

# The Hèstia interface's longest series is a year of weekly visits; past that
# a series is a timetable, not an agenda (configuration.WorkSchedule).
SERIES_MAX_OCCURRENCES = 60


class Series(TimeStampedModel):
    """Appointments booked together as a weekly or monthly repetition, until
    a date or for a number of times; each occurrence is its own row."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    frequency = models.CharField(
        _("repeats"), max_length=10, choices=SeriesFrequency.choices
    )
    starts_on = models.DateField(_("first date"), validators=[validate_record_date])
    until = models.DateField(
        _("until"), null=True, blank=True, validators=[validate_record_date]
    )
    count = models.PositiveSmallIntegerField(_("times"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recurring series")
        verbose_name_plural = _("recurring series")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True, count__gte=1)
                | Q(until__isnull=False, count__isnull=True),
                name="agenda_series_until_or_count",
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count__lte=SERIES_MAX_OCCURRENCES),
                name="agenda_series_count_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} {self.starts_on:%d/%m/%Y}"


class Appointment(Versioned, TimeStampedModel):
    """A visit or a reservation in one or more professionals' agendas."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.PositiveSmallIntegerField(
        _("state"), choices=AppointmentState.choices, default=AppointmentState.PENDING
    )
    date = models.DateField(_("date"), validators=[validate_record_date])
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    type = models.PositiveSmallIntegerField(
        _("type"), choices=AppointmentType.choices, default=AppointmentType.INTERVIEW
    )
    place = models.ForeignKey(
        ActuacioPlace,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=AppointmentScope.choices, blank=True
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    series = models.ForeignKey(
        Series,
        verbose_name=_("recurring series"),
        on_delete=models.SET_NULL,
        related_name="appointments",
        null=True,
        blank=True,
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
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    observations = models.TextField(_("observations"), blank=True, **FREE_TEXT)
    persons = models.ManyToManyField(
        Person,
        verbose_name=_("attending persons"),
        through="AppointmentPerson",
        related_name="appointments",
        blank=True,
    )
    professionals = models.ManyToManyField(
        USER, verbose_name=_("attending professionals"), related_name="appointments"
    )
    expedient = models.ForeignKey(
        Expedient,
        verbose_name=_("expedient"),
        on_delete=models.SET_NULL,
        related_name="appointments",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        USER,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["date", "starts_at", "pk"]
        permissions = [
            ("keep_agenda", _("Can have appointments in their own agenda")),
            ("book_for_area", _("Can book appointments for the area's professionals")),
            (
                "coordinate_agenda",
                _(
                    "Can book for their teams, book multi-professional "
                    "reservations, decide clashes and set duty slots"
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="agenda_appointment_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["area", "date"], name="agenda_area_date")]

    def __str__(self) -> str:
        hours = f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        return f"{self.date:%d/%m/%Y} {hours} {self.get_type_display()}"

    @property
    def recurring(self) -> bool:
        return self.series_id is not None

    @property
    def is_cancelled(self) -> bool:
        return self.state in CANCELLED_STATES


class AppointmentPerson(models.Model):
    """A person attending an appointment, and whether they came (recorded
    with the outcome; unknown until then)."""

    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("appointment"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="appointment_attendances",
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("attending person")
        verbose_name_plural = _("attending persons")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "person"], name="agenda_appointmentperson_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class DutySlot(TimeStampedModel):
    """An "espai de permanència": when a professional receives walk-ins in a
    sector, set by the coordinator of their team."""

    professional = models.ForeignKey(
        USER,
        verbose_name=_("professional"),
        on_delete=models.CASCADE,
        related_name="duty_slots",
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.CASCADE, related_name="+"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    created_by = models.ForeignKey(
        USER, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )

    area_lookup = "sector__area"

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty slot")
        verbose_name_plural = _("duty slots")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="agenda_dutyslot_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        hours = f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        return f"{self.get_weekday_display()} {hours}"


class CalendarFeed(models.Model):
    """A professional's private iCalendar link (agenda/ical.py): the secret is
    shown once, when made; only its SHA-256 is kept, so a copy of the database
    opens no one's agenda. Revoking deletes the row; making a new link
    replaces the old one."""

    professional = models.OneToOneField(
        USER,
        verbose_name=_("professional"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_hash = models.CharField(_("secret (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(self.professional)
