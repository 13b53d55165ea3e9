"""The agenda's write rules (keyword-only, atomic, audited): booking and its
clashes, outcomes, recurring series, duty slots and transfers."""

from .booking import (
    Details,
    book_appointment,
    book_reservation,
    cancel,
    reschedule,
)
from .clashes import OVERRIDE_EVENT, BookingClash, Clash
from .duty import remove_duty_slot, set_duty_slot
from .editing import edit_appointment
from .outcome import ActuacioOffer, Outcome, actuacio_offer, record_outcome
from .series import cancel_series, create_series, edit_series, occurrence_dates
from .transfers import (
    appointments_transfer,
    future_appointment_count,
    future_appointments,
    next_appointments,
)

__all__ = [
    "OVERRIDE_EVENT",
    "ActuacioOffer",
    "BookingClash",
    "Clash",
    "Details",
    "Outcome",
    "actuacio_offer",
    "appointments_transfer",
    "book_appointment",
    "book_reservation",
    "cancel",
    "cancel_series",
    "edit_appointment",
    "create_series",
    "edit_series",
    "future_appointment_count",
    "future_appointments",
    "next_appointments",
    "occurrence_dates",
    "record_outcome",
    "remove_duty_slot",
    "reschedule",
    "set_duty_slot",
]
