"""The demo agenda gives the calendar, the person's Agenda tab, the papers
and the listing something to show."""

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from agenda.enums import AppointmentState, AppointmentType
from agenda.models import Appointment
from configuration.models import Subsector


class DemoAgendaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def test_past_visits_have_every_outcome_and_next_ones_are_pending(self):
        today = timezone.localdate()
        past = Appointment.objects.filter(date__lt=today)
        states = set(past.values_list("state", flat=True))
        self.assertEqual(
            states,
            {
                AppointmentState.HELD,
                AppointmentState.NOT_HELD,
                AppointmentState.NO_SHOW,
                AppointmentState.CANCELLED_BY_PERSON,
            },
        )
        upcoming = Appointment.objects.filter(date__gt=today)
        self.assertEqual(
            set(upcoming.values_list("state", flat=True)), {AppointmentState.PENDING}
        )

    def test_both_professionals_and_a_team_meeting(self):
        names = set(
            Appointment.objects.values_list("professionals__username", flat=True)
        )
        self.assertEqual(names, {"treballadora", "educador"})
        meetings = Appointment.objects.filter(type=AppointmentType.COORDINATION_MEETING)
        self.assertTrue(meetings.exists())
        self.assertFalse(meetings.filter(attendances__isnull=False).exists())

    def test_a_subsector_has_its_papers_texts(self):
        self.assertTrue(Subsector.objects.exclude(reminder_text="").exists())
