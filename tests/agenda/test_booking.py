"""Booking rules: timetables, overlaps, who books for whom, reservations and
a coordinator's confirmed override (domain.md §2.4, §3.8)."""

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase

from agenda import services
from agenda.enums import AppointmentState, AppointmentType
from agenda.models import Appointment
from agenda.services import BookingClash, Details
from casework.services.expedients import ActionNotAllowed
from tests.factories.casework import resident

from .agenda_data import at, next_weekday, visit, world


class OverlapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t
        cls.monday = next_weekday(0)
        cls.first = visit(cls.w, on=cls.monday, start=(10, 0), end=(10, 45))

    def test_an_overlapping_visit_is_refused_naming_the_clash(self):
        with self.assertRaises(BookingClash) as caught:
            visit(self.w, on=self.monday, start=(10, 30), end=(11, 0))
        name = str(self.t.worker)
        self.assertEqual(
            caught.exception.messages,
            [
                f"{name} ja té una entrevista de 10:00 a 10:45 el "
                f"{self.monday:%d/%m/%Y}."
            ],
        )
        self.assertFalse(caught.exception.overridable)  # the front desk books

    def test_touching_slots_are_fine(self):
        before = visit(self.w, on=self.monday, start=(9, 15), end=(10, 0))
        after = visit(self.w, on=self.monday, start=(10, 45), end=(11, 30))
        self.assertEqual(Appointment.objects.count(), 3)
        self.assertEqual((before.ends_at, after.starts_at), (at(10), at(10, 45)))

    def test_a_slot_inside_or_around_another_clashes(self):
        for start, end in (((10, 10), (10, 20)), ((9, 30), (11, 0))):
            with self.subTest(start=start), self.assertRaises(BookingClash):
                visit(self.w, on=self.monday, start=start, end=end)

    def test_a_cancelled_appointment_frees_its_slot(self):
        services.cancel(appointment=self.first, acting_user=self.w.front_desk)
        visit(self.w, on=self.monday, start=(10, 0), end=(10, 45))
        self.assertEqual(
            Appointment.objects.filter(state=AppointmentState.PENDING).count(), 1
        )

    def test_a_reservation_clashes_like_a_visit(self):
        services.book_reservation(
            acting_user=self.t.worker,
            professionals=[self.t.worker],
            sector=self.t.sector,
            on=self.monday,
            starts_at=at(12),
            ends_at=at(13),
            details=Details(type=AppointmentType.DOCUMENTATION),
        )
        with self.assertRaises(BookingClash) as caught:
            visit(self.w, on=self.monday, start=(12, 30), end=(13, 30))
        self.assertIn(
            "feina de documentació de 12:00 a 13:00", caught.exception.messages[0]
        )

    def test_another_professional_the_same_hour_is_fine(self):
        visit(self.w, on=self.monday, professionals=[self.t.teammate])
        self.assertEqual(Appointment.objects.count(), 2)

    def test_the_end_must_follow_the_start(self):
        with self.assertRaises(ValidationError):
            visit(self.w, on=self.monday, start=(12, 0), end=(11, 0))


class TimetableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t

    def test_outside_the_working_hours_is_refused(self):
        with self.assertRaises(BookingClash) as caught:
            visit(self.w, start=(13, 30), end=(14, 30))
        self.assertIn("no treballa a", caught.exception.messages[0])
        self.assertIn(
            "de 13:30 a 14:30 (horari de treball)", caught.exception.messages[0]
        )

    def test_a_day_off_is_refused(self):
        with self.assertRaises(BookingClash):
            visit(self.w, on=next_weekday(5))  # Saturday

    def test_another_sector_is_refused(self):
        with self.assertRaises(BookingClash) as caught:
            visit(self.w, sector=self.t.other_sector)
        self.assertIn(str(self.t.other_sector), caught.exception.messages[0])

    def test_two_adjoining_blocks_cover_a_slot_across_them(self):
        from agenda.services.clashes import covered

        blocks = [(at(9), at(12)), (at(12), at(14))]
        self.assertTrue(covered(blocks, at(11, 30), at(12, 30)))
        self.assertFalse(covered([(at(9), at(11)), (at(12), at(14))], at(10), at(13)))

    def test_every_professional_is_checked(self):
        with self.assertRaises(BookingClash) as caught:
            visit(self.w, professionals=[self.t.worker, self.t.outsider])
        self.assertEqual(len(caught.exception.clashes), 1)
        self.assertIn(str(self.t.outsider), caught.exception.messages[0])


class WhoBooksForWhomTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t

    def test_the_front_desk_books_for_any_professional_of_the_area(self):
        for worker in (self.t.worker, self.t.outsider):
            sector = self.t.sector if worker == self.t.worker else self.t.other_sector
            visit(self.w, professionals=[worker], sector=sector)
        self.assertEqual(Appointment.objects.count(), 2)

    def test_technical_administration_books_for_the_area(self):
        visit(self.w, by=self.t.administrative)
        self.assertEqual(Appointment.objects.get().created_by, self.t.administrative)

    def test_a_technician_books_their_own(self):
        appointment = visit(self.w, by=self.t.worker)
        self.assertEqual(list(appointment.professionals.all()), [self.t.worker])

    def test_a_technician_does_not_book_for_a_teammate(self):
        with self.assertRaises(ActionNotAllowed):
            visit(self.w, by=self.t.teammate)

    def test_a_coordinator_books_for_their_teams_only(self):
        visit(self.w, by=self.t.coordinator)
        with self.assertRaises(ActionNotAllowed):
            visit(
                self.w,
                by=self.t.coordinator,
                professionals=[self.t.outsider],
                sector=self.t.other_sector,
            )

    def test_another_area_books_for_nobody_here(self):
        for user in (self.w.other.coordinator, self.w.other.administrative):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                visit(self.w, by=user)

    def test_a_deregistered_professional_gets_no_appointment(self):
        self.t.teammate.is_active = False
        self.t.teammate.save()
        with self.assertRaises(ActionNotAllowed):
            visit(self.w, professionals=[self.t.teammate])

    def test_persons_of_another_area_are_refused(self):
        with self.assertRaises(ValidationError):
            visit(self.w, persons=[resident(self.w.other)])

    def test_a_visit_needs_a_person(self):
        with self.assertRaises(ValidationError):
            services.book_appointment(
                acting_user=self.w.front_desk,
                professionals=[self.t.worker],
                persons=[],
                sector=self.t.sector,
                on=next_weekday(0),
                starts_at=at(10),
                ends_at=at(11),
            )


class ReservationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t

    def reserve(self, by, professionals, kind=AppointmentType.COORDINATION_MEETING):
        return services.book_reservation(
            acting_user=by,
            professionals=professionals,
            sector=self.t.sector,
            on=next_weekday(2),
            starts_at=at(12),
            ends_at=at(13, 30),
            details=Details(type=kind),
        )

    def test_a_coordinator_books_a_team_meeting(self):
        team = [self.t.worker, self.t.teammate, self.t.coordinator]
        meeting = self.reserve(self.t.coordinator, team)
        self.assertEqual(set(meeting.professionals.all()), set(team))
        self.assertFalse(meeting.persons.exists())

    def test_only_a_coordinator_books_for_several(self):
        for user in (self.w.front_desk, self.t.worker):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                self.reserve(user, [self.t.worker, self.t.teammate])

    def test_a_technician_reserves_their_own_time(self):
        self.reserve(self.t.worker, [self.t.worker], AppointmentType.DOCUMENTATION)
        self.assertEqual(Appointment.objects.count(), 1)

    def test_a_reservation_is_not_an_interview(self):
        with self.assertRaises(ValidationError):
            self.reserve(self.t.worker, [self.t.worker], AppointmentType.INTERVIEW)


class OverrideTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t
        cls.monday = next_weekday(0)
        visit(cls.w, on=cls.monday)

    def test_a_coordinator_is_offered_the_override(self):
        with self.assertRaises(BookingClash) as caught:
            visit(self.w, by=self.t.coordinator, on=self.monday)
        self.assertTrue(caught.exception.overridable)

    def test_a_confirmed_override_books_and_is_recorded(self):
        appointment = visit(
            self.w,
            by=self.t.coordinator,
            on=self.monday,
            start=(10, 30),
            end=(14, 30),
            override=True,
        )
        entry = LogEntry.objects.get(additional_data__event=services.OVERRIDE_EVENT)
        self.assertEqual(entry.object_pk, str(appointment.pk))
        self.assertEqual(entry.actor, self.t.coordinator)
        kinds = sorted(c["kind"] for c in entry.additional_data["clashes"])
        self.assertEqual(kinds, ["overlap", "timetable"])

    def test_nobody_else_overrides(self):
        with self.assertRaises(BookingClash):
            visit(self.w, by=self.t.administrative, on=self.monday, override=True)
        self.assertEqual(Appointment.objects.count(), 1)

    def test_no_clash_no_override_entry(self):
        visit(
            self.w,
            by=self.t.coordinator,
            on=self.monday,
            start=(12, 0),
            end=(13, 0),
            override=True,
        )
        self.assertFalse(
            LogEntry.objects.filter(
                additional_data__event=services.OVERRIDE_EVENT
            ).exists()
        )


class RescheduleAndCancelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t
        cls.monday = next_weekday(0)

    def test_rescheduling_checks_like_booking_but_not_against_itself(self):
        appointment = visit(self.w, on=self.monday)
        moved = services.reschedule(
            appointment=appointment,
            acting_user=self.w.front_desk,
            on=self.monday,
            starts_at=at(10, 30),
            ends_at=at(11, 15),
        )
        self.assertEqual((moved.starts_at, moved.version), (at(10, 30), 2))
        other = visit(self.w, on=self.monday, start=(12, 0), end=(12, 30))
        with self.assertRaises(BookingClash):
            services.reschedule(
                appointment=other,
                acting_user=self.w.front_desk,
                on=self.monday,
                starts_at=at(11),
                ends_at=at(12, 15),
            )

    def test_a_stale_version_is_refused(self):
        from configuration.versioning import EditConflict

        appointment = visit(self.w, on=self.monday)
        with self.assertRaises(EditConflict):
            services.reschedule(
                appointment=appointment,
                acting_user=self.w.front_desk,
                on=self.monday,
                starts_at=at(11),
                ends_at=at(11, 30),
                expected_version=0,
            )

    def test_a_teammate_may_not_move_someone_elses_visit(self):
        appointment = visit(self.w, on=self.monday)
        with self.assertRaises(ActionNotAllowed):
            services.cancel(appointment=appointment, acting_user=self.t.teammate)

    def test_another_area_does_not_find_it(self):
        appointment = visit(self.w, on=self.monday)
        with self.assertRaises(Appointment.DoesNotExist):
            services.cancel(
                appointment=appointment, acting_user=self.w.other.coordinator
            )

    def test_cancelled_by_the_person_and_then_unchangeable(self):
        appointment = visit(self.w, on=self.monday)
        services.cancel(
            appointment=appointment, acting_user=self.t.worker, by_person=True
        )
        self.assertEqual(appointment.state, AppointmentState.CANCELLED_BY_PERSON)
        with self.assertRaises(ValidationError):
            services.cancel(appointment=appointment, acting_user=self.t.worker)
