"""Recording what happened at an appointment (domain.md §3.8): held, not held
or the person did not come, with who attended. A held interview of an
expedient offers to write its actuació (never written automatically)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Expedient
from casework.services.expedients import ActionNotAllowed
from configuration.versioning import save_versioned

from ..enums import OUTCOME_STATES, AppointmentState, AppointmentType
from ..models import Appointment
from ..permissions import user_can_record_outcome
from .booking import ensure_visible

ACTUACIO_RIGHT = "casework.add_actuacio"


@dataclass(frozen=True)
class ActuacioOffer:
    """What the screen needs to offer writing the interview's actuació: the
    expedient, the add screen's address and the form's initial values."""

    expedient_id: int
    url: str
    initial: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    appointment: Appointment
    actuacio: ActuacioOffer | None = None


def _hours_between(appointment: Appointment) -> Decimal:
    start = appointment.starts_at.hour * 60 + appointment.starts_at.minute
    end = appointment.ends_at.hour * 60 + appointment.ends_at.minute
    return (Decimal(end - start) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)


def actuacio_offer(appointment: Appointment, acting_user) -> ActuacioOffer | None:
    """The actuació to offer after a held interview linked to an open
    expedient the user may record actuacions in; None otherwise."""
    if not (
        appointment.state == AppointmentState.HELD
        and appointment.type == AppointmentType.INTERVIEW
        and appointment.expedient_id
        and acting_user.has_perm(ACTUACIO_RIGHT)
    ):
        return None
    visible = Expedient.objects.visible_to(acting_user).open()
    if not visible.filter(pk=appointment.expedient_id).exists():
        return None
    attended = [
        a.person_id for a in appointment.attendances.all() if a.attended is not False
    ]
    professionals = [p.pk for p in appointment.professionals.all()]
    attends = acting_user.pk in professionals
    responsible = acting_user.pk if attends else professionals[0]
    return ActuacioOffer(
        expedient_id=appointment.expedient_id,
        url=f"{reverse('casework_actuacions:add')}?expedient={appointment.expedient_id}",
        initial={
            "date": appointment.date,
            "time": appointment.starts_at,
            "hours": _hours_between(appointment),
            "place": appointment.place_id,
            "responsible": responsible,
            "related_persons": attended,
            "attendee_persons": attended,
            "attendee_professionals": professionals,
        },
    )


def _record_attendance(appointment: Appointment, state, attended) -> None:
    rows = list(appointment.attendances.all())
    came = {p if isinstance(p, int) else p.pk for p in attended or ()}
    unknown = came - {row.person_id for row in rows}
    if unknown:
        raise ValidationError({"attended": _("Choose persons of this appointment.")})
    for row in rows:
        if state == AppointmentState.HELD:
            row.attended = row.person_id in came if attended is not None else True
        elif state == AppointmentState.NO_SHOW:
            row.attended = False
        else:
            row.attended = None
        row.save(update_fields=["attended"])


@transaction.atomic
def record_outcome(
    *,
    appointment: Appointment,
    acting_user,
    state: int,
    attended: Iterable | None = None,
    expected_version: int | None = None,
) -> Outcome:
    """Record that the appointment was held (Realitzada), not held (No
    realitzada) or that the person did not come (No acut), once its day has
    come. For a held visit `attended` lists the persons who came (all of them
    when not given). A wrong outcome may be corrected; a cancelled
    appointment takes none. Returns the actuació to offer, if any."""
    ensure_visible(acting_user, appointment)
    if state not in OUTCOME_STATES:
        raise ValidationError({"state": _("Choose held, not held or did not attend.")})
    if appointment.is_cancelled:
        raise ValidationError(_("A cancelled appointment has no outcome."))
    if appointment.date > timezone.localdate():
        raise ValidationError(
            _("The outcome is recorded on the day of the appointment or after.")
        )
    if not user_can_record_outcome(acting_user, appointment):
        raise ActionNotAllowed(_("You may not record the outcome of this appointment."))
    appointment.state = state
    save_versioned(
        obj=appointment, expected_version=expected_version, acting_user=acting_user
    )
    _record_attendance(appointment, state, attended)
    return Outcome(appointment, actuacio_offer(appointment, acting_user))
