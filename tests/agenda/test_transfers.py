"""When professionals change: deregistering counts future appointments, the
coordinators' transfer tool moves them, a merge carries attendances, and the
Registres read a confirmed clash as a sentence."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from agenda import services
from agenda.enums import AppointmentType
from agenda.models import Appointment, AppointmentPerson
from agenda.services import Details
from configuration.audit.details import details_sentence
from configuration.audit.subjects import EXPEDIENT, PERSON, entries_about
from configuration.holdings import holdings_of
from configuration.services import professional_deregister
from directory.services import person_merge
from helpdesk.tools.services import professional_holdings_transfer
from tests.factories.casework import basic_case, resident

from .agenda_data import at, last_weekday, next_weekday, visit, world


class HoldingsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = t = cls.w.t
        cls.monday = next_weekday(0)
        cls.future = visit(cls.w, on=cls.monday)
        cls.past = visit(cls.w, on=last_weekday(0))
        cls.cancelled = visit(cls.w, on=cls.monday, start=(12, 0), end=(12, 30))
        services.cancel(appointment=cls.cancelled, acting_user=t.worker)
        cls.meeting = services.book_reservation(
            acting_user=t.coordinator,
            professionals=[t.worker, t.teammate],
            sector=t.sector,
            on=cls.monday,
            starts_at=at(13),
            ends_at=at(14),
            details=Details(type=AppointmentType.TECHNICAL_MEETING),
        )

    def test_deregistering_counts_the_future_appointments(self):
        with translation.override("en"):
            held = {str(label): n for label, n in holdings_of(self.t.worker)}
        self.assertEqual(held["future appointments"], 2)
        with self.assertRaises(ValidationError):
            professional_deregister(
                professional=self.t.worker, acting_user=self.t.coordinator
            )

    def test_the_transfer_tool_moves_the_future_ones_only(self):
        counts = professional_holdings_transfer(
            source=self.t.worker, target=self.t.teammate, acting_user=self.t.coordinator
        )
        self.assertEqual(counts["agenda.appointments"], 2)
        self.future.refresh_from_db()
        self.assertEqual(list(self.future.professionals.all()), [self.t.teammate])
        self.assertEqual(self.future.version, 2)
        # Already at the meeting: the teammate is not added twice.
        self.assertEqual(list(self.meeting.professionals.all()), [self.t.teammate])
        for kept in (self.past, self.cancelled):
            self.assertEqual(list(kept.professionals.all()), [self.t.worker])
        self.assertFalse(services.future_appointments(self.t.worker).exists())
        entry = LogEntry.objects.filter(additional_data__event="tool").latest("pk")
        self.assertEqual(entry.additional_data["agenda.appointments"], 2)
        with translation.override("en"):
            self.assertIn(
                "future appointments: 2", details_sentence(entry.additional_data)
            )

    def test_only_a_coordinator_runs_it(self):
        from casework.services.expedients import ActionNotAllowed

        with self.assertRaises(ActionNotAllowed):
            professional_holdings_transfer(
                source=self.t.worker,
                target=self.t.teammate,
                acting_user=self.w.front_desk,
            )
        self.assertTrue(services.future_appointments(self.t.worker).exists())


class MergeAndAuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t

    def test_a_merge_moves_the_attendances(self):
        survivor, merged = resident(self.t), resident(self.t, first_name="Ana")
        appointment = visit(self.w, persons=[merged])
        person_merge(
            survivor=survivor,
            merged=merged,
            fields_taken=[],
            acting_user=self.t.coordinator,
        )
        self.assertEqual(list(appointment.persons.all()), [survivor])

    def test_the_registres_find_appointments_under_the_person_and_the_expedient(self):
        case = basic_case(self.t)
        person = case.links.get().person
        appointment = visit(
            self.w, by=self.t.worker, persons=[person], details=Details(expedient=case)
        )
        attendance = AppointmentPerson.objects.get(appointment=appointment)
        for family, pk in ((PERSON, person.pk), (EXPEDIENT, case.pk)):
            about = LogEntry.objects.filter(entries_about(family, pk))
            for row in (appointment, attendance):
                with self.subTest(family=family, row=row):
                    self.assertTrue(
                        about.filter(
                            content_type=ContentType.objects.get_for_model(row),
                            object_pk=str(row.pk),
                        ).exists()
                    )

    def test_a_confirmed_clash_reads_as_a_sentence(self):
        visit(self.w)
        visit(
            self.w, by=self.t.coordinator, start=(10, 30), end=(14, 30), override=True
        )
        entry = LogEntry.objects.get(additional_data__event=services.OVERRIDE_EVENT)
        with translation.override("ca"):
            sentence = details_sentence(entry.additional_data)
        self.assertEqual(
            sentence,
            "Cita donada malgrat les coincidències, confirmada per un coordinador o "
            "una coordinadora: 1 cita que se solapa, 1 vegada fora de l'horari de "
            "treball.",
        )
        self.assertEqual(Appointment.objects.count(), 2)
