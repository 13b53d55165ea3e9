"""Dates typed the Catalan way in every form (configuration/dates.py), and widget
scripts loaded before the inline scripts that start them (configuration/media.py).

The browser side (the picker keeps what was typed, closes, no console error) is
in tests/e2e/test_typing.py.
"""

import datetime
import re

from django import forms
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import get_resolver, reverse
from django.utils import translation
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from casework.models import Actuacio
from casework.tabs import expedient_url
from casework.viewsets.expedient_forms import CloseForm
from casework.viewsets.records import ProblemEndDateForm
from configuration.audit.views import AuditFilterSet
from configuration.dates import (
    DATE_ERROR,
    LlarDateField,
    LlarDateTimeField,
    two_digit_year,
)
from directory.search_desk import SearchDeskFilterSet

from ..casework.test_expedients_services import closing_reason, fresh
from ..casework.test_records_screens import RecordsScreenData

MARCH_14 = datetime.date(1985, 3, 14)
TYPED = {
    "14/03/1985": MARCH_14,
    "14/3/1985": MARCH_14,
    "14/03/85": MARCH_14,
    "4/3/85": datetime.date(1985, 3, 4),
    "04/03/1985": datetime.date(1985, 3, 4),
    "14-03-1985": MARCH_14,
    "14-3-85": MARCH_14,
    "1985-03-14": MARCH_14,
    " 14/03/1985 ": MARCH_14,
}
REFUSED = [
    "31/02/2020",
    "abc",
    "03/14/1985",
    "14/03/985",
    "14.03.1985",
    "14/13/1985",
    "1985",
    "29/02/2023",
]
LANGUAGES = ("ca", "es", "en")
DATE_ERROR_CA = "Escriviu la data com dd/mm/aaaa, per exemple 14/03/1985."


def admin_form_date_fields():
    """(model name, field name, form field) of every date field of every admin form."""
    assert get_resolver().url_patterns  # the admin URLs register the viewsets
    found = []
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet):
            continue
        for name, field in viewset.get_form_class().base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                found.append((viewset.model.__name__, name, field))
    return found


class TwoDigitYearTests(SimpleTestCase):
    def test_the_window_ends_ten_years_ahead(self):
        today = datetime.date(2026, 12, 6)
        self.assertEqual(two_digit_year(0, today), 2000)
        self.assertEqual(two_digit_year(36, today), 2036)
        self.assertEqual(two_digit_year(37, today), 1937)
        self.assertEqual(two_digit_year(50, today), 1950)  # Python alone: 2050
        self.assertEqual(two_digit_year(85, today), 1985)
        self.assertEqual(two_digit_year(99, today), 1999)
        self.assertEqual(two_digit_year(41, datetime.date(2031, 1, 1)), 2041)

    def test_a_date_that_does_not_exist_in_its_window_year_is_refused(self):
        # 29/02/00 is 2000 (a leap year) while the window holds 2000.
        self.assertEqual(LlarDateField().clean("29/02/00"), datetime.date(2000, 2, 29))


class AdminFormDateTests(SimpleTestCase):
    def test_every_admin_form_reads_the_catalan_ways_in_every_language(self):
        fields = admin_form_date_fields()
        names = {(model, name) for model, name, _ in fields}
        # The person record, the items, plans and objectives at least.
        for expected in [
            ("Person", "birth_date"),
            ("Actuacio", "date"),
            ("Demand", "date"),
            ("ProblemRecord", "starts_on"),
            ("Resource", "starts_on"),
            ("Tramit", "processed_on"),
            ("InterventionPlan", "review_on"),
            ("PlanObjective", "ends_on"),
            ("Kinship", "starts_on"),
        ]:
            self.assertIn(expected, names)
        for language in LANGUAGES:
            with translation.override(language):
                for model, name, field in fields:
                    where = (language, model, name)
                    self.assertIsInstance(field, LlarDateField, where)
                    self.assertIsInstance(field.widget, AdminDateInput, where)
                    self.assertEqual(field.widget.format, "%d/%m/%Y", where)
                    for typed, meant in TYPED.items():
                        self.assertEqual(field.clean(typed), meant, (*where, typed))
                    for typed in REFUSED:
                        with self.assertRaises(ValidationError, msg=where) as caught:
                            field.clean(typed)
                        self.assertEqual(
                            caught.exception.messages, [str(DATE_ERROR)], where
                        )

    def test_the_picker_shows_dates_day_first(self):
        widget = AdminDateInput()
        html = widget.render("birth_date", MARCH_14, {"id": "id_birth_date"})
        self.assertIn('value="14/03/1985"', html)
        self.assertIn('"format": "d/m/Y"', html)
        moment = datetime.datetime(1985, 3, 14, 9, 5)
        html = AdminDateTimeInput().render("at", moment, {"id": "id_at"})
        self.assertIn('value="14/03/1985 09:05"', html)
        self.assertIn('"format": "d/m/Y H:i"', html)

    def test_date_times_are_read_the_same_ways_with_a_24_hour_time(self):
        field = LlarDateTimeField()
        meant = datetime.datetime(1985, 3, 14, 21, 5)
        for typed in ("14/03/1985 21:05", "14/3/85 21:05", "14-03-1985 21:05:00"):
            self.assertEqual(field.clean(typed).replace(tzinfo=None), meant, typed)
        for typed in ("14/03/1985 9pm", "31/02/2020 10:00", "abc"):
            with self.assertRaises(ValidationError, msg=typed):
                field.clean(typed)

    def test_english_screens_read_day_first_too(self):
        with translation.override("en"):
            self.assertEqual(
                LlarDateField().clean("04/03/1985"), datetime.date(1985, 3, 4)
            )

    @override_settings(USE_L10N=True)
    def test_wagtail_picker_formats_are_accepted_in_every_language(self):
        # Wagtail's own check (wagtailadmin.E003) only runs with the old USE_L10N.
        errors = [e for e in run_checks() if e.id == "wagtailadmin.E003"]
        self.assertEqual(errors, [])


