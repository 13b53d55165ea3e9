"""Booking, rescheduling and cancelling appointments and reservations
(domain.md §3.8, §2.4). Who may book for whom: agenda/permissions.py; what a
booking may clash with: clashes.py."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework.models import Expedient
from casework.services.common import ensure_linked
from casework.services.expedients import ActionNotAllowed
from configuration.models import ActuacioPlace, Sector, Subsector, Team
from configuration.versioning import save_versioned
from directory.models import Person

from ..enums import AppointmentState, AppointmentType
from ..models import Appointment, AppointmentPerson
from ..permissions import (
    bookable_ids,
    user_can_book_reservation,
    user_can_change_appointment,
)
from .clashes import Slot, clashes_of, log_override, settle_clashes

NOT_YOURS = _("You may not book in the agenda of %(names)s.")


@dataclass
class Details:
    """What a booking says besides its slot and who attends."""

    type: int = AppointmentType.INTERVIEW
    place: ActuacioPlace | None = None
    scope: str = ""
    urgent: bool = False
    walk_in: bool = False
    subsector: Subsector | None = None
    team: Team | None = None
    observations: str = ""
    expedient: Expedient | None = None

    def values(self) -> dict:
        return {
            "type": self.type,
            "place": self.place,
            "scope": self.scope or "",
            "urgent": self.urgent,
            "walk_in": self.walk_in,
            "subsector": self.subsector,
            "team": self.team,
            "observations": self.observations or "",
            "expedient": self.expedient,
        }


def ensure_bookable(acting_user, professionals: Sequence) -> None:
    if not professionals:
        raise ValidationError({"professionals": _("Choose at least one professional.")})
    ids = {p.pk for p in professionals}
    refused = [p for p in professionals if p.pk not in bookable_ids(acting_user, ids)]
    if refused:
        names = ", ".join(str(p) for p in refused)
        raise ActionNotAllowed(NOT_YOURS % {"names": names})


def ensure_visible(acting_user, appointment: Appointment) -> None:
    """Out of the user's scope an appointment does not exist for them."""
    visible = Appointment.objects.visible_to(acting_user)
    if not visible.filter(pk=appointment.pk).exists():
        raise Appointment.DoesNotExist


def _check_where(acting_user, sector: Sector, details: Details) -> None:
    area_id = acting_user.area_id
    errors = {}
    if sector.area_id != area_id or not sector.is_active:
        errors["sector"] = _("Choose an active sector of your area.")
    if details.subsector and details.subsector.sector_id != sector.pk:
        errors["subsector"] = _("Choose a subsector of the appointment's sector.")
    if details.team and details.team.area_id != area_id:
        errors["team"] = _("Choose a team of your area.")
    if details.place and details.place.area_id not in (None, area_id):
        errors["place"] = _("Choose an entry of this area's catalogue.")
    if errors:
        raise ValidationError(errors)


def check_persons(acting_user, persons: Sequence[Person], details: Details) -> None:
    strangers = [
        p for p in persons if p.area_id != acting_user.area_id or p.merged_into_id
    ]
    if strangers:
        raise ValidationError({"persons": _("Choose persons of your area.")})
    expedient = details.expedient
    if expedient is None:
        return
    if not Expedient.objects.visible_to(acting_user).filter(pk=expedient.pk).exists():
        raise ValidationError({"expedient": _("Choose an expedient you can see.")})
    ensure_linked(expedient, persons)


def build(*, acting_user, slot: Slot, details: Details, series=None) -> Appointment:
    """A new, validated, unsaved appointment in `slot`."""
    appointment = Appointment(
        area_id=slot.sector.area_id,
        sector=slot.sector,
        date=slot.on,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        series=series,
        created_by=acting_user,
        updated_by=acting_user,
        **details.values(),
    )
    appointment.full_clean()
    return appointment


def insert(
    appointment: Appointment, *, acting_user, professionals, persons, clashes=()
) -> Appointment:
    """Save a built appointment with who attends, and any clash decided."""
    save_versioned(obj=appointment, expected_version=None, acting_user=acting_user)
    appointment.professionals.set(professionals)
    for person in persons:  # one by one: each attendance is in the audit trail
        AppointmentPerson.objects.create(appointment=appointment, person=person)
    log_override(appointment=appointment, clashes=clashes, acting_user=acting_user)
    return appointment


def _book(*, acting_user, professionals, persons, slot, details, override):
    appointment = build(acting_user=acting_user, slot=slot, details=details)
    clashes = clashes_of(professionals, slot)
    settle_clashes(clashes, acting_user=acting_user, override=override)
    return insert(
        appointment,
        acting_user=acting_user,
        professionals=professionals,
        persons=persons,
        clashes=clashes,
    )


def check_visit(acting_user, professionals, persons, sector, details) -> None:
    """Everything a visit (an appointment with persons) must satisfy."""
    ensure_bookable(acting_user, professionals)
    if not persons:
        raise ValidationError({"persons": _("Choose at least one person.")})
    _check_where(acting_user, sector, details)
    check_persons(acting_user, persons, details)


