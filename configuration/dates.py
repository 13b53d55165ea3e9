"""How dates and times are typed and read back in every form of Llar.

People type dates as dd/mm/aaaa (14/03/1985), also d/m/aa (4/3/85) and with
dashes (14-03-1985); ISO (1985-03-14) still works. Screens show dd/mm/aaaa and
24-hour HH:MM. The formats are set once, in website/formats/<language>/formats.py
(Django's FORMAT_MODULE_PATH) and WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT /
WAGTAIL_TIME_FORMAT, so Wagtail's own date picker widgets write and read them.

A two-digit year is read in a sliding window: it is the year of the hundred years
ending TWO_DIGIT_YEAR_AHEAD years after this one. In 2026, 00–36 read as
2000–2036 and 37–99 as 1937–1999 (Python's own rule would read 50 as 2050, a
birth date in the future). Type four digits for anything else.

Anything that matches none of the formats (31/02/2020, abc) is refused with a
field error that shows the expected form; nothing is ever replaced by today.

`LlarDateField` and `LlarDateTimeField` apply the window; every Wagtail model
form gets them through `register_date_fields()` (called in the app's ready()),
and plain forms and filters use them directly.
"""

import datetime

import django_filters
from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

TWO_DIGIT_YEAR_AHEAD = 10

DATE_ERROR = _("Type the date as dd/mm/yyyy, for example 14/03/1985.")
DATETIME_ERROR = _(
    "Type the date and time as dd/mm/yyyy HH:MM, for example 14/03/1985 09:30."
)


def two_digit_year(year: int, today: datetime.date | None = None) -> int:
    """The four-digit year of `year` (0–99) in the sliding window."""
    today = today or timezone.localdate()
    last = today.year + TWO_DIGIT_YEAR_AHEAD
    return last - (last - year) % 100


def _read(value: str, fmt: str) -> datetime.datetime:
    parsed = datetime.datetime.strptime(value, fmt)
    if "%y" in fmt:
        parsed = parsed.replace(year=two_digit_year(parsed.year % 100))
    return parsed


class LlarDateField(forms.DateField):
    default_error_messages = {"invalid": DATE_ERROR}

    def strptime(self, value, format):
        return _read(value, format).date()


class LlarDateTimeField(forms.DateTimeField):
    default_error_messages = {"invalid": DATETIME_ERROR}

    def strptime(self, value, format):
        return _read(value, format)


class LlarDateRangeField(django_filters.fields.DateRangeField):
    """A filter's from–to dates, each read as LlarDateField reads it."""

    def __init__(self, *args, **kwargs):
        fields = (LlarDateField(), LlarDateField())
        django_filters.fields.RangeField.__init__(self, fields, *args, **kwargs)


class DateFilter(django_filters.DateFilter):
    field_class = LlarDateField


class DateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = LlarDateRangeField


def register_date_fields() -> None:
    """Every Wagtail model form reads dates and date-times with Llar's fields."""
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.DateField,
        override={"widget": AdminDateInput, "form_class": LlarDateField},
    )
    register_form_field_override(
        models.DateTimeField,
        override={"widget": AdminDateTimeInput, "form_class": LlarDateTimeField},
    )


class DayColumn(Column):
    """A listing's column of days (a DateField) read as dd/mm/aaaa, like every
    other screen: Wagtail's DateColumn says "fa 2 hores" of a tràmit
    processed today, which suits a moment (updated at), never a day."""

    cell_template_name = "configuration/tables/day_cell.html"
