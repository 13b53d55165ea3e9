"""The printable reminder and attendance receipt: who may print them (the
persons' names are on them), for which appointments, with the subsector's
text, and that printing is in the audit trail."""

from unittest import mock

from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse

from agenda.pdf import render_receipt, render_reminder
from agenda.services import Details
from configuration import roles
from configuration.models import Subsector
from tests.factories import professional
from tests.factories.casework import basic_case, resident

from .agenda_data import visit, world
from .visits_data import held_visit, team_meeting


def text_of(render, appointment) -> str:
    """The paper's text, written uncompressed so that it can be searched."""
    with mock.patch("agenda.pdf.COMPRESS", False):
        return render(appointment).decode("latin-1")


class PapersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = w = world()
        cls.t = t = w.t
        cls.subsector = Subsector.objects.create(
            sector=t.sector,
            name="Nucli antic",
            reminder_text="Porteu la targeta sanitaria.",
            receipt_text="Segell del centre de serveis socials.",
        )
        cls.person = resident(t, first_name="Martí", surname1="Queralt")
        cls.next = visit(
            w, persons=[cls.person], details=Details(subsector=cls.subsector)
        )
        cls.held = held_visit(w, cls.person)
        cls.missed = held_visit(w, cls.person, came=False, start=(12, 0), end=(12, 30))
        cls.secret = visit(
            w,
            by=t.worker,
            persons=[cls.person],
            start=(12, 0),
            end=(12, 30),
            details=Details(expedient=basic_case(t, cls.person, confidential=True)),
        )
        cls.meeting = team_meeting(w)

    def get(self, user, name, appointment):
        self.client.force_login(user)
        return self.client.get(reverse(name, args=[appointment.pk]))

    def test_who_prints_the_reminder(self):
        for user in (
            self.w.front_desk,
            self.t.worker,
            self.t.teammate,
            self.t.coordinator,
        ):
            with self.subTest(user=user):
                response = self.get(user, "agenda_reminder", self.next)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertTrue(response.content.startswith(b"%PDF"))
        for user in (self.t.outsider, self.w.other.coordinator):
            with self.subTest(user=user):
                self.assertEqual(
                    self.get(user, "agenda_reminder", self.next).status_code, 404
                )

    def test_a_confidential_visit_prints_only_for_who_sees_its_persons(self):
        self.assertEqual(
            self.get(self.t.worker, "agenda_reminder", self.secret).status_code, 200
        )
        self.assertEqual(
            self.get(self.t.teammate, "agenda_reminder", self.secret).status_code, 404
        )

    def test_papers_fit_their_appointment_only(self):
        cases = (
            ("agenda_reminder", self.held),  # past: no reminder
            ("agenda_receipt", self.next),  # not held yet
            ("agenda_receipt", self.missed),  # the person did not come
            ("agenda_reminder", self.meeting),  # a reservation names no one
            ("agenda_receipt", self.meeting),
        )
        for name, appointment in cases:
            with self.subTest(name=name, state=appointment.state):
                self.assertEqual(
                    self.get(self.t.worker, name, appointment).status_code, 404
                )
        self.assertEqual(
            self.get(self.t.worker, "agenda_receipt", self.held).status_code, 200
        )
        self.client.force_login(self.t.worker)
        self.assertEqual(
            self.client.get("/admin/agenda/appointments/999999/receipt/").status_code,
            404,
        )

    def test_printing_is_an_access_entry(self):
        before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        self.get(self.t.worker, "agenda_receipt", self.held)
        entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
        self.assertEqual(
            LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count(), before + 1
        )
        self.assertEqual(entry.object_pk, str(self.held.pk))
        self.assertEqual(entry.actor, self.t.worker)

    def test_the_papers_carry_the_subsector_text_or_a_default(self):
        reminder = text_of(render_reminder, self.next)
        self.assertIn("Recordatori de cita", reminder)
        self.assertIn("Queralt", reminder)
        self.assertIn("Porteu la targeta sanitaria.", reminder)
        receipt = text_of(render_receipt, self.held)  # no subsector: no text
        self.assertIn("Justificant d'assist", receipt)
        self.assertNotIn("Segell del centre", receipt)
        self.held.subsector = self.subsector
        self.assertIn("Segell del centre", text_of(render_receipt, self.held))
        default = text_of(render_reminder, self.secret)
        self.assertIn("document d'identitat", default)


class SubsectorTextsTests(TestCase):
    def test_the_area_administrator_edits_the_texts_on_the_subsector_form(self):
        w = world()
        subsector = Subsector.objects.create(sector=w.t.sector, name="Eixample")
        admin = professional(roles.ADMINISTRADOR, area=w.t.area)
        self.client.force_login(admin)
        url = reverse("subsector:edit", args=[subsector.pk])
        response = self.client.post(
            url,
            {
                "sector": w.t.sector.pk,
                "name": "Eixample",
                "is_active": "on",
                "reminder_text": "Porteu el llibre de família.",
                "receipt_text": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        subsector.refresh_from_db()
        self.assertEqual(subsector.reminder_text, "Porteu el llibre de família.")
        other = professional(roles.ADMINISTRADOR, area=w.other.area)
        self.client.force_login(other)
        self.assertEqual(self.client.get(url).status_code, 404)
