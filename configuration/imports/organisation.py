"""Imports of an area's organisation tables: subsectors and teams.

Unlike catalogue entries these are never shared: every row belongs to the
importer's own area, and sectors are named by their municipality's official code
among that area's sectors only (another area's sectors do not exist here).
"""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from ..enums import TeamKind
from ..models import Sector, Subsector, Team
from .resources import CatalogueResource
from .widgets import FlagWidget, OptionalField, TextWidget, is_blank, normalise_code


class AreaSectorWidget(widgets.ForeignKeyWidget):
    """A sector of the importer's area, named by its municipality's code."""

    def __init__(self):
        super().__init__(Sector, field="municipality__code")
        self.area = None

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            raise ValueError(
                _("Write the municipality code of one of the area's sectors.")
            )
        return _area_sector(self.area, normalise_code(value))

    def render(self, value, obj=None, **kwargs):
        return value.municipality.code if value else ""


class AreaSectorsWidget(widgets.ManyToManyWidget):
    """Several sectors of the importer's area: municipality codes separated by ";"."""

    def __init__(self):
        super().__init__(Sector, separator=";", field="municipality__code")
        self.area = None

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return Sector.objects.none()
        codes = [normalise_code(code) for code in str(value).split(";") if code.strip()]
        pks = [_area_sector(self.area, code).pk for code in codes]
        return Sector.objects.filter(pk__in=pks)

    def render(self, value, obj=None, **kwargs):
        if value is None:  # a new team has no sectors yet
            return ""
        return ";".join(sector.municipality.code for sector in value.all())


def _area_sector(area, code: str) -> Sector:
    sector = Sector.objects.filter(area=area, municipality__code=code).first()
    if sector is None:
        raise ValueError(
            _("The area has no sector for the municipality with code “%(code)s”.")
            % {"code": code}
        )
    return sector


class TeamKindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if is_blank(value) else str(value).strip().lower()
        by_label = {str(label).lower(): kind for kind, label in TeamKind.choices}
        kind = text if text in TeamKind.values else by_label.get(text)
        if kind is None:
            raise ValueError(
                _("Write one of: %(kinds)s.") % {"kinds": ", ".join(TeamKind.values)}
            )
        return kind


class AreaOwnedResource(CatalogueResource):
    """Rows of the importer's area only, keyed within it (no code column)."""

    area_lookup = "area"

    def __init__(self, *, area=None):
        super().__init__(area=area)
        for field in self.fields.values():
            if isinstance(field.widget, AreaSectorWidget | AreaSectorsWidget):
                field.widget.area = area

    def get_queryset(self):
        return self._meta.model._default_manager.filter(**{self.area_lookup: self.area})

    def after_init_instance(self, instance, new, row, **kwargs):
        if new and self.area_lookup == "area":
            instance.area = self.area


class SubsectorResource(AreaOwnedResource):
    sector = fields.Field(
        attribute="sector", column_name="sector", widget=AreaSectorWidget()
    )
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    is_active = OptionalField(
        attribute="is_active", column_name="is_active", widget=FlagWidget()
    )

    required_columns = ("sector", "name")
    column_aliases = {"municipi": "sector", "nom": "name"}
    area_lookup = "sector__area"

    class Meta(CatalogueResource.Meta):
        model = Subsector
        fields = ("sector", "name", "is_active")
        import_id_fields = ("sector", "name")


class TeamResource(AreaOwnedResource):
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=TeamKindWidget())
    sectors = OptionalField(
        attribute="sectors", column_name="sectors", widget=AreaSectorsWidget()
    )
    is_active = OptionalField(
        attribute="is_active", column_name="is_active", widget=FlagWidget()
    )

    required_columns = ("name", "kind")
    column_aliases = {"nom": "name", "tipus": "kind", "sectors": "sectors"}

    class Meta(CatalogueResource.Meta):
        model = Team
        fields = ("name", "kind", "sectors", "is_active")
        import_id_fields = ("name",)
