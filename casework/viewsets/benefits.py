"""Admin screens: resources (recursos) and tràmits of an expedient, and their tabs.

Administrative roles register tràmits but never see the actuació or resource a
tràmit generates: their roles hold no resource or actuació permission, so the
resource screens answer 404 and the tràmits tab hides the resource column.
"""

import json

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column

from configuration.custom_fields import CustomFieldsPanel
from configuration.dates import DayColumn
from configuration.enums import ResourceState
from configuration.models import Benefit
from configuration.scope import _scoped
from configuration.wording import MASCULINE
from directory.models import Person

from ..enums import BeneficiaryRole
from ..models import Resource, Tramit
from ..tabs import ExpedientTab, item_tab_context
from . import saving
from .base import ExpedientItemForm, ExpedientItemViewSet, ItemRightHereMixin


def active_or_current(field, current_id) -> None:
    """Offer active catalogue entries, plus the one the row already has."""
    field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk=current_id))


def expedient_filterset(model, *filter_fields: str) -> type[WagtailFilterSet]:
    """Listing filters on `filter_fields`; the `?expedient=` the tab's link
    opened the listing with is kept by the listing itself
    (casework.viewsets.base.ExpedientFilterMixin)."""
    meta = type("Meta", (), {"model": model, "fields": list(filter_fields)})
    return type(f"{model.__name__}FilterSet", (WagtailFilterSet,), {"Meta": meta})


class WarningMessagesMixin:
    """Show the reminders a save service left on the form (never blocking)."""

    def save_instance(self):
        instance = super().save_instance()
        for warning in getattr(self.form, "warnings", ()):
            messages.warning(self.request, warning)
        return instance


# The resource form's part an area's own fields of the block go in
# (casework.custom_forms.ITEM_SECTIONS).
ENERGY_SECTION = "energy"

# --- resources -----------------------------------------------------------------------


