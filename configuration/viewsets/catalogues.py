"""Admin screens of the catalogues and of the official reference tables.

Every screen is a ScopedModelViewSet (configuration/scope.py): rows come through
the model's policy (configuration/permissions.py), so another area's own entries
answer 404 and shared entries are read-only except for superusers. Imports are
configuration/views.py; the exports come from the scope kit (exports.py).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import ReorderView
from wagtail.admin.viewsets.base import ViewSetGroup

from ..filters import catalogue_filterset, entry_filter
from ..models import (
    ActuacioPlace,
    ActuacioType,
    Benefit,
    BenefitSubtype,
    BenefitType,
    CaseOrigin,
    ClosingReason,
    Country,
    DemandType,
    DocumentKind,
    DocumentTemplate,
    HomeCareTask,
    ImmigrationCourse,
    ImmigrationProject,
    ImmigrationProvider,
    ImmigrationTeacher,
    MotherTongue,
    Municipality,
    Problem,
    ProblemType,
    Province,
    RelationshipType,
    SiadChannel,
    SiadConsultationArea,
    SiadConsultationType,
    SiadReferralSource,
    SiadService,
    SiadTrainingResource,
    SiadViolenceSituation,
    StreetType,
    TramitType,
)
from ..permissions import has_area_field, user_can_reorder
from ..placeholders import PLACEHOLDERS
from ..scope import ScopedModelViewSet, _scoped, policy_for, visible_queryset
from ..wording import FEMININE, MASCULINE
from .mixins import import_buttons

ACTIVE_COLUMN = BooleanColumn("is_active", label=_("Active"))
SCOPE_COLUMN = Column("scope_label", label=_("Scope"))
ENTRY_EXPORT = ["code", "name", "area", "sort_order", "is_active"]


def import_headings(*columns: str, **renamed: str) -> dict[str, str]:
    """Head each exported column with the import's own column name, in every
    language, so a listing's export imports back unchanged (issue 17.6)."""
    return {column: column for column in columns} | renamed


class CatalogueIndexMixin:
    """The listing: Import for those who may import, reordering only for a user who
    may change every listed row, and edit or delete links only on rows allowing it.
    """

    @cached_property
    def can_reorder(self) -> bool:
        return user_can_reorder(self.request.user, self.model)

    @cached_property
    def show_ordering_column(self):
        return super().show_ordering_column and self.can_reorder

    def get_reorder_url(self):
        return super().get_reorder_url() if self.can_reorder else None

    def get_edit_url(self, instance):
        if self._may(instance, "change"):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if self._may(instance, "delete"):
            return super().get_delete_url(instance)
        return None

    def _may(self, instance, action) -> bool:
        policy = policy_for(self.model)
        return policy.user_has_permission_for_instance(
            self.request.user, action, instance
        )

    @cached_property
    def header_more_buttons(self):
        return import_buttons(self, super().header_more_buttons)


