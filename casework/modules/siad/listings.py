"""The SIAD module's listings (domain.md §5.1: "SIAD: actuacions by service,
consultation area, violence situation"; §5.4's ICD dimensions).

Each listing is the rows the professional may read (scope.py), narrowed by
its filters (None: no filter) and ready to show: every column it names is
joined or prefetched, so a page costs the same number of queries however many
rows it holds. The screens add paging, the filter bar and the CSV/XLSX export
(whose audit entry is the export's).
"""

from datetime import date

from django.db import models
from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from configuration.models import (
    Sector,
    SiadChannel,
    SiadConsultationArea,
    SiadConsultationType,
    SiadReferralSource,
    SiadService,
    SiadViolenceSituation,
    User,
)

from ...models import LinkedPerson
from .models import SiadActuacio
from .scope import visible_siad_actuacions, visible_siad_cases

ACTUACIO_COLUMNS_RELATED = ("expedient", "responsible", *SiadActuacio.ENTRY_FIELDS)
# What the totals may be counted by (the ICD return's dimensions).
TOTALS_BY = SiadActuacio.ENTRY_FIELDS


def main_persons(lookup: str) -> Prefetch:
    mains = LinkedPerson.objects.filter(is_main=True).select_related("person")
    return Prefetch(lookup, queryset=mains, to_attr="main_links")


def main_person_of(expedient) -> str:
    """The woman's name on a listed expedient (its prefetched main link)."""
    links = getattr(expedient, "main_links", None) or []
    return str(links[0].person) if links else ""


def _without_none(**filters) -> dict:
    return {lookup: value for lookup, value in filters.items() if value is not None}


def siad_actuacio_listing(
    user: User,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    urgent: bool | None = None,
    attending_service: SiadService | None = None,
    consultation_area: SiadConsultationArea | None = None,
    consultation_type: SiadConsultationType | None = None,
    violence_situation: SiadViolenceSituation | None = None,
    channel: SiadChannel | None = None,
    referral_source: SiadReferralSource | None = None,
    responsible: User | None = None,
    sector: Sector | None = None,
) -> models.QuerySet:
    """Return the SIAD actuacions `user` may read, newest first, filtered.

    Rows carry their expedient, catalogue entries and responsible professional,
    and `row.expedient.main_links` (the woman: `main_person_of`).
    """
    rows = visible_siad_actuacions(user).filter(
        **_without_none(
            date__gte=date_from,
            date__lte=date_to,
            urgent=urgent,
            attending_service=attending_service,
            consultation_area=consultation_area,
            consultation_type=consultation_type,
            violence_situation=violence_situation,
            channel=channel,
            referral_source=referral_source,
            responsible=responsible,
            expedient__sector=sector,
        )
    )
    return (
        rows.select_related(*ACTUACIO_COLUMNS_RELATED)
        .prefetch_related(main_persons("expedient__links"))
        .order_by("-date", "-time", "-pk")
    )


def siad_case_listing(
    user: User,
    *,
    state: int | None = None,
    sector: Sector | None = None,
    reference_professional: User | None = None,
    opened_from: date | None = None,
    opened_to: date | None = None,
) -> models.QuerySet:
    """Return the women's service expedients `user` may read, newest first.

    Rows carry their sector, professionals and `main_links` (the woman).
    """
    rows = visible_siad_cases(user).filter(
        **_without_none(
            state=state,
            sector=sector,
            reference_professional=reference_professional,
            created_at__date__gte=opened_from,
            created_at__date__lte=opened_to,
        )
    )
    return (
        rows.select_related(
            "sector__municipality",
            "subsector__sector__municipality",
            "reference_professional",
            "co_reference_professional",
        )
        .prefetch_related(main_persons("links"))
        .order_by("-created_at", "-pk")
    )


def siad_actuacio_totals(rows: models.QuerySet, *, by: str) -> list[dict]:
    """Count the actuacions of `rows` (a listing) per entry of `by`, in the
    catalogue's order, with the women's service expedients they belong to;
    one GROUP BY in the database. Actuacions without the entry come last."""
    if by not in TOTALS_BY:
        raise ValueError(f"Cannot count SIAD actuacions by {by!r}.")
    grouped = (
        rows.order_by()
        .values(by, f"{by}__name", f"{by}__sort_order")
        .annotate(
            actuacions=Count("pk"),
            expedients=Count("expedient", distinct=True),
        )
        .order_by(models.F(f"{by}__sort_order").asc(nulls_last=True), f"{by}__name")
    )
    return [
        {
            "entry": row[by],
            "name": row[f"{by}__name"] or _("Not recorded"),
            "actuacions": row["actuacions"],
            "expedients": row["expedients"],
        }
        for row in grouped
    ]
