"""The person record's Agenda tab: next and past visits with attendance, only
the appointments the user may see, "Occupied" where the user may not see
everyone in it, and a query count that does not grow with the visits."""

from auditlog.models import LogEntry
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.person_tab import person_visits
from agenda.services import Details
from tests.factories.casework import basic_case, resident

from .agenda_data import visit, world
from .test_scope import fresh
from .visits_data import held_visit


class AgendaTabTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = w = world()
        cls.t = t = w.t
        cls.person = resident(t, first_name="Martí", surname1="Queralt")
        cls.next = visit(w, persons=[cls.person])
        cls.held = held_visit(w, cls.person)
        cls.missed = held_visit(w, cls.person, came=False, start=(12, 0), end=(12, 30))
        cls.confidential = basic_case(t, cls.person, confidential=True)
        cls.secret = visit(
            w,
            by=t.worker,
            persons=[cls.person],
            start=(12, 0),
            end=(12, 30),
            details=Details(expedient=cls.confidential),
        )
        cls.url = reverse("person:inspect", args=[cls.person.pk])

    def open(self, user):
        self.client.force_login(user)
        return self.client.get(self.url)

    def test_the_worker_sees_next_and_past_visits_with_attendance(self):
        upcoming, past = person_visits(self.person, fresh(self.t.worker))
        self.assertEqual([r.appointment for r in upcoming], [self.next, self.secret])
        self.assertEqual({r.appointment for r in past}, {self.held, self.missed})
        attended = {r.appointment.pk: r.attended for r in past}
        self.assertEqual(attended, {self.held.pk: True, self.missed.pk: False})
        response = self.open(self.t.worker)
        self.assertContains(response, "Properes visites")
        self.assertContains(response, "Hi va venir")
        self.assertContains(response, "No acut")
        self.assertContains(response, reverse("agenda_reminder", args=[self.next.pk]))
        self.assertContains(response, reverse("agenda_receipt", args=[self.held.pk]))
        self.assertNotContains(
            response, reverse("agenda_receipt", args=[self.missed.pk])
        )

    def test_the_front_desk_and_the_coordinator_see_them(self):
        for user in (self.w.front_desk, self.t.coordinator):
            with self.subTest(user=user):
                upcoming, past = person_visits(self.person, fresh(user))
                self.assertEqual(len(upcoming), 2)
                self.assertEqual(len(past), 2)

    def test_a_teammate_reads_occupied_for_a_confidential_visit(self):
        upcoming, _past = person_visits(self.person, fresh(self.t.teammate))
        shown = {r.appointment.pk: r.disclosed for r in upcoming}
        self.assertEqual(shown, {self.next.pk: True, self.secret.pk: False})
        response = self.open(self.t.teammate)
        self.assertContains(response, "Ocupat")
        self.assertNotContains(
            response, reverse("agenda_reminder", args=[self.secret.pk])
        )

    def test_another_team_sees_none_and_another_area_gets_404(self):
        upcoming, past = person_visits(self.person, fresh(self.t.outsider))
        self.assertEqual((upcoming, past), ([], []))
        self.assertEqual(self.open(self.w.other.coordinator).status_code, 404)

    def test_opening_the_record_writes_an_access_entry(self):
        before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        self.assertEqual(self.open(self.t.worker).status_code, 200)
        after = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        self.assertEqual(after, before + 1)

    def test_constant_queries(self):
        self.client.force_login(self.t.worker)

        def count():
            self.client.get(self.url)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(queries)

        before = count()
        other = resident(self.t, first_name="Pau")
        visit(self.w, persons=[self.person, other], start=(13, 0), end=(13, 30))
        held_visit(self.w, self.person, start=(9, 0), end=(9, 30))
        self.assertEqual(count(), before)
