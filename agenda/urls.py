"""The agenda's admin URLs (registered in agenda/wagtail_hooks.py, so every
one is behind the admin's sign-in). One block per group of screens."""

from django.urls import path

from .views import booking, calendar, duty

# --- the calendar and its JSON (agenda/views/calendar.py) -------------------------
CALENDAR_URLS = [
    path("agenda/", calendar.CalendarView.as_view(), name="agenda"),
    path("agenda/events/", calendar.EventsView.as_view(), name="agenda_events"),
    path(
        "agenda/appointments/<int:pk>/move/",
        calendar.MoveView.as_view(),
        name="agenda_move",
    ),
]

# --- booking and one appointment (agenda/views/booking.py) ------------------------
BOOKING_URLS = [
    path(
        "agenda/new/appointment/",
        booking.BookView.as_view(),
        name="agenda_book_appointment",
    ),
    path(
        "agenda/new/reservation/",
        booking.BookView.as_view(reservation=True),
        name="agenda_book_reservation",
    ),
    path(
        "agenda/appointments/<int:pk>/",
        booking.AppointmentView.as_view(),
        name="agenda_appointment",
    ),
    path(
        "agenda/appointments/<int:pk>/edit/",
        booking.EditView.as_view(),
        name="agenda_appointment_edit",
    ),
    path(
        "agenda/appointments/<int:pk>/outcome/",
        booking.OutcomeView.as_view(),
        name="agenda_appointment_outcome",
    ),
    path(
        "agenda/appointments/<int:pk>/cancel/",
        booking.CancelView.as_view(),
        name="agenda_appointment_cancel",
    ),
]

# --- the teams' duty slots (agenda/views/duty.py) --------------------------------
DUTY_URLS = [
    path("agenda/duty-slots/", duty.DutySlotsView.as_view(), name="agenda_duty_slots"),
    path(
        "agenda/duty-slots/<int:pk>/remove/",
        duty.RemoveDutySlotView.as_view(),
        name="agenda_duty_slot_remove",
    ),
]

urlpatterns = [*CALENDAR_URLS, *BOOKING_URLS, *DUTY_URLS]
