"""The agenda's closed lists (domain.md §3.8). The states and types are
configuration's Hèstia code lists (IdEstat, IdTipus of the interface's
Resposta_DadesEspecifiques_Cites), re-exported here; their groups and colours
are the agenda's."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from configuration.enums import AppointmentState, AppointmentType

__all__ = [
    "CANCELLED_STATES",
    "OCCUPYING_STATES",
    "OUTCOME_STATES",
    "STATE_COLOURS",
    "TYPE_WITH_ARTICLE",
    "AppointmentScope",
    "AppointmentState",
    "AppointmentType",
    "SeriesFrequency",
]


CANCELLED_STATES = (
    AppointmentState.CANCELLED_BY_PROFESSIONAL,
    AppointmentState.CANCELLED_BY_PERSON,
)
# What still takes up the professional's time: everything but a cancellation.
# A past appointment held, not held or missed still filled its slot.
OCCUPYING_STATES = (
    AppointmentState.PENDING,
    AppointmentState.HELD,
    AppointmentState.NOT_HELD,
    AppointmentState.NO_SHOW,
)
OUTCOME_STATES = (
    AppointmentState.HELD,
    AppointmentState.NOT_HELD,
    AppointmentState.NO_SHOW,
)

# The colour of each state on one's own agenda (its legend); others' agendas
# use each professional's configured colour (configuration.User).
STATE_COLOURS = {
    AppointmentState.PENDING: "#1d5fa8",
    AppointmentState.HELD: "#2e7d32",
    AppointmentState.NOT_HELD: "#6b6b6b",
    AppointmentState.CANCELLED_BY_PROFESSIONAL: "#a15c00",
    AppointmentState.CANCELLED_BY_PERSON: "#7b3fa0",
    AppointmentState.NO_SHOW: "#b3261e",
}


# How a clash names what is already booked ("… already has an interview …").
TYPE_WITH_ARTICLE = {
    AppointmentType.UNASSIGNED: _("an appointment"),
    AppointmentType.INTERVIEW: _("an interview"),
    AppointmentType.ACCOMPANIMENT: _("an accompaniment"),
    AppointmentType.TECHNICAL_MEETING: _("a technical meeting"),
    AppointmentType.COORDINATION_MEETING: _("a coordination meeting"),
    AppointmentType.SUPERVISION: _("a supervision"),
    AppointmentType.TRAINING: _("a training session"),
    AppointmentType.MANAGEMENT: _("an administrative task"),
    AppointmentType.DOCUMENTATION: _("documentation work"),
}


class AppointmentScope(models.TextChoices):
    """Àmbit: Hèstia writes it as text ("Primera Entrevista" / "Seguiment")."""

    FIRST_INTERVIEW = "first_interview", _("First interview")
    FOLLOW_UP = "follow_up", _("Follow-up")


class SeriesFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
