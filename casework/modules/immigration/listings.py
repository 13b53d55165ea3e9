"""The immigration module's listings (domain.md §5.1: "Immigració: … expedients
past the 2-year term"): the expedients and actuacions the professional reads,
every column joined or prefetched so a page costs the same number of queries
however many rows it holds."""

from datetime import date

from django.db.models import Q

from ..siad.listings import main_person_of, main_persons
from .models import PROCESS_TERM, ImmigrationActuacio

ACTUACIO_COLUMNS_RELATED = (
    "expedient",
    "responsible",
    "type",
    *ImmigrationActuacio.ENTRY_FIELDS,
)
CASE_COLUMNS_RELATED = (
    "sector__municipality",
    "subsector__sector__municipality",
    "closing_reason",
    "reference_professional",
    "co_reference_professional",
)

__all__ = [
    "ACTUACIO_COLUMNS_RELATED",
    "CASE_COLUMNS_RELATED",
    "expired_q",
    "main_person_of",
    "main_persons",
]


def expired_q(today: date | None = None) -> Q:
    """Expedients whose two-year term ended before `today`: the process started
    before the day two years back (its end, start + 2 years, is then past)."""
    today = today or date.today()
    return Q(process_start__lt=today - PROCESS_TERM)