class CatalogueCreateMixin:
    """A new entry joins the user's area unless a superuser chooses; it goes last."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        if has_area_field(self.model) and not self.request.user.is_superuser:
            instance.area = self.request.user.area
        # Last among the entries the user lists (shared and their area's), not
        # across areas: another area's order would reveal how many it has.
        visible = visible_queryset(self.model, self.request.user)
        highest = visible.aggregate(Max("sort_order"))
        instance.sort_order = (highest["sort_order__max"] or 0) + 1
        return instance


class CatalogueReorderView(ReorderView):
    """Drag-and-drop ordering over the rows the user sees, if they may change all."""

    def dispatch(self, request, *args, **kwargs):
        # A row the user does not see answers as one that does not exist,
        # before the right is checked (another area's entry: 404, not 403).
        get_object_or_404(self.get_queryset(), pk=unquote(str(kwargs.get("pk"))))
        if not user_can_reorder(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = visible_queryset(self.model, self.request.user)
        return queryset.order_by(self.sort_order_field)


class CatalogueViewSet(ScopedModelViewSet):
    """A catalogue screen: code, name, its own fields, order and active flag."""

    icon = "list-ul"
    sort_order_field = "sort_order"
    inspect_view_enabled = True
    search_fields = ["code", "name"]
    entry_fields: tuple[str, ...] = ()
    list_select_related: tuple[str, ...] = ("area",)
    index_view_class = _scoped(ScopedModelViewSet.index_view_class, CatalogueIndexMixin)
    add_view_class = _scoped(ScopedModelViewSet.add_view_class, CatalogueCreateMixin)
    reorder_view_class = CatalogueReorderView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            list_select_related=self.list_select_related, **kwargs
        )

    def get_edit_handler(self):
        names = ("code", "name", *self.entry_fields, "sort_order", "is_active")
        panels = [FieldPanel(name) for name in names]
        if has_area_field(self.model):
            panels.insert(0, FieldPanel("area", permission="superuser"))
        return ObjectList(panels, base_form_class=self.base_form_class).bind_to_model(
            self.model
        )


def catalogue(model, *, icon="list-ul", menu_order=0, **attrs) -> type:
    """Return the viewset class of a catalogue with only the shared columns.

    Most catalogue nouns are masculine ("tipus de …"); pass `noun_gender` for
    the others."""
    name = model._meta.model_name
    defaults = {
        "model": model,
        "noun_gender": MASCULINE,
        "icon": icon,
        "menu_order": menu_order,
        "url_prefix": f"configuration/catalogues/{name}",
        "list_display": ["code", "name", SCOPE_COLUMN, ACTIVE_COLUMN],
        "list_export": ENTRY_EXPORT,
        "filterset_class": catalogue_filterset(model),
        "export_filename": name,
    }
    attrs = defaults | attrs
    attrs["export_headings"] = import_headings(*attrs["list_export"]) | attrs.get(
        "export_headings", {}
    )
    return type(f"{model.__name__}ViewSet", (CatalogueViewSet,), attrs)


BenefitTypeViewSet = catalogue(BenefitType, icon="folder-open-inverse", menu_order=10)
BenefitSubtypeViewSet = catalogue(
    BenefitSubtype,
    icon="folder-open-1",
    menu_order=11,
    entry_fields=("type",),
    list_display=["code", "name", "type", SCOPE_COLUMN, ACTIVE_COLUMN],
    list_export=[*ENTRY_EXPORT, "type.code"],
    export_headings={"type.code": "type"},
    list_select_related=("area", "type"),
    filterset_class=catalogue_filterset(
        BenefitSubtype, type=entry_filter(BenefitType, "type", _("Benefit type"))
    ),
)
BenefitViewSet = catalogue(
    Benefit,
    noun_gender=FEMININE,
    icon="tasks",
    menu_order=12,
    entry_fields=("subtype", "is_energy_supply"),
    list_display=["code", "name", "subtype", SCOPE_COLUMN, ACTIVE_COLUMN],
    # The portfolio file's own columns, so an export can be imported again.
    list_export=["subtype.type", "subtype", "__str__", "area", "is_active"],
    export_headings={
        "subtype.type": "TipusPrestacio",
        "subtype": "Subtipus",
        "__str__": "TipusRecurs",
    },
    export_filename="benefits",
    search_fields=["code", "name", "subtype__name"],
    list_select_related=("area", "subtype__type"),
    filterset_class=catalogue_filterset(
        Benefit,
        "is_energy_supply",
        subtype__type=entry_filter(BenefitType, "subtype__type", _("Benefit type")),
        subtype=entry_filter(BenefitSubtype, "subtype", _("Benefit subtype")),
    ),
)
ProblemTypeViewSet = catalogue(
    ProblemType,
    icon="warning",
    menu_order=20,
    entry_fields=("year",),
    list_display=["code", "name", "year", SCOPE_COLUMN, ACTIVE_COLUMN],
    list_export=[*ENTRY_EXPORT, "year"],
    filterset_class=catalogue_filterset(ProblemType, "year"),
)
ProblemViewSet = catalogue(
    Problem,
    noun_gender=FEMININE,
    icon="warning",
    menu_order=21,
    entry_fields=("year", "type"),
    list_display=["code", "name", "type", "year", SCOPE_COLUMN, ACTIVE_COLUMN],
    list_export=[*ENTRY_EXPORT, "year", "type.code"],
    export_headings={"type.code": "type"},
    list_select_related=("area", "type"),
    filterset_class=catalogue_filterset(
        Problem, "year", type=entry_filter(ProblemType, "type", _("Problem type"))
    ),
)
DemandTypeViewSet = catalogue(DemandType, icon="help", menu_order=30)
ActuacioTypeViewSet = catalogue(ActuacioType, icon="clipboard-list", menu_order=31)
ActuacioPlaceViewSet = catalogue(ActuacioPlace, icon="home", menu_order=32)
CaseOriginViewSet = catalogue(
    CaseOrigin, noun_gender=FEMININE, icon="arrow-right-full", menu_order=33
)
ClosingReasonViewSet = catalogue(ClosingReason, icon="lock", menu_order=34)
DocumentKindViewSet = catalogue(DocumentKind, icon="doc-full", menu_order=36)


class PlaceholderHelpPanel(HelpPanel):
    """The placeholders a template's text may name, with what each writes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "configuration/panels/placeholders_help.html")
        kwargs.setdefault("heading", _("Placeholders"))
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["placeholders"] = PLACEHOLDERS
            return context


