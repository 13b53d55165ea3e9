"""The basic social services expedients' screens: the "Expedients" listing
and the cover's add and edit views (casework.viewsets.expedients)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column

from configuration.custom_fields import CustomFieldsPanel
from configuration.enums import ExpedientStage, ExpedientState, RiskGrade
from configuration.filters import visible_choices
from configuration.models import Sector, User

from ...viewsets.expedients import ExpedientCoverViewSet, main_person_of
from .models import BasicCase


class ExpedientFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ExpedientState.choices, empty_label=_("All")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=ExpedientStage.choices, empty_label=_("All")
    )
    risk_grade = django_filters.ChoiceFilter(
        label=_("Risk grade"), choices=RiskGrade.choices, empty_label=_("All")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=visible_choices(Sector)
    )
    reference_professional = django_filters.ModelChoiceFilter(
        label=_("Reference professional"), queryset=visible_choices(User)
    )

    class Meta:
        model = BasicCase
        fields = ["state", "stage", "risk_grade", "sector", "reference_professional"]


def cover_panels() -> list:
    """The cover's panels after the main person (ModuleSpec.cover_panels)."""
    return [
        MultiFieldPanel(
            [
                FieldPanel("family_name"),
                FieldPanel("external_reference"),
                FieldPanel("case_origin"),
                FieldPanel("family_type"),
                FieldPanel("family_residence"),
                CustomFieldsPanel(section="household"),
            ],
            heading=_("Household"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sector"),
                FieldPanel("subsector"),
                FieldPanel("reference_team"),
                FieldPanel("reference_professional"),
                FieldPanel("co_reference_professional"),
                FieldPanel("confidential"),
                CustomFieldsPanel(section="territory"),
            ],
            heading=_("Territory and professionals"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("stage"),
                FieldPanel("risk_grade"),
                CustomFieldsPanel(section="situation"),
            ],
            heading=_("Situation"),
        ),
    ]


class BasicCaseViewSet(ExpedientCoverViewSet):
    model = BasicCase
    menu_label = _("Expedients")
    menu_order = 110
    add_to_admin_menu = True
    url_prefix = "casework/expedients"
    filterset_class = ExpedientFilterSet
    search_fields = ["number", "family_name"]
    list_display = [
        "number",  # the title column: opens the expedient screen
        "family_name",
        Column("main_person", label=_("Main person"), accessor=main_person_of),
        Column("state", label=_("State"), accessor="get_state_display"),
        "state_date",
        Column("stage", label=_("Stage"), accessor="get_stage_display"),
        Column("risk_grade", label=_("Risk grade"), accessor="get_risk_grade_display"),
        "sector",
        "reference_professional",
    ]
    list_export = [
        "number",
        "external_reference",
        "family_name",
        "state",
        "state_date",
        "closing_reason",
        "sector",
        "subsector",
        "stage",
        "risk_grade",
        "reference_professional",
        "co_reference_professional",
        "confidential",
    ]
    export_filename = "expedients"

    def initial_from_person(self, person) -> dict:
        return {"family_name": f"{person.surname1} {person.surname2}".strip()}


basic_case_viewset = BasicCaseViewSet("casework_expedients")

VIEWSETS: list = [basic_case_viewset]
URLS: list = []
