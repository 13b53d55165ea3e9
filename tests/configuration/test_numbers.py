"""Decimals are typed the Catalan way (configuration/numbers.py): a text box
read in the language's format, so "1,5" is one and a half, never fifteen."""

from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation
from wagtail.admin.panels import get_form_for_model

from casework.models import Actuacio
from casework.modules.sad.forms import WorkPlanForm
from casework.viewsets.record_forms import ActuacioForm
from configuration.numbers import DecimalInput, LlarDecimalField


class DecimalTypingTests(SimpleTestCase):
    def clean(self, value, **kwargs):
        with translation.override("ca"):
            return LlarDecimalField(max_digits=8, decimal_places=2, **kwargs).clean(
                value
            )

    def test_a_decimal_comma_a_decimal_point_and_thousands(self):
        self.assertEqual(self.clean("1,5"), Decimal("1.5"))
        self.assertEqual(self.clean("1.5"), Decimal("1.5"))
        self.assertEqual(self.clean("1.250,50"), Decimal("1250.50"))
        self.assertEqual(self.clean("12"), Decimal("12"))
        self.assertEqual(self.clean("1.000"), Decimal("1000"))
        self.assertEqual(self.clean("1.50"), Decimal("1.5"))
        self.assertEqual(self.clean(" 250,5 "), Decimal("250.5"))

    def test_anything_else_is_refused_not_guessed(self):
        from django.core.exceptions import ValidationError

        for typed in ("abc", "1,5,5", "1,555"):
            with self.subTest(typed=typed), self.assertRaises(ValidationError):
                self.clean(typed)

    def test_it_is_shown_with_a_decimal_comma_in_a_text_box(self):
        field = LlarDecimalField(max_digits=4, decimal_places=2)
        with translation.override("ca"):
            html = field.widget.render("hours", Decimal("1.50"))
        self.assertIn('type="text"', html)
        self.assertIn('inputmode="decimal"', html)
        self.assertIn('value="1,50"', html)

    def test_model_forms_and_plain_forms_use_it(self):
        form = get_form_for_model(Actuacio, form_class=ActuacioForm, fields=["hours"])
        hours = form.base_fields["hours"]
        self.assertIsInstance(hours, LlarDecimalField)
        self.assertIsInstance(hours.widget, DecimalInput)
        self.assertIsInstance(WorkPlanForm.base_fields["hours"], LlarDecimalField)
