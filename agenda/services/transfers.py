"""What the agenda hands over when professionals change: the coordinators'
transfer tool moves a professional's pending appointments from today on,
deregistering counts them (configuration.holdings), and a handover lists an
expedient's next appointments (domain.md §2.3, §4.4, §4.5)."""

from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from configuration.versioning import save_versioned

from ..enums import AppointmentState
from ..models import Appointment

HANDOVER_APPOINTMENTS = 10  # per expedient: the next ones, not the whole year


def future_appointments(professional) -> QuerySet:
    """The professional's pending appointments and reservations from today on."""
    return Appointment.objects.filter(
        professionals=professional,
        state=AppointmentState.PENDING,
        date__gte=timezone.localdate(),
    )


def future_appointment_count(professional) -> int:
    return future_appointments(professional).count()


@transaction.atomic
def appointments_transfer(*, source, target, acting_user) -> int:
    """Put `target` in `source`'s place in each of their future appointments
    (only dropping `source` where `target` already attends); return how many.

    The coordinators' tool decides this for the whole agenda, like a confirmed
    override: the rows move even where `target` is busy, and each change is
    in the audit trail. Who may run it is the tool's check.
    """
    moved = 0
    rows = future_appointments(source).select_for_update().order_by("pk")
    for appointment in rows.prefetch_related("professionals"):
        attending = {p.pk for p in appointment.professionals.all()}
        save_versioned(obj=appointment, expected_version=None, acting_user=acting_user)
        appointment.professionals.remove(source)
        if target.pk not in attending:
            appointment.professionals.add(target)
        moved += 1
    return moved


def next_appointments(expedient_ids) -> dict[int, list[dict]]:
    """The next pending appointments of each expedient, for a handover's
    snapshot: when, what and with which professionals, never the persons."""
    rows = (
        Appointment.objects.filter(
            expedient_id__in=list(expedient_ids),
            state=AppointmentState.PENDING,
            date__gte=timezone.localdate(),
        )
        .prefetch_related("professionals")
        .order_by("date", "starts_at", "pk")
    )
    found = defaultdict(list)
    for appointment in rows:
        listed = found[appointment.expedient_id]
        if len(listed) < HANDOVER_APPOINTMENTS:
            listed.append(
                {
                    "id": appointment.pk,
                    "date": appointment.date.isoformat(),
                    "starts_at": f"{appointment.starts_at:%H:%M}",
                    "ends_at": f"{appointment.ends_at:%H:%M}",
                    "type": appointment.type,
                    "professionals": [str(p) for p in appointment.professionals.all()],
                }
            )
    return found
