"""Reading what the calendar sends: ISO days and HH:MM hours."""

from datetime import date, datetime, time


def parse_day(value) -> date | None:
    """The day of an ISO date or date-time (FullCalendar sends both)."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_time(value) -> time | None:
    try:
        return datetime.strptime(str(value)[:5], "%H:%M").time()
    except ValueError:
        return None
