"""The EAIA listings in Explotació (domain.md §5.1, "EAIA: expedients by
state, priority, expedient type, territoriality criterion, administrative
situation"), reusing the module's listing screens."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from configuration.explotacio import Listing

from ...explotacio import EXPEDIENT_STATES, cover_filters, expedient_filters

LISTINGS = (
    Listing(
        key="eaia-expedients",
        label=_("EAIA expedients"),
        group="eaia",
        permission="casework.view_childprotectioncase",
        source="casework.modules.eaia.screens.eaia_case_viewset",
        filters=cover_filters(),
        period_label=_("Opened"),
        states=EXPEDIENT_STATES,
        description=_("Expedients with their phase and priority."),
    ),
    Listing(
        key="eaia-evolution",
        label=pgettext_lazy("heading", "Evolució periods"),
        group="eaia",
        permission="casework.view_eaiaevolution",
        source="casework.modules.eaia.screens.eaia_evolution_viewset",
        filters=expedient_filters("expedient__", period="starts_on"),
        period_label=_("Start"),
        description=_(
            "Each period with its expedient type, territoriality criterion and "
            "administrative situation."
        ),
    ),
    Listing(
        key="eaia-actuacions",
        label=pgettext_lazy("heading", "EAIA actuacions"),
        group="eaia",
        permission="casework.view_eaiaactuacio",
        source="casework.modules.eaia.screens.eaia_actuacio_viewset",
        filters=expedient_filters(
            "expedient__", professional="responsible", period="date"
        ),
        period_label=_("Date"),
    ),
)