class PlainFormDateTests(SimpleTestCase):
    """Forms and filters built by hand read dates as the admin forms do."""

    def test_the_forms(self):
        for field in (
            CloseForm.base_fields["on"],
            ProblemEndDateForm.base_fields["ends_on"],
        ):
            self.assertIsInstance(field, LlarDateField)
            self.assertIsInstance(field.widget, AdminDateInput)
            for typed, meant in TYPED.items():
                self.assertEqual(field.clean(typed), meant, typed)
            for typed in REFUSED:
                with self.assertRaises(ValidationError, msg=typed):
                    field.clean(typed)

    def test_the_filters(self):
        birth = SearchDeskFilterSet.base_filters["birth_date"].field
        self.assertEqual(birth.clean("4/3/50"), datetime.date(1950, 3, 4))
        with self.assertRaises(ValidationError):
            birth.clean("31/02/2020")
        between = AuditFilterSet.base_filters["timestamp"].field
        window = between.clean(["4/3/50", "14-03-1985"])
        self.assertEqual(window.start.date(), datetime.date(1950, 3, 4))
        self.assertEqual(window.stop.date(), MARCH_14)
        with self.assertRaises(ValidationError):
            between.clean(["abc", ""])


class DateScreenTests(RecordsScreenData, TestCase):
    def setUp(self):
        self.client.force_login(self.t.worker)

    def test_the_close_screen_takes_a_typed_date_and_refuses_a_bad_one(self):
        url = reverse("casework_expedient_close", args=[self.case.pk])
        reason = closing_reason()
        opened = fresh(self.case).state_date
        for bad in ("31/02/2020", "abc"):
            response = self.client.post(url, {"reason": reason.pk, "on": bad})
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "dd/mm/aaaa")
            self.assertContains(response, f'value="{bad}"')  # kept, not replaced
            self.assertTrue(fresh(self.case).is_open)
        typed = f"{opened.day}-{opened.month}-{opened.year % 100:02d}"
        response = self.client.post(url, {"reason": reason.pk, "on": typed})
        self.assertEqual(response.status_code, 302, typed)
        case = fresh(self.case)
        self.assertFalse(case.is_open)
        self.assertEqual(case.state_date, opened)

    def actuacio_form(self, **values) -> dict:
        return {
            "date": self.actuacio.date.isoformat(),
            "responsible": self.t.worker.pk,
            "type": self.atype.pk,
            "place": self.place.pk,
            "topic": self.actuacio.topic,
            "expected_version": self.actuacio.version,
            **values,
        }

    def test_an_actuacio_date_and_time_typed_the_catalan_way(self):
        url = self.urls("casework_actuacions")["edit"]
        day = self.actuacio.date - datetime.timedelta(days=3)
        response = self.client.post(
            url, self.actuacio_form(date=day.strftime("%d/%m/%Y"), time="9:05")
        )
        self.assertEqual(response.status_code, 302)
        saved = Actuacio.objects.get(pk=self.actuacio.pk)
        self.assertEqual((saved.date, saved.time), (day, datetime.time(9, 5)))
        response = self.client.get(url)
        self.assertContains(response, f'value="{day.strftime("%d/%m/%Y")}"')
        self.assertContains(response, 'value="09:05"')
        response = self.client.post(url, self.actuacio_form(date="31/02/2020"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["date"], [str(DATE_ERROR_CA)])
        self.assertEqual(Actuacio.objects.get(pk=self.actuacio.pk).date, day)


def script_order(html: str, source: str, starter: str) -> tuple[int, int]:
    """Where the widget's script is loaded and where its first inline start is."""
    loaded = html.find(source)
    started = re.search(r"<script>\s*" + re.escape(starter), html)
    return loaded, started.start() if started else -1


class WidgetScriptsLoadFirstTests(RecordsScreenData, TestCase):
    """The inline script a widget writes runs after its JavaScript is loaded."""

    def assert_loaded_first(self, url, source, starter):
        self.client.force_login(self.t.worker)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        loaded, started = script_order(response.content.decode(), source, starter)
        self.assertGreater(started, -1, (url, starter))
        self.assertGreater(loaded, -1, (url, source))
        self.assertLess(loaded, started, (url, source))

    def test_the_persons_tab_chooser(self):
        self.assert_loaded_first(
            expedient_url(self.case.pk, "persons"),
            "wagtailadmin/js/chooser-widget.js",
            "new Chooser(",
        )

    def test_the_close_screen_date_picker(self):
        self.assert_loaded_first(
            reverse("casework_expedient_close", args=[self.case.pk]),
            "wagtailadmin/js/date-time-chooser.js",
            "initDateChooser(",
        )

    def test_the_problem_end_date_picker(self):
        self.assert_loaded_first(
            reverse("casework_problems:extend", args=[self.record.pk]),
            "wagtailadmin/js/date-time-chooser.js",
            "initDateChooser(",
        )

    def test_the_date_picker_defaults_load_before_any_picker(self):
        self.assert_loaded_first(
            reverse("casework_expedient_close", args=[self.case.pk]),
            "llar/date-pickers.js",
            "initDateChooser(",
        )
