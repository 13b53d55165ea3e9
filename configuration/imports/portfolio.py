"""The benefits portfolio import: the official TipusRecurs file (domain.md §3.3.7)."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from ..models import Benefit, BenefitSubtype, BenefitType
from .resources import BASE_FIELDS, CatalogueResource
from .widgets import (
    CodeAndNameWidget,
    EnergySupplyWidget,
    EntryLookupWidget,
    split_code_and_name,
)

TYPE_COLUMN, SUBTYPE_COLUMN, ITEM_COLUMN = "TipusPrestacio", "Subtipus", "TipusRecurs"


class BenefitPortfolioResource(CatalogueResource):
    """The portfolio file: TipusPrestacio, Subtipus, TipusRecurs, each "<code> <name>".

    Types and subtypes are created or renamed from the whole file before its rows
    are read (a code written with two names takes the later one; a subtype stays
    under the type its first row gives); each row then imports one item.
    """

    code = fields.Field(
        attribute="code", column_name=ITEM_COLUMN, widget=CodeAndNameWidget("code")
    )
    name = fields.Field(
        attribute="name", column_name=ITEM_COLUMN, widget=CodeAndNameWidget("name")
    )
    subtype = fields.Field(
        attribute="subtype",
        column_name=SUBTYPE_COLUMN,
        widget=EntryLookupWidget(BenefitSubtype, code_and_name=True),
    )
    is_energy_supply = fields.Field(
        attribute="is_energy_supply",
        column_name=ITEM_COLUMN,
        widget=EnergySupplyWidget(),
    )

    required_columns = (TYPE_COLUMN, SUBTYPE_COLUMN, ITEM_COLUMN)
    column_aliases = {c.lower(): c for c in required_columns}

    class Meta:
        model = Benefit
        fields = (*BASE_FIELDS, "subtype", "is_energy_supply")
        import_id_fields = ("code", "name")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        types, subtypes = _parents_named_in(dataset)
        self.parent_counts = Counter()
        saved = {
            code: self._save_parent(BenefitType, code, {"name": name}, order)
            for order, (code, name) in enumerate(types.items(), start=1)
        }
        for order, (code, (name, type_code)) in enumerate(subtypes.items(), start=1):
            values = {"name": name, "type": saved[type_code]}
            self._save_parent(BenefitSubtype, code, values, order)

    def _save_parent(self, model, code: str, values: dict, order: int):
        entry = model._default_manager.filter(code=code, area=self.area).first()
        if entry is None and self.area is not None:
            entry = model._default_manager.filter(code=code, area=None).first()
            if entry is not None:  # shared: only the support desk changes it
                self.parent_counts["unchanged"] += 1
                return entry
        if entry is None:
            entry = model(code=code, area=self.area, sort_order=order)
        changed = [n for n, v in values.items() if getattr(entry, n, None) != v]
        action = "updated" if changed else "unchanged"
        if entry.pk is None:
            action = "created"
        for name in changed:
            setattr(entry, name, values[name])
        if action != "unchanged":
            _save_checked(entry)
        self.parent_counts[action] += 1
        return entry

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        problem = _type_problem(instance, row)
        if problem:
            errors[TYPE_COLUMN] = [problem]
        if errors:
            raise ValidationError(errors)


def _parents_named_in(dataset) -> tuple[dict, dict]:
    types, subtypes = {}, {}
    for row in dataset.dict:
        try:
            type_code, type_name = split_code_and_name(row[TYPE_COLUMN])
            subtype_code, subtype_name = split_code_and_name(row[SUBTYPE_COLUMN])
        except ValueError:
            continue  # the row itself reports the bad cell
        types[type_code] = type_name
        # A later row may rename a subtype but not move it: the first row names
        # its type, and rows that disagree are reported (see _type_problem).
        first_type = subtypes.get(subtype_code, (None, type_code))[1]
        subtypes[subtype_code] = (subtype_name, first_type)
    return types, subtypes


def _save_checked(entry) -> None:
    try:
        entry.full_clean()
    except ValidationError as error:
        raise ValueError(f"{entry}: {' '.join(error.messages)}") from error
    entry.save()


def _type_problem(instance, row) -> str | None:
    try:
        type_code = split_code_and_name(row[TYPE_COLUMN])[0]
    except ValueError as error:
        return str(error)
    if instance.subtype_id is None or instance.subtype.type.code == type_code:
        return None
    return _("Subtype %(subtype)s belongs to type %(type)s, not %(written)s.") % {
        "subtype": instance.subtype.code,
        "type": instance.subtype.type.code,
        "written": type_code,
    }
