"""Editing a pending appointment from its form: its place and observations,
its type, urgency, scope (first interview or follow-up) and the persons
attending, together with its slot and professionals, in one versioned save
with the same clash and version checks as rescheduling it."""

from collections.abc import Sequence
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework.services.expedients import ActionNotAllowed
from directory.models import Person

from ..enums import AppointmentType
from ..models import Appointment, AppointmentPerson
from ..permissions import user_sees_persons
from .booking import Details, check_persons, ensure_changeable, reschedule


@transaction.atomic
def edit_appointment(
    *,
    appointment: Appointment,
    acting_user,
    on: date,
    starts_at: time,
    ends_at: time,
    professionals: Sequence,
    place,
    observations: str,
    expected_version: int | None,
    override: bool = False,
    type: int | None = None,
    urgent: bool | None = None,
    scope: str | None = None,
    persons: Sequence[Person] | None = None,
) -> Appointment:
    """Change a pending appointment as `reschedule` does (same checks, same
    clash refusal or coordinator's override), with its place and notes.

    `type`, `urgent`, `scope` and `persons` change only when given (None
    keeps them). A visit keeps at least one person, persons the acting user
    may see; a reservation takes no persons, no scope and is no interview."""
    ensure_changeable(acting_user, appointment)
    visit = appointment.attendances.exists()
    if type is not None:
        appointment.type = type
    if urgent is not None:
        appointment.urgent = urgent
    if scope is not None:
        appointment.scope = scope
    _check_kind(appointment, visit=visit, persons=persons)
    if persons is not None:
        _check_new_persons(acting_user, appointment, persons)
    appointment.place = place
    appointment.observations = observations or ""
    reschedule(
        appointment=appointment,
        acting_user=acting_user,
        on=on,
        starts_at=starts_at,
        ends_at=ends_at,
        professionals=professionals,
        expected_version=expected_version,
        override=override,
    )
    if persons is not None:
        _set_persons(appointment, persons)
    return appointment


def _check_kind(appointment: Appointment, *, visit: bool, persons) -> None:
    """A visit stays a visit (with persons), a reservation a reservation."""
    if visit:
        if persons is not None and not persons:
            raise ValidationError({"persons": _("Choose at least one person.")})
        return
    if persons:
        raise ValidationError(_("A reservation has no persons."))
    if appointment.type == AppointmentType.INTERVIEW:
        raise ValidationError(
            {"type": _("A reservation is not an interview: choose another type.")}
        )
    if appointment.scope:
        raise ValidationError(_("A reservation has no expedient and no scope."))


def _check_new_persons(acting_user, appointment: Appointment, persons) -> None:
    """Only those who read person records change who attends, and only to
    persons they may see (of the area, linked to the expedient if any)."""
    if not user_sees_persons(acting_user):
        raise ActionNotAllowed(_("You may not change who attends this appointment."))
    ids = {p.pk for p in persons}
    visible = Person.objects.visible_to(acting_user).current().filter(pk__in=ids)
    if visible.count() != len(ids):
        raise ValidationError({"persons": _("Choose persons of your area.")})
    check_persons(acting_user, persons, Details(expedient=appointment.expedient))


def _set_persons(appointment: Appointment, persons) -> None:
    """Remove and add attendances one by one (each in the audit trail); those
    who stay keep what was recorded of them."""
    wanted = {p.pk: p for p in persons}
    for attendance in appointment.attendances.all():
        if attendance.person_id not in wanted:
            attendance.delete()
        else:
            wanted.pop(attendance.person_id)
    for person in wanted.values():
        AppointmentPerson.objects.create(appointment=appointment, person=person)
