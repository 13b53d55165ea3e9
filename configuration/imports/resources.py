"""django-import-export Resources of the catalogues (run by imports/service.py).

A resource writes into one scope, the `area` it is built with: None for the
shared official entries, an area for that area's own. Rows update only entries
of that scope; references find the area's own entries first, then shared ones.
"""

from django.utils.text import capfirst
from import_export import fields, resources

from ..models import (
    Benefit,
    BenefitSubtype,
    BenefitType,
    ImmigrationCourse,
    Municipality,
    Problem,
    ProblemType,
    Province,
    SiadConsultationArea,
    SiadConsultationType,
    TramitType,
)
from ..permissions import allows_shared_entries, has_area_field
from .widgets import (
    CodeWidget,
    EntryLookupWidget,
    FlagWidget,
    NumberWidget,
    OptionalField,
    TextWidget,
)

BASE_FIELDS = ("code", "name", "sort_order", "is_active")


class CatalogueResource(resources.ModelResource):
    """Columns code and name, optional sort_order and is_active; keyed by code."""

    code = fields.Field(attribute="code", column_name="code", widget=CodeWidget())
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    sort_order = OptionalField(
        attribute="sort_order", column_name="sort_order", widget=NumberWidget()
    )
    is_active = OptionalField(
        attribute="is_active", column_name="is_active", widget=FlagWidget()
    )

    required_columns: tuple[str, ...] = ("code", "name")
    # The official Hèstia files head their columns Identificador,Descripció.
    column_aliases = {
        "identificador": "code",
        "element": "code",  # LlenguaMaterna.csv
        "codi": "code",
        "descripció": "name",
        "descripcio": "name",
        "nom": "name",
    }

    class Meta:
        fields = BASE_FIELDS
        import_id_fields = ("code",)
        clean_model_instances = True  # full_clean(): constraints become row errors
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        skip_html_diff = True
        store_instance = True

    def __init__(self, *, area=None):
        super().__init__()
        self.area = area
        self.shared_left_alone: list[str] = []  # keys of rows left to the desk
        for field in self.fields.values():
            if isinstance(field.widget, EntryLookupWidget):
                field.widget.area = area

    @classmethod
    def column_for(cls, heading) -> str:
        """Return the column a heading stands for (also the export's headings)."""
        text = str(heading or "").strip()
        wanted = text.lower()
        for field in cls.fields.values():
            if field.column_name.lower() == wanted:
                return field.column_name
        if wanted in cls.column_aliases:
            return cls.column_aliases[wanted]
        for field in cls.fields.values():
            if str(cls._verbose_name(field.attribute)).lower() == wanted:
                return field.column_name
        return text

    @classmethod
    def missing_columns(cls, headings) -> list[str]:
        present = {cls.column_for(heading) for heading in headings}
        return [column for column in cls.required_columns if column not in present]

    @classmethod
    def _verbose_name(cls, attribute: str) -> str:
        model = cls._meta.model
        names = {f.name: f.verbose_name for f in model._meta.concrete_fields}
        return names.get(attribute, attribute)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.shared_keys = self._shared_keys()

    def _shared_keys(self) -> set[tuple]:
        """Keys of the shared entries an area's import leaves alone (none for
        the support desk's import, which writes the shared entries themselves)."""
        model = self._meta.model
        if self.area is None or not (
            has_area_field(model) and allows_shared_entries(model)
        ):
            return set()
        shared = model._default_manager.filter(area__isnull=True)
        return set(shared.values_list(*self.shared_key_fields()))

    def shared_key_fields(self) -> tuple[str, ...]:
        """What makes a row the same entry as a shared one: the code (and year).

        A name is not part of it: an area never keeps its own entry under an
        official code, even when its file spells the name differently.
        """
        natural = self._meta.model.natural_key_fields
        return tuple(name for name in natural if name != "name")

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk is None and self._is_shared(instance):
            instance.left_to_shared = True  # read back by the import's report
            self.shared_left_alone.append(instance.code)
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def _is_shared(self, instance) -> bool:
        if not getattr(self, "shared_keys", None):
            return False
        key = tuple(getattr(instance, name) for name in self.shared_key_fields())
        return key in self.shared_keys

    def get_queryset(self):
        queryset = self._meta.model._default_manager.all()
        if has_area_field(self._meta.model):
            queryset = queryset.filter(area=self.area)  # area=None: shared rows
        return queryset

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # the same cell is reported again as a field error

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            instance.sort_order = kwargs.get("row_number", 0)  # the file's order
            if has_area_field(type(instance)):
                instance.area = self.area

    def columns_by_attribute(self) -> dict[str, str]:
        return {f.attribute: f.column_name for f in self.fields.values() if f.attribute}

    def describe_changes(self, original, instance) -> tuple[str, ...]:
        changes = []
        for field in self.get_import_fields():
            old, new = field.get_value(original), field.get_value(instance)
            if old != new:
                label = capfirst(str(self._verbose_name(field.attribute)))
                changes.append(f"{label}: {_shown(old)} → {_shown(new)}")
        return tuple(changes)


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


def lookup(column: str, model, **kwargs) -> fields.Field:
    return fields.Field(
        attribute=column,
        column_name=column,
        widget=EntryLookupWidget(model, **kwargs),
    )


class BenefitSubtypeResource(CatalogueResource):
    type = lookup("type", BenefitType)
    required_columns = ("code", "name", "type")

    class Meta:
        model = BenefitSubtype
        fields = (*BASE_FIELDS, "type")


class ProblemTypeResource(CatalogueResource):
    year = fields.Field(attribute="year", column_name="year", widget=NumberWidget())
    required_columns = ("year", "code", "name")

    class Meta:
        model = ProblemType
        fields = (*BASE_FIELDS, "year")
        import_id_fields = ("year", "code")


class ProblemResource(ProblemTypeResource):
    type = lookup("type", ProblemType, year_column="year")
    required_columns = ("year", "code", "name", "type")

    class Meta:
        model = Problem
        fields = (*BASE_FIELDS, "year", "type")


class TramitTypeResource(CatalogueResource):
    kind = OptionalField(attribute="kind", column_name="kind", widget=TextWidget())
    scope = OptionalField(attribute="scope", column_name="scope", widget=NumberWidget())
    pre_assigns = lookup("pre_assigns", Benefit)

    class Meta:
        model = TramitType
        fields = (*BASE_FIELDS, "kind", "scope", "pre_assigns")


class ImmigrationCourseResource(CatalogueResource):
    level = fields.Field(attribute="level", column_name="level", widget=TextWidget())
    hours = fields.Field(attribute="hours", column_name="hours", widget=NumberWidget())
    required_columns = ("code", "name", "level", "hours")

    class Meta:
        model = ImmigrationCourse
        fields = (*BASE_FIELDS, "level", "hours")


class SiadConsultationTypeResource(CatalogueResource):
    """A consultation type names its consultation area by the area's code."""

    consultation_area = lookup("consultation_area", SiadConsultationArea)
    required_columns = ("code", "name", "consultation_area")

    class Meta:
        model = SiadConsultationType
        fields = (*BASE_FIELDS, "consultation_area")


class MunicipalityResource(CatalogueResource):
    province = lookup("province", Province)

    class Meta:
        model = Municipality
        fields = (*BASE_FIELDS, "province")
