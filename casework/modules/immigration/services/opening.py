"""Opening an immigration expedient and changing its cover (domain.md §3.3, §3.6)."""

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
from ..models import ImmigrationCase
from ..permissions import IMMIGRATION_CHANGE_RIGHT, user_can_open_immigration
from .common import check_professionals, ensure_right


def _check_start(start: date | None) -> None:
    if start is None:
        raise ValidationError(
            {"process_start": _("Type the date the reception process started.")}
        )
    if start > date.today():
        raise ValidationError(
            {"process_start": _("The reception process cannot start in the future.")}
        )


@transaction.atomic
def open_immigration_expedient(
    *,
    by: User,
    person: Person,
    sector: Sector | None = None,
    subsector: Subsector | None = None,
    reference_professional: User | None = None,
    co_reference_professional: User | None = None,
    reference_team: Team | None = None,
    external_reference: str = "",
    process_start: date | None = None,
    on: date | None = None,
) -> ImmigrationCase:
    """Open an immigration expedient with `person` as its main person.

    Shares the expedients' numbering, territory and opening actuació
    (`expedient_open`). Only immigration technicians and coordinators open
    one. The sector defaults to the one of the person's municipality of
    residence; the reference professional to `by`, and must work immigration
    in the area, as must the co-reference professional. The reception process
    starts on the opening day unless `process_start` says otherwise (never in
    the future) and ends exactly two years later.
    """
    allowed, reason = user_can_open_immigration(by)
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
    process_start = process_start or on or date.today()
    _check_start(process_start)
    case = ImmigrationCase(
        area_id=by.area_id,
        module=Module.IMMIGRATION,
        sector=sector,
        subsector=subsector,
        reference_team=reference_team,
        reference_professional=reference_professional,
        co_reference_professional=co_reference_professional,
        external_reference=external_reference.strip(),
        process_start=process_start,
    )
    return expedient_open(case=case, main_person=person, acting_user=by, on=on)


@transaction.atomic
def immigration_cover_update(
    *,
    by: User,
    case: ImmigrationCase,
    expected_version: int | None = None,
    process_start: date,
    external_reference: str = "",
    extra: dict | None = None,
) -> ImmigrationCase:
    """Change the process start date (the end follows: two years later) and the
    external reference of an open immigration expedient; `extra`, the area's
    own fields of its cover (None keeps them)."""
    ensure_right(
        by,
        case,
        IMMIGRATION_CHANGE_RIGHT,
        _("Only the immigration professionals of this expedient may change it."),
    )
    ensure_open(case)
    _check_start(process_start)
    case.process_start = process_start
    case.external_reference = (external_reference or "").strip()
    if extra is not None:
        case.extra = extra
    case.updated_by = by
    case.full_clean()
    return save_versioned(obj=case, expected_version=expected_version, acting_user=by)
