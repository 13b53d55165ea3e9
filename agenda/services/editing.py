"""Editing a pending appointment from its form: its place and observations
together with its slot and professionals, in one versioned save."""

from collections.abc import Sequence
from datetime import date, time

from django.db import transaction

from ..models import Appointment
from .booking import ensure_changeable, reschedule


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
) -> Appointment:
    """Change a pending appointment as `reschedule` does (same checks, same
    clash refusal or coordinator's override), with its place and notes."""
    ensure_changeable(acting_user, appointment)
    appointment.place = place
    appointment.observations = observations or ""
    return reschedule(
        appointment=appointment,
        acting_user=acting_user,
        on=on,
        starts_at=starts_at,
        ends_at=ends_at,
        professionals=professionals,
        expected_version=expected_version,
        override=override,
    )