class DocumentTemplateViewSet(
    catalogue(
        DocumentTemplate,
        noun_gender=FEMININE,
        icon="doc-full-inverse",
        menu_order=37,
        list_display=[
            "code",
            "name",
            "kind",
            "to_complete",
            SCOPE_COLUMN,
            ACTIVE_COLUMN,
        ],
        list_export=[*ENTRY_EXPORT, "kind.code", "to_complete", "body"],
        export_headings={"kind.code": "kind"},
        list_select_related=("area", "kind"),
        filterset_class=catalogue_filterset(DocumentTemplate, "to_complete"),
    )
):
    """The area's document templates: coordinators edit their area's, the
    support desk the shared ones; the editor lists the placeholders."""

    def get_edit_handler(self):
        panels = [
            FieldPanel("code"),
            FieldPanel("name"),
            FieldPanel("kind"),
            FieldPanel("to_complete"),
            PlaceholderHelpPanel(),
            FieldPanel("body"),
            FieldPanel("sort_order"),
            FieldPanel("is_active"),
        ]
        panels.insert(0, FieldPanel("area", permission="superuser"))
        return ObjectList(panels, base_form_class=self.base_form_class).bind_to_model(
            self.model
        )


RelationshipTypeViewSet = catalogue(RelationshipType, icon="group", menu_order=35)
TramitTypeViewSet = catalogue(
    TramitType,
    icon="doc-full",
    menu_order=40,
    entry_fields=("kind", "scope", "pre_assigns"),
    list_display=["code", "name", "kind", "pre_assigns", SCOPE_COLUMN, ACTIVE_COLUMN],
    list_export=[*ENTRY_EXPORT, "kind", "scope", "pre_assigns.code"],
    export_headings={"pre_assigns.code": "pre_assigns"},
    list_select_related=("area", "pre_assigns"),
    filterset_class=catalogue_filterset(TramitType, "kind", "scope"),
)
SiadTrainingResourceViewSet = catalogue(
    SiadTrainingResource, icon="user", menu_order=50
)
HomeCareTaskViewSet = catalogue(
    HomeCareTask, noun_gender=FEMININE, icon="home", menu_order=52
)
# The SIAD actuació's lists (configuration/models/siad.py).
SiadChannelViewSet = catalogue(SiadChannel, icon="mail", menu_order=53)
SiadViolenceSituationViewSet = catalogue(
    SiadViolenceSituation, noun_gender=FEMININE, icon="warning", menu_order=53
)
SiadServiceViewSet = catalogue(SiadService, icon="user", menu_order=55)
SiadReferralSourceViewSet = catalogue(
    SiadReferralSource, noun_gender=FEMININE, icon="arrow-right-full", menu_order=55
)
SiadConsultationAreaViewSet = catalogue(
    SiadConsultationArea,
    noun_gender=FEMININE,
    icon="folder-open-inverse",
    menu_order=57,
)
SiadConsultationTypeViewSet = catalogue(
    SiadConsultationType,
    icon="folder-open-1",
    menu_order=58,
    entry_fields=("consultation_area",),
    list_display=["code", "name", "consultation_area", SCOPE_COLUMN, ACTIVE_COLUMN],
    list_export=[*ENTRY_EXPORT, "consultation_area.code"],
    export_headings={"consultation_area.code": "consultation_area"},
    list_select_related=("area", "consultation_area"),
    filterset_class=catalogue_filterset(
        SiadConsultationType,
        consultation_area=entry_filter(
            SiadConsultationArea, "consultation_area", _("Consultation area")
        ),
    ),
)
# The immigration module's configuration (domain.md §3.6): its technicians and
# the coordinators add, change and deactivate entries; none is deleted.
ImmigrationCourseViewSet = catalogue(
    ImmigrationCourse,
    icon="calendar",
    menu_order=51,
    entry_fields=("european_funding", "level", "hours", "teacher", "provider"),
    list_display=[
        "code",
        "name",
        BooleanColumn("european_funding", label=_("FSE")),
        "level",
        "hours",
        "teacher",
        ACTIVE_COLUMN,
    ],
    list_export=[*ENTRY_EXPORT, "european_funding", "level", "hours"],
    list_select_related=("area", "teacher"),
    filterset_class=catalogue_filterset(ImmigrationCourse, "european_funding", "level"),
)
ImmigrationProjectViewSet = catalogue(ImmigrationProject, icon="tasks", menu_order=51)
ImmigrationTeacherViewSet = catalogue(
    ImmigrationTeacher,
    icon="user",
    menu_order=51,
    entry_fields=("internal",),
    list_display=[
        "code",
        "name",
        BooleanColumn("internal", label=_("Internal")),
        ACTIVE_COLUMN,
    ],
    list_export=[*ENTRY_EXPORT, "internal"],
    filterset_class=catalogue_filterset(ImmigrationTeacher, "internal"),
)
ImmigrationProviderViewSet = catalogue(ImmigrationProvider, icon="group", menu_order=51)


