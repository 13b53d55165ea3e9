"""How decimal numbers (hours, amounts) are typed in every form of Llar.

People type them the Catalan way, with a decimal comma: 1,5 hours, 1.250,50
euros. A browser's number input drops the comma as it is typed (Chromium in
Catalan turned "1,5" into 15), so a decimal is a text input (with the decimal
keyboard on phones) read in the active language's format: "1,5" and "1.5"
are both one and a half; a point before groups of three digits groups
thousands, as Catalan writes them ("1.000" is a thousand, "1.250,50" is
1250.50). Anything else is refused with the field's error; nothing is rounded
or guessed.

`LlarDecimalField` does this; every Wagtail model form gets it through
`register_decimal_fields()` (called in the app's ready()), and plain forms use
it directly.
"""

from django import forms
from django.db import models
from django.utils import formats


class DecimalInput(forms.TextInput):
    """A text box that offers the decimal keyboard on phones."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})


class LlarDecimalField(forms.DecimalField):
    widget = DecimalInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", DecimalInput)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        # A point followed by groups of exactly three digits groups thousands
        # ("1.000", "1.250,50"); any other point is a decimal point ("1.5").
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            point = formats.get_format("DECIMAL_SEPARATOR")
            group = formats.get_format("THOUSAND_SEPARATOR")
            whole, comma, decimals = value.partition(point)
            parts = whole.split(group)
            grouped = all(len(part) == 3 and part.isdigit() for part in parts[1:])
            if point != group and len(parts) > 1 and grouped:
                value = "".join(parts) + comma + decimals
        return super().to_python(value)


def register_decimal_fields() -> None:
    """Every Wagtail model form reads decimals with `LlarDecimalField`."""
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.DecimalField,
        override={"form_class": LlarDecimalField, "widget": DecimalInput},
    )
