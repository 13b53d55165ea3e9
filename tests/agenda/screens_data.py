"""Appointments whose day has passed, with their outcome recorded, for the
agenda's screen tests."""

from datetime import timedelta

from agenda import services
from agenda.enums import AppointmentState

from .agenda_data import last_weekday, visit


def held_visit(w, person, *, weeks_ago=1, came=True, **kwargs):
    on = last_weekday(0) - timedelta(weeks=weeks_ago - 1)
    appointment = visit(w, by=w.t.worker, on=on, persons=[person], **kwargs)
    state = AppointmentState.HELD if came else AppointmentState.NO_SHOW
    services.record_outcome(
        appointment=appointment, acting_user=w.t.worker, state=state
    )
    appointment.refresh_from_db()
    return appointment
