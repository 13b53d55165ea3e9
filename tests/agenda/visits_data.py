"""Appointments whose day has passed, with their outcome recorded, for the
agenda's screen tests."""

from datetime import timedelta

from agenda import services
from agenda.enums import AppointmentState, AppointmentType
from agenda.services import Details

from .agenda_data import at, last_weekday, next_weekday, visit


def held_visit(w, person, *, weeks_ago=1, came=True, **kwargs):
    on = last_weekday(0) - timedelta(weeks=weeks_ago - 1)
    appointment = visit(w, by=w.t.worker, on=on, persons=[person], **kwargs)
    state = AppointmentState.HELD if came else AppointmentState.NO_SHOW
    services.record_outcome(
        appointment=appointment, acting_user=w.t.worker, state=state
    )
    appointment.refresh_from_db()
    return appointment


def team_meeting(w):
    """The coordinator's meeting with the worker and their teammate, next Monday."""
    t = w.t
    return services.book_reservation(
        acting_user=t.coordinator,
        professionals=[t.worker, t.teammate],
        sector=t.sector,
        on=next_weekday(0),
        starts_at=at(13),
        ends_at=at(14),
        details=Details(type=AppointmentType.COORDINATION_MEETING),
    )
