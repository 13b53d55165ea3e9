"""What the casework listings of Explotació share, and their registration.

Each module declares its listings in `casework/modules/<key>/explotacio.py`
(`LISTINGS`) and names them in `ModuleSpec.explotacio`; `register_explotacio`
(from `CaseworkConfig.ready()`) registers every module's. The filters below
say how the one filter bar narrows an expedient (its cover) or a row recorded
in one (through `expedient`).
"""

from django.db.models import Q
from django.utils.module_loading import import_string

from configuration.enums import ExpedientState
from configuration.explotacio import register_listings
from configuration.models import Sector

from .modules import modules

EXPEDIENT_STATES = ExpedientState.choices


def of_team(prefix: str = ""):
    """A team's expedients (reached through `prefix`), as the returns count
    them: the team is their reference team, or their sector is one of the
    team's."""

    def narrow(queryset, team):
        sectors = Sector.objects.filter(teams=team).values("pk")
        return queryset.filter(
            Q(**{f"{prefix}reference_team": team})
            | Q(**{f"{prefix}sector__in": sectors})
        )

    return narrow


def expedient_filters(prefix: str = "", **extra) -> dict:
    """The bar's filters of an expedient reached through `prefix`
    ("expedient__"; "" for the cover itself): its area, sector, subsector,
    team (`of_team`) and reference professional, with `extra` (period, state,
    or another professional)."""
    filters = {
        "area": f"{prefix}area",
        "sector": f"{prefix}sector",
        "subsector": f"{prefix}subsector",
        "team": of_team(prefix),
        "professional": f"{prefix}reference_professional",
    }
    return {**filters, **extra}


def cover_filters(**extra) -> dict:
    """An expedient listing: opened in the period, open or closed."""
    return expedient_filters(period="created_at__date", state="state", **extra)


def register_explotacio() -> None:
    for module in modules():
        if module.explotacio:
            register_listings(import_string(module.explotacio))
