"""What stands in the way of a booking: the professionals' working timetables
in the sector and their other appointments (domain.md §3.8).

A slot clashes with another one only when they overlap: one ending at 10:00
and one starting at 10:00 are fine. Cancelled appointments free their slot.
A clash is refused with a sentence that names it; a coordinator may confirm
the booking anyway (`override`), and the audit trail keeps what was decided.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from configuration.models import Sector, WorkSchedule

from ..enums import OCCUPYING_STATES, TYPE_WITH_ARTICLE, AppointmentType
from ..models import Appointment
from ..permissions import user_can_override_clash

OVERRIDE_EVENT = "agenda_override"
OVERLAP, TIMETABLE = "overlap", "timetable"


@dataclass(frozen=True)
class Slot:
    """When and where a booking would be."""

    on: date
    starts_at: time
    ends_at: time
    sector: Sector


@dataclass(frozen=True)
class Clash:
    professional_id: int
    kind: str  # OVERLAP or TIMETABLE
    on: date
    sentence: str
    appointment_id: int | None = None  # what it overlaps

    def as_audit(self) -> dict:
        return {
            "professional": self.professional_id,
            "kind": self.kind,
            "date": self.on.isoformat(),
            "appointment": self.appointment_id,
        }


class BookingClash(ValidationError):
    """The booking clashes; `overridable` says whether the booker may confirm
    it anyway (a coordinator), so the screen can offer "Book anyway"."""

    def __init__(self, clashes: Sequence[Clash], *, overridable: bool):
        self.clashes = list(clashes)
        self.overridable = overridable
        super().__init__([c.sentence for c in self.clashes], code="clash")


def _hours(value: time) -> str:
    return f"{value:%H:%M}"


def covered(blocks: Iterable[tuple[time, time]], start: time, end: time) -> bool:
    """Whether the blocks (from, until) together cover start–end without a gap."""
    reached = start
    for block_start, block_end in sorted(blocks):
        if block_start <= reached < block_end:
            reached = block_end
        if reached >= end:
            return True
    return False


def timetable_clashes(professionals: Sequence, slot: Slot) -> list[Clash]:
    """Professionals whose timetable in the slot's sector leaves it out."""
    blocks: dict[int, list[tuple[time, time]]] = {}
    rows = WorkSchedule.objects.filter(
        professional__in=[p.pk for p in professionals],
        sector=slot.sector,
        weekday=slot.on.weekday(),
    ).values_list("professional_id", "starts_at", "ends_at")
    for professional_id, starts_at, ends_at in rows:
        blocks.setdefault(professional_id, []).append((starts_at, ends_at))
    return [
        Clash(
            professional_id=p.pk,
            kind=TIMETABLE,
            on=slot.on,
            sentence=_(
                "%(name)s does not work in %(sector)s on %(date)s from "
                "%(start)s to %(end)s (working timetable)."
            )
            % {
                "name": p,
                "sector": slot.sector,
                "date": f"{slot.on:%d/%m/%Y}",
                "start": _hours(slot.starts_at),
                "end": _hours(slot.ends_at),
            },
        )
        for p in professionals
        if not covered(blocks.get(p.pk, ()), slot.starts_at, slot.ends_at)
    ]


def overlap_clashes(
    professionals: Sequence, slot: Slot, *, exclude: Iterable[int] = ()
) -> list[Clash]:
    """The professionals' other appointments that overlap the slot."""
    by_id = {p.pk: p for p in professionals}
    through = Appointment.professionals.through
    rows = (
        through.objects.filter(
            user_id__in=list(by_id),
            appointment__date=slot.on,
            appointment__state__in=OCCUPYING_STATES,
            appointment__starts_at__lt=slot.ends_at,
            appointment__ends_at__gt=slot.starts_at,
        )
        .exclude(appointment_id__in=list(exclude))
        .select_related("appointment")
        .order_by("appointment__starts_at", "user_id")
    )
    return [
        Clash(
            professional_id=row.user_id,
            kind=OVERLAP,
            on=slot.on,
            appointment_id=row.appointment_id,
            sentence=_(
                "%(name)s already has %(what)s from %(start)s to %(end)s on %(date)s."
            )
            % {
                "name": by_id[row.user_id],
                "what": TYPE_WITH_ARTICLE[AppointmentType(row.appointment.type)],
                "start": _hours(row.appointment.starts_at),
                "end": _hours(row.appointment.ends_at),
                "date": f"{slot.on:%d/%m/%Y}",
            },
        )
        for row in rows
    ]


def clashes_of(
    professionals: Sequence, slot: Slot, *, exclude: Iterable[int] = ()
) -> list[Clash]:
    return timetable_clashes(professionals, slot) + overlap_clashes(
        professionals, slot, exclude=exclude
    )


def settle_clashes(clashes: list[Clash], *, acting_user, override: bool) -> None:
    """Refuse the clashes, unless a coordinator confirmed them (`override`)."""
    if not clashes:
        return
    may_override = user_can_override_clash(acting_user)
    if not (override and may_override):
        raise BookingClash(clashes, overridable=may_override)


def log_override(*, appointment: Appointment, clashes: list[Clash], acting_user):
    """Record that a coordinator booked `appointment` despite `clashes`."""
    if not clashes:
        return None
    return LogEntry.objects.log_create(
        appointment,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={},
        actor=acting_user,
        additional_data={
            "event": OVERRIDE_EVENT,
            "clashes": [c.as_audit() for c in clashes],
        },
    )
