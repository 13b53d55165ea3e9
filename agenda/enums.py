"""The agenda's closed lists (domain.md §3.8): stored values are the Hèstia
interface codes (Resposta_DadesEspecifiques_Cites: IdEstat, IdTipus)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentState(models.IntegerChoices):
    PENDING = 0, _("Pending")
    DONE = 1, _("Held")
    NOT_DONE = 2, _("Not held")
    CANCELLED_BY_PROFESSIONAL = 3, _("Cancelled by the professional")
    CANCELLED_BY_PERSON = 4, _("Cancelled by the person")
    NO_SHOW = 5, _("Did not attend")


CANCELLED_STATES = (
    AppointmentState.CANCELLED_BY_PROFESSIONAL,
    AppointmentState.CANCELLED_BY_PERSON,
)
# What still takes up the professional's time: everything but a cancellation.
# A past appointment held, not held or missed still filled its slot.
OCCUPYING_STATES = (
    AppointmentState.PENDING,
    AppointmentState.DONE,
    AppointmentState.NOT_DONE,
    AppointmentState.NO_SHOW,
)
OUTCOME_STATES = (
    AppointmentState.DONE,
    AppointmentState.NOT_DONE,
    AppointmentState.NO_SHOW,
)

# The colour of each state on one's own agenda (its legend); others' agendas
# use each professional's configured colour (configuration.User).
STATE_COLOURS = {
    AppointmentState.PENDING: "#1d5fa8",
    AppointmentState.DONE: "#2e7d32",
    AppointmentState.NOT_DONE: "#6b6b6b",
    AppointmentState.CANCELLED_BY_PROFESSIONAL: "#a15c00",
    AppointmentState.CANCELLED_BY_PERSON: "#7b3fa0",
    AppointmentState.NO_SHOW: "#b3261e",
}


class AppointmentType(models.IntegerChoices):
    UNASSIGNED = 0, _("Unassigned")
    INTERVIEW = 1, _("Interview")
    ACCOMPANIMENT = 2, _("Accompaniment")
    TECHNICAL_MEETING = 3, _("Technical meeting")
    COORDINATION_MEETING = 4, _("Coordination meeting")
    SUPERVISION = 5, _("Supervision")
    TRAINING = 6, _("Training")
    MANAGEMENT = 7, _("Management")
    DOCUMENTATION = 8, _("Documentation")


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
