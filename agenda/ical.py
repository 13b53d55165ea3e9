"""A professional's agenda as an iCalendar feed (RFC 5545) for their phone.

The feed is read without signing in (a phone cannot), through a secret link
(agenda/services/calendar_feed.py), so it carries nothing about anyone: each
visit is "Appointment" at its times, each reservation its type ("Technical
meeting"); never a person's name, document, expedient, place or note.
Cancelled appointments are left out. One query for the appointments.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Appointment, AppointmentPerson

# A phone keeps what it was sent; a season back and half a year ahead is
# what a professional looks up on the move.
DAYS_BACK = 90
DAYS_AHEAD = 185
PRODID = "-//Llar//Agenda//CA"


def feed_appointments(professional, *, today: date | None = None):
    """The professional's appointments the feed lists (not cancelled)."""
    today = today or timezone.localdate()
    has_persons = Exists(AppointmentPerson.objects.filter(appointment=OuterRef("pk")))
    return (
        Appointment.objects.filter(area_id=professional.area_id)
        .attended_by([professional.pk])
        .occupying()
        .filter(
            date__gte=today - timedelta(days=DAYS_BACK),
            date__lte=today + timedelta(days=DAYS_AHEAD),
        )
        .annotate(has_persons=has_persons)
        .only("pk", "date", "starts_at", "ends_at", "type", "updated_at")
        .order_by("date", "starts_at", "pk")
    )


def _summary(appointment) -> str:
    if appointment.has_persons:
        return _("Appointment")
    return str(appointment.get_type_display())


def _event(appointment, zone: ZoneInfo, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@llar")
    event.add("dtstamp", stamp)
    event.add(
        "dtstart", datetime.combine(appointment.date, appointment.starts_at, zone)
    )
    event.add("dtend", datetime.combine(appointment.date, appointment.ends_at, zone))
    event.add("last-modified", appointment.updated_at)
    event.add("summary", _summary(appointment))
    event.add("class", "CONFIDENTIAL")
    event.add("transp", "OPAQUE")
    return event


def agenda_calendar(professional) -> bytes:
    """The iCalendar document of `professional`'s agenda."""
    zone = ZoneInfo(settings.TIME_ZONE)
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Llar agenda"))
    for appointment in feed_appointments(professional):
        calendar.add_component(_event(appointment, zone, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