def check_reservation(acting_user, professionals, sector, details) -> None:
    """Everything a reservation (no persons, not an interview) must satisfy."""
    ensure_bookable(acting_user, professionals)
    if details.type == AppointmentType.INTERVIEW:
        raise ValidationError(
            {"type": _("A reservation is not an interview: choose another type.")}
        )
    if not user_can_book_reservation(acting_user, professionals):
        raise ActionNotAllowed(
            _("Only a coordinator books a reservation for several professionals.")
        )
    if details.expedient is not None or details.scope:
        raise ValidationError(_("A reservation has no expedient and no scope."))
    _check_where(acting_user, sector, details)


@transaction.atomic
def book_appointment(
    *,
    acting_user,
    professionals: Sequence,
    persons: Sequence[Person],
    sector: Sector,
    on: date,
    starts_at: time,
    ends_at: time,
    details: Details | None = None,
    override: bool = False,
) -> Appointment:
    """Book a visit of `persons` with `professionals` (one or more).

    Refused when the acting user may not book for one of them, or when the
    slot falls outside a professional's timetable in `sector` or overlaps
    their other appointments (`BookingClash`); a coordinator may confirm it
    anyway with `override=True` (recorded in the audit trail).
    """
    details = details or Details()
    check_visit(acting_user, professionals, persons, sector, details)
    slot = Slot(on=on, starts_at=starts_at, ends_at=ends_at, sector=sector)
    return _book(
        acting_user=acting_user,
        professionals=professionals,
        persons=persons,
        slot=slot,
        details=details,
        override=override,
    )


@transaction.atomic
def book_reservation(
    *,
    acting_user,
    professionals: Sequence,
    sector: Sector,
    on: date,
    starts_at: time,
    ends_at: time,
    details: Details,
    override: bool = False,
) -> Appointment:
    """Reserve time without persons (a meeting, training, documentation):
    for several professionals only a coordinator does it."""
    check_reservation(acting_user, professionals, sector, details)
    slot = Slot(on=on, starts_at=starts_at, ends_at=ends_at, sector=sector)
    return _book(
        acting_user=acting_user,
        professionals=professionals,
        persons=(),
        slot=slot,
        details=details,
        override=override,
    )


def ensure_changeable(acting_user, appointment: Appointment) -> None:
    ensure_visible(acting_user, appointment)
    if appointment.state != AppointmentState.PENDING:
        raise ValidationError(
            _("This appointment is %(state)s: it can no longer be changed.")
            % {"state": appointment.get_state_display().lower()}
        )
    if not user_can_change_appointment(acting_user, appointment):
        names = ", ".join(str(p) for p in appointment.professionals.all())
        raise ActionNotAllowed(NOT_YOURS % {"names": names})


@transaction.atomic
def reschedule(
    *,
    appointment: Appointment,
    acting_user,
    on: date,
    starts_at: time,
    ends_at: time,
    sector: Sector | None = None,
    professionals: Sequence | None = None,
    expected_version: int | None = None,
    override: bool = False,
) -> Appointment:
    """Move a pending appointment (one occurrence of a series too) to another
    slot, sector or professionals, with the same checks as booking it."""
    ensure_changeable(acting_user, appointment)
    if professionals is not None:
        ensure_bookable(acting_user, professionals)
    professionals = list(
        appointment.professionals.all() if professionals is None else professionals
    )
    sector = sector or appointment.sector
    slot = Slot(on=on, starts_at=starts_at, ends_at=ends_at, sector=sector)
    appointment.date, appointment.starts_at, appointment.ends_at = (
        on,
        starts_at,
        ends_at,
    )
    appointment.sector = sector
    if appointment.subsector and appointment.subsector.sector_id != sector.pk:
        appointment.subsector = None
    _check_where(acting_user, sector, Details())
    appointment.full_clean()
    clashes = clashes_of(professionals, slot, exclude=[appointment.pk])
    settle_clashes(clashes, acting_user=acting_user, override=override)
    save_versioned(
        obj=appointment, expected_version=expected_version, acting_user=acting_user
    )
    appointment.professionals.set(professionals)
    log_override(appointment=appointment, clashes=clashes, acting_user=acting_user)
    return appointment


def cancelled_state(by_person: bool) -> int:
    if by_person:
        return AppointmentState.CANCELLED_BY_PERSON
    return AppointmentState.CANCELLED_BY_PROFESSIONAL


@transaction.atomic
def cancel(
    *,
    appointment: Appointment,
    acting_user,
    by_person: bool = False,
    expected_version: int | None = None,
) -> Appointment:
    """Cancel a pending appointment, by the professional or by the person;
    its slot is free again."""
    ensure_changeable(acting_user, appointment)
    if by_person and not appointment.attendances.exists():
        raise ValidationError(_("A reservation has no person to cancel it."))
    appointment.state = cancelled_state(by_person)
    save_versioned(
        obj=appointment, expected_version=expected_version, acting_user=acting_user
    )
    return appointment
