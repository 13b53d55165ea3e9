"""Home care's listings in Explotació (domain.md §5.1, "SAD: active services
(last approved state), hours by type/funding, alta/baixa in period"): the
services and the state events, reusing the module's listing screens."""

from django.utils.translation import gettext_lazy as _

from configuration.explotacio import Listing

from ...explotacio import expedient_filters
from .enums import HomeCareEventStatus
from .queries import with_state_in_force

LISTINGS = (
    Listing(
        key="sad-services",
        label=_("Home-care services"),
        group="sad",
        permission="casework.view_homecarecase",
        source="casework.modules.sad.listings.service_listing",
        filters=expedient_filters(period="created_at__date", state=with_state_in_force),
        period_label=_("Opened"),
        states="casework.modules.sad.queries.in_force_choices",
        description=_(
            "Each service with its state in force (its latest approved event) "
            "and its weekly hours, type and funding."
        ),
    ),
    Listing(
        key="sad-events",
        label=_("Home-care events"),
        group="sad",
        permission="casework.view_homecareevent",
        source="casework.modules.sad.listings.event_listing",
        filters=expedient_filters("case__", period="date", state="status"),
        period_label=_("Date"),
        states=HomeCareEventStatus.choices,
        description=_("Starts, ends and other changes of service in the period."),
    ),
)
