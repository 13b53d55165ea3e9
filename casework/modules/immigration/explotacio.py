"""The immigration listings in Explotació (domain.md §5.1, "Immigració: …
expedients past 2-year term"), reusing the module's listing screens."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from configuration.enums import ExpedientState
from configuration.explotacio import Listing

from ...explotacio import EXPEDIENT_STATES, cover_filters, expedient_filters
from .listings import expired_q


def past_term(queryset):
    """Open expedients whose two-year term has ended."""
    return queryset.filter(expired_q(), state=ExpedientState.OPEN)


LISTINGS = (
    Listing(
        key="immigration-expedients",
        label=pgettext_lazy("heading", "Immigration expedients"),
        group="immigration",
        permission="casework.view_immigrationcase",
        source="casework.modules.immigration.screens.immigration_case_viewset",
        filters=cover_filters(),
        period_label=_("Opened"),
        states=EXPEDIENT_STATES,
    ),
    Listing(
        key="immigration-past-term",
        label=_("Expedients past their two-year term"),
        group="immigration",
        permission="casework.view_immigrationcase",
        source="casework.modules.immigration.screens.immigration_case_viewset",
        narrow="casework.modules.immigration.explotacio.past_term",
        filters=expedient_filters(period="process_start"),
        period_label=_("Process start"),
        description=_("Open expedients whose process began more than two years ago."),
    ),
    Listing(
        key="immigration-actuacions",
        label=pgettext_lazy("heading", "Immigration actuacions"),
        group="immigration",
        permission="casework.view_immigrationactuacio",
        source="casework.modules.immigration.screens.immigration_actuacio_viewset",
        filters=expedient_filters(
            "expedient__", professional="responsible", period="date"
        ),
        period_label=_("Date"),
    ),
)
