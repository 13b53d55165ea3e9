"""Basic social services' listings in Explotació (domain.md §5.1, "AP/SSB"):
the expedients, and what is recorded in them, each reusing its own listing
screen (rows in scope, columns, export)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from configuration.enums import ResourceState, TramitState
from configuration.explotacio import Listing

from ...enums import PlanState
from ...explotacio import EXPEDIENT_STATES, cover_filters, expedient_filters

ITEM = "expedient__"


def expired_plans(queryset):
    """Open plans whose expiry date has passed."""
    return queryset.filter(state=PlanState.OPEN, expires_on__lt=timezone.localdate())


LISTINGS = (
    Listing(
        key="ssb-expedients",
        label=_("Expedients"),
        group="ssb",
        permission="casework.view_basiccase",
        source="casework.modules.ssb.viewsets.basic_case_viewset",
        filters=cover_filters(),
        period_label=_("Opened"),
        states=EXPEDIENT_STATES,
        description=_(
            "Basic social services expedients, open or closed, with their stage, "
            "risk grade and origin."
        ),
    ),
    Listing(
        key="ssb-actuacions",
        label=_("Actuacions"),
        group="ssb",
        permission="casework.view_actuacio",
        source="casework.viewsets.records.actuacio_viewset",
        filters=expedient_filters(ITEM, professional="responsible", period="date"),
        period_label=_("Date"),
        description=_("Actuacions by type, place and responsible professional."),
    ),
    Listing(
        key="ssb-demands",
        label=_("Demands"),
        group="ssb",
        permission="casework.view_demand",
        source="casework.viewsets.records.demand_viewset",
        filters=expedient_filters(ITEM, period="date"),
        period_label=_("Date"),
    ),
    Listing(
        key="ssb-problems",
        label=_("Problems"),
        group="ssb",
        permission="casework.view_problemrecord",
        source="casework.viewsets.records.problem_viewset",
        filters=expedient_filters(ITEM, period="starts_on"),
        period_label=_("Start"),
    ),
    Listing(
        key="ssb-resources",
        label=_("Resources"),
        group="ssb",
        permission="casework.view_resource",
        source="casework.viewsets.benefits.resource_viewset",
        filters=expedient_filters(ITEM, period="state_changed_on", state="state"),
        period_label=_("Change of state"),
        states=ResourceState.choices,
        description=_("Resources by benefit, state, amount and promoting entity."),
    ),
    Listing(
        key="ssb-tramits",
        label=_("Tràmits"),
        group="ssb",
        permission="casework.view_tramit",
        source="casework.viewsets.benefits.tramit_viewset",
        filters=expedient_filters(ITEM, period="processed_on", state="state"),
        period_label=_("Processing date"),
        states=TramitState.choices,
    ),
    Listing(
        key="ssb-plans",
        label=_("Intervention plans"),
        group="ssb",
        permission="casework.view_interventionplan",
        source="casework.viewsets.plans.plan_viewset",
        filters=expedient_filters(ITEM, period="starts_on", state="state"),
        period_label=_("Start"),
        states=PlanState.choices,
    ),
    Listing(
        key="ssb-plans-expired",
        label=_("Expired intervention plans"),
        group="ssb",
        permission="casework.view_interventionplan",
        source="casework.viewsets.plans.plan_viewset",
        narrow="casework.modules.ssb.explotacio.expired_plans",
        filters=expedient_filters(ITEM, period="expires_on"),
        period_label=_("Expiry"),
        description=_("Open plans whose expiry date has passed."),
    ),
)
