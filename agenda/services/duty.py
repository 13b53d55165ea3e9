"""Duty slots ("espais de permanència"): when a professional receives
walk-ins in a sector, set by the coordinator of their team (domain.md §3.8)."""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework.services.expedients import ActionNotAllowed
from configuration.enums import Weekday
from configuration.models import Sector, WorkSchedule

from ..models import DutySlot
from ..permissions import user_can_set_duty_slot
from .clashes import covered


def _ensure_coordinator_of(acting_user, professional) -> None:
    if not user_can_set_duty_slot(acting_user, professional):
        raise ActionNotAllowed(
            _("Only a coordinator of %(name)s's teams sets their duty slots.")
            % {"name": professional}
        )


@transaction.atomic
def set_duty_slot(
    *,
    acting_user,
    professional,
    sector: Sector,
    weekday: int,
    starts_at: time,
    ends_at: time,
) -> DutySlot:
    """Add a duty slot within the professional's working timetable in
    `sector`; it may not overlap another of their duty slots that day."""
    _ensure_coordinator_of(acting_user, professional)
    slot = DutySlot(
        professional=professional,
        sector=sector,
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=acting_user,
    )
    slot.full_clean()
    if sector.area_id != acting_user.area_id:
        raise ValidationError({"sector": _("Choose an active sector of your area.")})
    blocks = WorkSchedule.objects.filter(
        professional=professional, sector=sector, weekday=weekday
    ).values_list("starts_at", "ends_at")
    if not covered(blocks, starts_at, ends_at):
        raise ValidationError(
            _(
                "%(name)s does not work in %(sector)s on %(weekday)s from "
                "%(start)s to %(end)s (working timetable)."
            )
            % {
                "name": professional,
                "sector": sector,
                "weekday": Weekday(weekday).label.lower(),
                "start": f"{starts_at:%H:%M}",
                "end": f"{ends_at:%H:%M}",
            }
        )
    overlapping = DutySlot.objects.filter(
        professional=professional,
        weekday=weekday,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if overlapping.exists():
        raise ValidationError(
            _("%(name)s already has a duty slot at that time.") % {"name": professional}
        )
    slot.save()
    return slot


@transaction.atomic
def remove_duty_slot(*, slot: DutySlot, acting_user) -> None:
    _ensure_coordinator_of(acting_user, slot.professional)
    slot.delete()
