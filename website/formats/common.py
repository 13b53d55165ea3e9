"""Typed and shown the Catalan way in every language: day first, 24-hour clock.

English keeps no month-first format: 04/03/2026 is the 4th of March on every
screen, whatever language the professional chose.
"""

_DATES = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d-%m-%y", "%Y-%m-%d"]
_TIMES = ["%H:%M", "%H:%M:%S"]

DATE_INPUT_FORMATS = _DATES
DATETIME_INPUT_FORMATS = [f"{d} {t}" for d in _DATES for t in _TIMES]
TIME_INPUT_FORMATS = _TIMES
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