class ResourceForm(ExpedientItemForm):
    """A resource with its holder and its other beneficiaries (linked persons).

    The area's own fields of the energy-poverty block apply only to a
    household-supply benefit, as the block is shown only for one: for any
    other benefit they are neither required nor kept."""

    holder = forms.ModelChoiceField(Person.objects.all(), label=capfirst(_("holder")))
    other_beneficiaries = forms.ModelMultipleChoiceField(
        Person.objects.all(),
        label=capfirst(_("other beneficiaries")),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active_or_current(self.fields["benefit"], self.instance.benefit_id)
        if self.is_bound and not self.energy_block_applies:
            for name in self.custom_field_names(ENERGY_SECTION):
                self.fields[name].required = False
        if self.instance.pk is None:
            return
        rows = list(self.instance.beneficiary_rows.all())
        holders = [row.person_id for row in rows if row.role == BeneficiaryRole.HOLDER]
        self.fields["holder"].initial = holders[0] if holders else None
        self.fields["other_beneficiaries"].initial = [
            row.person_id for row in rows if row.role != BeneficiaryRole.HOLDER
        ]

    @cached_property
    def energy_block_applies(self) -> bool:
        """Whether the benefit posted is a household supply (2.3.7)."""
        pk = str(self.data.get(self.add_prefix("benefit")) or "")
        return pk.isdigit() and (
            Benefit.objects.filter(pk=pk, is_energy_supply=True).exists()
        )

    def clean(self):
        cleaned = super().clean()
        if not self.energy_block_applies:
            # Nothing in the hidden block counts: not kept, never refused.
            for name in self.custom_field_names(ENERGY_SECTION):
                self._errors.pop(name, None)
                cleaned[name] = None
        return cleaned


class EnergySupplyBenefits:
    """The benefits of household supplies (2.3.7, `Benefit.is_energy_supply`)
    as a rule for Wagtail's conditional-field controller (w-rules): read when
    the form is drawn, so a benefit marked later counts at once."""

    def __str__(self) -> str:
        ids = Benefit.objects.filter(is_energy_supply=True).values_list("pk", flat=True)
        return json.dumps({"benefit": [str(pk) for pk in ids]})


# The energy-poverty block shows only while the chosen benefit is a household
# supply (domain.md §3.3.7); the model refuses its values for any other.
SHOWN_FOR_ENERGY_SUPPLIES = {
    "data-controller": "w-rules",
    "data-action": "change@document->w-rules#resolve",
    "data-w-rules-target": "show",
    "data-w-rules-show": EnergySupplyBenefits(),
}


class ResourceViewSet(ExpedientItemViewSet):
    model = Resource
    custom_form = "resource"
    noun_gender = MASCULINE
    icon = "tag"
    url_prefix = "casework/resources"
    tab_key = "resources"
    base_form_class = ResourceForm
    create_service = saving.resource_create_form
    edit_service = saving.resource_update_form
    list_select_related = ("expedient", "benefit")
    filterset_class = expedient_filterset(
        Resource, "state", "promoting_entity", "target_group", "sad_kind"
    )
    list_display = [
        "benefit",
        "expedient",
        Column("state", accessor="get_state_display", label=_("State")),
        DayColumn("state_changed_on", label=_("State since")),
        "amount",
        DayColumn("starts_on", label=_("Start date")),
        DayColumn("ends_on", label=_("End date")),
    ]
    list_export = [
        "expedient",
        "benefit",
        "state",
        "state_changed_on",
        "promoting_entity",
        "amount",
        "starts_on",
        "ends_on",
        "target_group",
        "sad_kind",
        "created_at",
    ]
    panels = [
        FieldPanel("benefit"),
        FieldPanel("state"),
        FieldPanel("promoting_entity"),
        FieldPanel("amount"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("target_group"),
        FieldPanel("sad_kind"),
        FieldPanel("holder"),
        FieldPanel("other_beneficiaries"),
        MultiFieldPanel(
            [
                *(FieldPanel(name) for name in Resource.ENERGY_FIELDS),
                CustomFieldsPanel(section=ENERGY_SECTION),
            ],
            heading=_("Energy poverty (household supplies, 2.3.7)"),
            attrs=SHOWN_FOR_ENERGY_SUPPLIES,
        ),
    ]

    @property
    def add_view_class(self):
        return _scoped(super().add_view_class, WarningMessagesMixin)


resource_viewset = ResourceViewSet("casework_resources")


def resources_tab_context(*, request, expedient) -> dict:
    rows = (
        Resource.objects.filter(expedient=expedient)
        .select_related("benefit", "tramit")
        .prefetch_related("beneficiary_rows__person")
    )
    context = item_tab_context(
        request,
        expedient,
        queryset=rows,
        namespace="casework_resources",
        model="resource",
    )
    for row in context["rows"]:
        row.pending = row.state == ResourceState.PRE_ASSIGNED
        row.holders = [
            r.person for r in row.beneficiary_rows.all() if r.role == "holder"
        ]
    return context


# --- tràmits -------------------------------------------------------------------------


class TramitForm(ExpedientItemForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active_or_current(self.fields["type"], self.instance.type_id)


class TramitViewSet(ExpedientItemViewSet):
    model = Tramit
    custom_form = "tramit"
    noun_gender = MASCULINE
    icon = "doc-full"
    url_prefix = "casework/tramits"
    tab_key = "tramits"
    base_form_class = TramitForm
    create_service = saving.tramit_create_form
    edit_service = saving.tramit_update_form
    list_select_related = ("expedient", "type", "holder")
    filterset_class = expedient_filterset(Tramit, "state", "scope")
    form_fields = ["type", "scope", "state", "processed_on", "holder"]
    list_display = [
        "type",
        "expedient",
        Column("state", accessor="get_state_display", label=_("State")),
        DayColumn("processed_on", label=_("Processing date")),
        "holder",
    ]
    list_export = ["expedient", "type", "scope", "state", "processed_on", "holder"]

    @property
    def add_view_class(self):
        return _scoped(super().add_view_class, ItemRightHereMixin)


tramit_viewset = TramitViewSet("casework_tramits")


def tramits_tab_context(*, request, expedient) -> dict:
    shows_resource = request.user.has_perm("casework.view_resource")
    rows = Tramit.objects.filter(expedient=expedient).select_related("type", "holder")
    if shows_resource:
        rows = rows.select_related("resource")
    context = item_tab_context(
        request, expedient, queryset=rows, namespace="casework_tramits", model="tramit"
    )
    context["shows_resource"] = shows_resource
    return context


TABS = [
    ExpedientTab(
        key="resources",
        label=_("Resources"),
        order=60,
        template="casework/tabs/resources.html",
        permission="casework.view_resource",
        context=resources_tab_context,
    ),
    ExpedientTab(
        key="tramits",
        label=_("Tràmits"),
        order=70,
        template="casework/tabs/tramits.html",
        permission="casework.view_tramit",
        context=tramits_tab_context,
    ),
]

VIEWSETS: list = [resource_viewset, tramit_viewset]
URLS: list = []
