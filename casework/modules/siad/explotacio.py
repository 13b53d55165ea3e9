"""The women's service listings in Explotació (domain.md §5.1, "SIAD:
actuacions by service, consultation area, violence situation"), reusing the
module's listing screens."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from configuration.explotacio import Listing

from ...explotacio import EXPEDIENT_STATES, cover_filters, expedient_filters

LISTINGS = (
    Listing(
        key="siad-expedients",
        label=_("SIAD expedients"),
        group="siad",
        permission="casework.view_womensservicecase",
        source="casework.modules.siad.screens.siad_case_viewset",
        filters=cover_filters(),
        period_label=_("Opened"),
        states=EXPEDIENT_STATES,
    ),
    Listing(
        key="siad-actuacions",
        label=pgettext_lazy("heading", "SIAD actuacions"),
        group="siad",
        permission="casework.view_siadactuacio",
        source="casework.modules.siad.screens.siad_actuacio_viewset",
        filters=expedient_filters(
            "expedient__", professional="responsible", period="date"
        ),
        period_label=_("Date"),
        description=_(
            "Actuacions with their service, consultation area and type, violence "
            "situation, channel and referral."
        ),
    ),
)
