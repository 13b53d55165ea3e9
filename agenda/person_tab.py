"""The person record's Agenda tab (domain.md §3.8): the person's past visits
with their attendance and the next ones, among the appointments the user may
see (agenda/scope.py). Where the user may not see every person of a visit, or
its confidential expedient, the row says "Occupied" and shows nothing else
about it. Registered on the directory's record-tab hook; reading the record
is its access entry. Four queries, whatever the number of visits.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel

from .enums import AppointmentState
from .feed import disclosed_ids
from .models import Appointment, AppointmentPerson
from .scope import VIEW_RIGHT

PAST_SHOWN = 30  # the most recent; the listing (agenda/views/listing.py) has all


@dataclass
class VisitRow:
    appointment: Appointment
    disclosed: bool
    attended: bool | None  # this person's attendance, once recorded
    person_id: int
    reminder_url: str = ""
    receipt_url: str = ""

    @property
    def professionals(self) -> str:
        return ", ".join(str(p) for p in self.appointment.professionals.all())

    @property
    def others(self) -> str:
        """The other persons attending, when disclosed."""
        return ", ".join(
            str(row.person)
            for row in self.appointment.attendances.all()
            if row.person_id != self.person_id
        )


def person_visits(person, user) -> tuple[list[VisitRow], list[VisitRow]]:
    """The person's next visits (soonest first) and past ones (latest first)
    that `user` may see."""
    attendances = AppointmentPerson.objects.select_related("person").order_by("pk")
    visits = (
        Appointment.objects.visible_to(user)
        .filter(attendances__person=person)
        .select_related("place")
        .prefetch_related(
            Prefetch("attendances", queryset=attendances), "professionals"
        )
    )
    today = timezone.localdate()
    upcoming = list(visits.filter(date__gte=today).order_by("date", "starts_at", "pk"))
    past = list(
        visits.filter(date__lt=today).order_by("-date", "-starts_at", "-pk")[
            :PAST_SHOWN
        ]
    )
    disclosed = disclosed_ids(user, [*upcoming, *past])
    return (
        [_row(a, person, a.pk in disclosed) for a in upcoming],
        [_row(a, person, a.pk in disclosed) for a in past],
    )


def _row(appointment: Appointment, person, disclosed: bool) -> VisitRow:
    mine = next(
        (row for row in appointment.attendances.all() if row.person_id == person.pk),
        None,
    )
    row = VisitRow(
        appointment=appointment,
        disclosed=disclosed,
        attended=mine.attended if mine else None,
        person_id=person.pk,
    )
    if disclosed:
        if appointment.state == AppointmentState.PENDING:
            row.reminder_url = reverse("agenda_reminder", args=[appointment.pk])
        if appointment.state == AppointmentState.HELD and row.attended is not False:
            row.receipt_url = reverse("agenda_receipt", args=[appointment.pk])
    return row


class AgendaPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "agenda/person/agenda_tab.html"

        def is_shown(self):
            return self.request.user.has_perm(VIEW_RIGHT)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            person, user = self.instance, self.request.user
            if not person.pk:
                return {**context, "upcoming": [], "past": []}
            context["upcoming"], context["past"] = person_visits(person, user)
            context["past_shown"] = PAST_SHOWN
            return context


class AgendaTab(ObjectList):
    """Shown only to roles that read the agenda."""

    class BoundPanel(ObjectList.BoundPanel):
        def is_shown(self):
            return self.request.user.has_perm(VIEW_RIGHT) and super().is_shown()


def agenda_tab() -> ObjectList:
    return AgendaTab([AgendaPanel()], heading=_("Agenda"))
