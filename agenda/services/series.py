"""Recurring appointments: a weekly or monthly series, until a date or a
number of times, each occurrence its own appointment (domain.md §3.8).

One occurrence is changed like any appointment (`reschedule`, `cancel`);
`edit_series` and `cancel_series` change every pending occurrence from a
date on, leaving the earlier ones as they were.
"""

import calendar
from collections.abc import Sequence
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.models import Sector
from configuration.versioning import save_versioned
from directory.models import Person

from ..enums import AppointmentState, SeriesFrequency
from ..models import SERIES_MAX_OCCURRENCES, Appointment, Series
from .booking import (
    Details,
    build,
    cancelled_state,
    check_reservation,
    check_visit,
    ensure_bookable,
    ensure_changeable,
    insert,
)
from .clashes import Slot, clashes_of, log_override, settle_clashes

UNCHANGED = object()


def _add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st falls on a shorter month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def occurrence_dates(
    *, first: date, frequency: str, until: date | None, count: int | None
) -> list[date]:
    """The dates of a series: weekly or monthly from `first`, up to `until`
    (inclusive) or `count` times, never more than SERIES_MAX_OCCURRENCES."""
    if (until is None) == (count is None):
        raise ValidationError(_("Give either an end date or a number of times."))
    if until is not None and until < first:
        raise ValidationError({"until": _("The end date is before the first date.")})
    dates = []
    for n in range(SERIES_MAX_OCCURRENCES + 1):
        if frequency == SeriesFrequency.WEEKLY:
            day = first + timedelta(weeks=n)
        else:
            day = _add_months(first, n)
        if (count is not None and n >= count) or (until is not None and day > until):
            return dates
        dates.append(day)
    raise ValidationError(
        _("A series has at most %(max)s appointments.")
        % {"max": SERIES_MAX_OCCURRENCES}
    )


def _all_clashes(professionals, sector, dates, starts_at, ends_at, exclude=()):
    clashes = []
    for day in dates:
        slot = Slot(on=day, starts_at=starts_at, ends_at=ends_at, sector=sector)
        clashes += clashes_of(professionals, slot, exclude=exclude)
    return clashes


@transaction.atomic
def create_series(
    *,
    acting_user,
    frequency: str,
    professionals: Sequence,
    sector: Sector,
    first: date,
    starts_at: time,
    ends_at: time,
    persons: Sequence[Person] = (),
    details: Details | None = None,
    until: date | None = None,
    count: int | None = None,
    override: bool = False,
) -> Series:
    """Book the same slot weekly or monthly, as visits (with `persons`) or as
    reservations (without). Every occurrence is checked as a single booking
    would be, and one refusal lists the clashes of all of them."""
    details = details or Details()
    if persons:
        check_visit(acting_user, professionals, persons, sector, details)
    else:
        check_reservation(acting_user, professionals, sector, details)
    dates = occurrence_dates(first=first, frequency=frequency, until=until, count=count)
    series = Series(
        area_id=sector.area_id,
        frequency=frequency,
        starts_on=first,
        until=until,
        count=count,
        created_by=acting_user,
    )
    series.full_clean()
    clashes = _all_clashes(professionals, sector, dates, starts_at, ends_at)
    settle_clashes(clashes, acting_user=acting_user, override=override)
    series.save()
    for day in dates:
        slot = Slot(on=day, starts_at=starts_at, ends_at=ends_at, sector=sector)
        insert(
            build(acting_user=acting_user, slot=slot, details=details, series=series),
            acting_user=acting_user,
            professionals=professionals,
            persons=persons,
            clashes=[c for c in clashes if c.on == day],
        )
    return series


def pending_from(series: Series, from_date: date):
    return series.appointments.filter(
        state=AppointmentState.PENDING, date__gte=from_date
    ).order_by("date")


@transaction.atomic
def edit_series(
    *,
    series: Series,
    acting_user,
    from_date: date,
    starts_at: time | None = None,
    ends_at: time | None = None,
    professionals: Sequence | None = None,
    place=UNCHANGED,
    observations=UNCHANGED,
    override: bool = False,
) -> list[Appointment]:
    """Change every pending occurrence from `from_date` on (earlier ones and
    those already held or cancelled stay): their hours, professionals, place
    or observations. Each is checked as a booking; one refusal lists them all."""
    occurrences = list(pending_from(series, from_date))
    if not occurrences:
        raise ValidationError(_("No pending appointment of the series from that date."))
    for appointment in occurrences:
        ensure_changeable(acting_user, appointment)
    if professionals is not None:
        ensure_bookable(acting_user, professionals)
    clashes = []
    for appointment in occurrences:
        _apply(appointment, starts_at, ends_at, place, observations)
        appointment.full_clean()
        chosen = professionals or list(appointment.professionals.all())
        slot = Slot(
            on=appointment.date,
            starts_at=appointment.starts_at,
            ends_at=appointment.ends_at,
            sector=appointment.sector,
        )
        clashes += clashes_of(chosen, slot, exclude=[appointment.pk])
    settle_clashes(clashes, acting_user=acting_user, override=override)
    for appointment in occurrences:
        save_versioned(obj=appointment, expected_version=None, acting_user=acting_user)
        if professionals is not None:
            appointment.professionals.set(professionals)
        mine = [c for c in clashes if c.on == appointment.date]
        log_override(appointment=appointment, clashes=mine, acting_user=acting_user)
    return occurrences


def _apply(appointment, starts_at, ends_at, place, observations) -> None:
    if starts_at is not None:
        appointment.starts_at = starts_at
    if ends_at is not None:
        appointment.ends_at = ends_at
    if place is not UNCHANGED:
        appointment.place = place
    if observations is not UNCHANGED:
        appointment.observations = observations or ""


@transaction.atomic
def cancel_series(
    *, series: Series, acting_user, from_date: date, by_person: bool = False
) -> int:
    """Cancel every pending occurrence from `from_date` on; return how many."""
    occurrences = list(pending_from(series, from_date))
    for appointment in occurrences:
        ensure_changeable(acting_user, appointment)
    state = cancelled_state(by_person)
    for appointment in occurrences:
        appointment.state = state
        save_versioned(obj=appointment, expected_version=None, acting_user=acting_user)
    return len(occurrences)
