"""Widgets of the catalogue imports: each turns one cell into one value.

They raise ValueError with a message a person can act on, so a bad cell becomes a
field error naming its column: a plain ForeignKeyWidget raises DoesNotExist, which
import-export reports as a traceback (wagtail-notes §2e).
"""

import re

from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, widgets

from ..permissions import has_area_field

CODE_AND_NAME = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
TRUE_WORDS = {"1", "true", "yes", "sí", "si", "x"}
FALSE_WORDS = {"0", "false", "no"}
ENERGY_SUPPLY_CODE = "2.3.7"  # household supplies: water, electricity, gas


def is_blank(value) -> bool:
    return value is None or str(value).strip() == ""


def normalise_code(value) -> str:
    """Return a code as text: 49.0 (a spreadsheet number) -> "49", " 1. " -> "1"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    return text[:-1] if len(text) > 1 and text.endswith(".") else text


def split_code_and_name(value) -> tuple[str, str]:
    """Split a portfolio cell such as "1.1 Serveis socials bàsics"."""
    text = "" if value is None else str(value).strip()
    match = CODE_AND_NAME.match(text)
    if match is None:
        raise ValueError(
            _("“%(value)s” is not a code followed by a name (“1.1 Serveis socials”).")
            % {"value": text}
        )
    return match[1], match[2].strip()


class CodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return normalise_code(value)


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class NumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            number = None
        if number is None or not number.is_integer():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)


class FlagWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        raise ValueError(_("“%(value)s” is neither yes nor no.") % {"value": value})


class CodeAndNameWidget(widgets.Widget):
    """One part, "code" or "name", of a "<code> <name>" cell."""

    def __init__(self, part: str):
        super().__init__()
        self.part = part

    def clean(self, value, row=None, **kwargs):
        code, name = split_code_and_name(value)
        return code if self.part == "code" else name


class EnergySupplyWidget(widgets.Widget):
    """Flag the household-supply aids 2.3.7 and 2.3.7.x from the item's code."""

    def clean(self, value, row=None, **kwargs):
        code, _name = split_code_and_name(value)
        return code == ENERGY_SUPPLY_CODE or code.startswith(f"{ENERGY_SUPPLY_CODE}.")


class EntryLookupWidget(widgets.ForeignKeyWidget):
    """Find the referenced entry by code: the importer's area's first, then shared."""

    def __init__(self, model, *, code_and_name=False, year_column=None):
        super().__init__(model, field="code")
        self.code_and_name = code_and_name
        self.year_column = year_column
        self.area = None

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        code = normalise_code(value)
        if self.code_and_name:
            code = split_code_and_name(value)[0]
        found = list(self._candidates(code, row)[:3])
        own = [e for e in found if self.area and e.area_id == self.area.pk]
        found = own or found
        if len(found) == 1:
            return found[0]
        meta = self.model._meta
        if found:
            message = _("Several %(entries)s have the code “%(code)s”.")
        else:
            message = _("There is no %(entry)s with the code “%(code)s”.")
        params = {"entry": meta.verbose_name, "entries": meta.verbose_name_plural}
        raise ValueError(message % {**params, "code": code})

    def _candidates(self, code: str, row):
        queryset = self.model._default_manager.filter(code=code)
        if has_area_field(self.model):
            scope = Q(area__isnull=True)
            if self.area is not None:
                scope |= Q(area=self.area)
            queryset = queryset.filter(scope)
        if self.year_column and row is not None:
            queryset = queryset.filter(year=NumberWidget().clean(row[self.year_column]))
        return queryset


class OptionalField(fields.Field):
    """A column that may be absent or left empty: the entry then keeps its value."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        if not is_blank(row.get(self.column_name)):
            super().save(instance, row, is_m2m, **kwargs)