class ReferenceViewSet(CatalogueViewSet):
    """An official reference table: everyone with the view permission reads it."""

    icon = "globe"
    list_select_related = ()
    list_display = ["code", "name", ACTIVE_COLUMN]
    list_filter = ["is_active"]
    list_export = ["code", "name", "sort_order", "is_active"]
    export_headings = import_headings(*list_export)


class CountryViewSet(ReferenceViewSet):
    model = Country
    noun_gender = MASCULINE
    menu_order = 60
    url_prefix = "configuration/catalogues/country"
    export_filename = "countries"


class ProvinceViewSet(ReferenceViewSet):
    model = Province
    noun_gender = FEMININE
    menu_order = 61
    url_prefix = "configuration/catalogues/province"
    export_filename = "provinces"


class MotherTongueViewSet(ReferenceViewSet):
    model = MotherTongue
    noun_gender = FEMININE  # la llengua materna
    icon = "openquote"
    menu_order = 63
    url_prefix = "configuration/catalogues/mothertongue"
    export_filename = "mother-tongues"


class StreetTypeViewSet(ReferenceViewSet):
    model = StreetType
    noun_gender = MASCULINE  # el tipus de via
    icon = "site"
    menu_order = 64
    url_prefix = "configuration/catalogues/streettype"
    export_filename = "street-types"


class MunicipalityViewSet(ReferenceViewSet):
    model = Municipality
    noun_gender = MASCULINE
    icon = "site"
    menu_order = 62
    url_prefix = "configuration/catalogues/municipality"
    sort_order_field = None  # listed by name; nobody sorts 948 rows by hand
    entry_fields = ("province",)
    list_display = ["code", "name", "province", ACTIVE_COLUMN]
    list_filter = ["is_active", "province"]
    list_export = ["code", "name", "province.code", "sort_order", "is_active"]
    export_headings = import_headings(*list_export, **{"province.code": "province"})
    export_filename = "municipalities"
    list_select_related = ("province",)


class CatalogueGroup(ViewSetGroup):
    menu_label = _("Catalogues")
    menu_icon = "list-ul"
    menu_order = 810
    items = (
        BenefitTypeViewSet,
        BenefitSubtypeViewSet,
        BenefitViewSet,
        ProblemTypeViewSet,
        ProblemViewSet,
        DemandTypeViewSet,
        ActuacioTypeViewSet,
        ActuacioPlaceViewSet,
        CaseOriginViewSet,
        ClosingReasonViewSet,
        DocumentKindViewSet,
        DocumentTemplateViewSet,
        RelationshipTypeViewSet,
        TramitTypeViewSet,
        SiadTrainingResourceViewSet,
        ImmigrationCourseViewSet,
        ImmigrationProjectViewSet,
        ImmigrationTeacherViewSet,
        ImmigrationProviderViewSet,
        HomeCareTaskViewSet,
        SiadChannelViewSet,
        SiadViolenceSituationViewSet,
        SiadServiceViewSet,
        SiadReferralSourceViewSet,
        SiadConsultationAreaViewSet,
        SiadConsultationTypeViewSet,
        CountryViewSet,
        ProvinceViewSet,
        MunicipalityViewSet,
        MotherTongueViewSet,
        StreetTypeViewSet,
    )
