"""The agenda's screens: the calendar (calendar.py) and booking, editing and
recording appointments (booking.py)."""
