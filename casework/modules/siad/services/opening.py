"""Opening a women's service expedient and changing its cover (domain.md
§3.3, §3.5)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from configuration.models import Sector, Subsector, Team, User
from configuration.versioning import save_versioned
from directory.models import Person

from ....enums import Module
from ....services.common import ensure_open
from ....services.expedients import (
    ActionNotAllowed,
    expedient_open,
    opening_sector,
)
from ..models import WomensServiceCase
from ..permissions import SIAD_CHANGE_RIGHT, user_can_open_siad
from .common import check_professionals, ensure_right


@transaction.atomic
def open_womens_service_expedient(
    *,
    by: User,
    person: Person,
    sector: Sector | None = None,
    subsector: Subsector | None = None,
    reference_professional: User | None = None,
    co_reference_professional: User | None = None,
    reference_team: Team | None = None,
    external_reference: str = "",
    on: date | None = None,
) -> WomensServiceCase:
    """Open a women's service expedient with `person` (the woman) as its main person.

    Shares the expedients' numbering, territory and opening actuació
    (`expedient_open`). Only SIAD technicians and coordinators open one. The
    sector defaults to the one of the woman's municipality of residence; the
    reference professional to `by`, and must work SIAD in the area, as must the
    co-reference professional. The expedient is always confidential.
    """
    allowed, reason = user_can_open_siad(by)
    if not allowed:
        raise ActionNotAllowed(reason)
    reference_professional = reference_professional or by
    check_professionals(
        by.area_id,
        reference_professional=reference_professional,
        co_reference_professional=co_reference_professional,
    )
    if reference_team is not None and reference_team.area_id != by.area_id:
        raise ValidationError({"reference_team": _("Choose a team of the area.")})
    sector = opening_sector(person=person, area_id=by.area_id, sector=sector)
    case = WomensServiceCase(
        area_id=by.area_id,
        module=Module.SIAD,
        sector=sector,
        subsector=subsector,
        reference_team=reference_team,
        reference_professional=reference_professional,
        co_reference_professional=co_reference_professional,
        external_reference=external_reference.strip(),
        confidential=True,
    )
    return expedient_open(case=case, main_person=person, acting_user=by, on=on)


@transaction.atomic
def siad_cover_update(
    *,
    by: User,
    case: WomensServiceCase,
    expected_version: int | None,
    external_reference: str = "",
    co_reference_professional: User | None = None,
    extra: dict | None = None,
) -> WomensServiceCase:
    """Change the external reference and the co-reference professional of an
    open women's service expedient; `extra`, the area's own fields of its
    cover (None keeps them). Only its SIAD professionals who see it; a stale
    save (`expected_version`) is refused with `EditConflict`."""
    ensure_right(
        by,
        case,
        SIAD_CHANGE_RIGHT,
        _("Only the SIAD professionals of this expedient may change its cover."),
    )
    ensure_open(case)
    check_professionals(
        case.area_id, co_reference_professional=co_reference_professional
    )
    case.external_reference = (external_reference or "").strip()
    case.co_reference_professional = co_reference_professional
    if extra is not None:
        case.extra = extra
    case.full_clean()
    return save_versioned(obj=case, expected_version=expected_version, acting_user=by)
