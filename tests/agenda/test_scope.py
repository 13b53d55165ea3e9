"""Who sees which appointments, and whose persons: the front desk, a
technician, a teammate, a coordinator, another team and another area; the
calendar feed's titles, colours and query count."""

import json
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from agenda import services
from agenda.enums import STATE_COLOURS, AppointmentState, AppointmentType
from agenda.feed import calendar_events, duty_slot_events, state_legend
from agenda.models import Appointment
from agenda.permissions import (
    agenda_professionals,
    user_can_book_for,
    user_can_set_duty_slot,
)
from agenda.services import Details
from configuration import roles
from configuration.models import User
from tests.factories import UserFactory, professional
from tests.factories.casework import basic_case, resident

from .agenda_data import at, next_weekday, visit, world


def fresh(user: User) -> User:
    """The user as a new request would load them (no cached permissions)."""
    return User.objects.get(pk=user.pk)


class VisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = t = cls.w.t
        cls.monday = next_weekday(0)
        cls.mine = visit(cls.w, on=cls.monday)  # the worker's
        cls.theirs = visit(
            cls.w, on=cls.monday, professionals=[t.outsider], sector=t.other_sector
        )
        cls.administrator = professional(roles.ADMINISTRADOR, area=t.area)
        cls.administrator.teams.add(t.team)

    def visible(self, user) -> set:
        return set(Appointment.objects.visible_to(fresh(user)))

    def test_the_front_desk_sees_the_whole_area(self):
        self.assertEqual(self.visible(self.w.front_desk), {self.mine, self.theirs})

    def test_technicians_see_their_teams_agendas(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            with self.subTest(user=user):
                self.assertEqual(self.visible(user), {self.mine})

    def test_another_team_sees_only_its_own(self):
        self.assertEqual(self.visible(self.t.outsider), {self.theirs})

    def test_another_area_and_roles_without_the_agenda_see_nothing(self):
        for user in (
            self.w.other.coordinator,
            self.w.other.administrative,
            self.administrator,
        ):
            with self.subTest(user=user):
                self.assertEqual(self.visible(user), set())

    def test_the_booker_sees_what_they_booked(self):
        self.assertIn(self.theirs, self.visible(self.w.front_desk))


class PermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t

    def test_who_books_for_whom(self):
        t, w = self.t, self.w
        cases = [
            (w.front_desk, t.worker, True),
            (w.front_desk, t.outsider, True),
            (t.administrative, t.outsider, True),
            (t.worker, t.worker, True),
            (t.worker, t.teammate, False),
            (t.coordinator, t.teammate, True),
            (t.coordinator, t.outsider, False),
            (w.other.coordinator, t.worker, False),
            (w.other.administrative, t.worker, False),
        ]
        for user, target, expected in cases:
            with self.subTest(user=user, target=target):
                self.assertEqual(user_can_book_for(fresh(user), target), expected)

    def test_duty_slots_are_the_coordinators_of_the_team(self):
        self.assertTrue(user_can_set_duty_slot(self.t.coordinator, self.t.worker))
        self.assertFalse(user_can_set_duty_slot(self.t.coordinator, self.t.outsider))
        self.assertFalse(user_can_set_duty_slot(self.t.worker, self.t.worker))


class DutySlotTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t

    def slot(self, by, start=10, end=12, professional=None):
        return services.set_duty_slot(
            acting_user=by,
            professional=professional or self.t.worker,
            sector=self.t.sector,
            weekday=0,
            starts_at=at(start),
            ends_at=at(end),
        )

    def test_a_coordinator_sets_one_within_the_timetable(self):
        slot = self.slot(self.t.coordinator)
        self.assertEqual(slot.created_by, self.t.coordinator)

    def test_outside_the_timetable_or_overlapping_is_refused(self):
        from django.core.exceptions import ValidationError

        self.slot(self.t.coordinator)
        for start, end in ((13, 15), (11, 13)):
            with self.subTest(start=start), self.assertRaises(ValidationError):
                self.slot(self.t.coordinator, start, end)

    def test_nobody_else_sets_them(self):
        from casework.services.expedients import ActionNotAllowed

        for user in (self.t.worker, self.w.front_desk, self.w.other.coordinator):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                self.slot(user)


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = t = cls.w.t
        cls.monday = next_weekday(0)
        cls.person = resident(t, first_name="Martí", surname1="Queralt")
        cls.confidential = basic_case(t, cls.person, confidential=True)
        cls.secret = visit(
            cls.w,
            by=t.worker,
            on=cls.monday,
            persons=[cls.person],
            details=Details(expedient=cls.confidential),
        )
        cls.plain = visit(cls.w, on=cls.monday, start=(11, 0), end=(11, 30))
        cls.meeting = services.book_reservation(
            acting_user=t.coordinator,
            professionals=[t.worker, t.teammate],
            sector=t.sector,
            on=cls.monday,
            starts_at=at(12),
            ends_at=at(13),
            details=Details(type=AppointmentType.COORDINATION_MEETING),
        )

    def events(self, user, professionals):
        return calendar_events(
            fresh(user), professionals, self.monday, self.monday + timedelta(days=7)
        )

    def titles(self, user, professionals) -> dict:
        return {e["id"]: e["title"] for e in self.events(user, professionals)}

    def test_those_who_may_see_the_persons_read_their_names(self):
        for user in (self.t.worker, self.t.coordinator):
            with self.subTest(user=user):
                titles = self.titles(user, [self.t.worker])
                self.assertEqual(
                    titles[self.secret.pk], "Entrevista · Martí Queralt Vila"
                )

    def test_others_read_occupied(self):
        titles = self.titles(self.t.teammate, [self.t.worker])
        self.assertEqual(titles[self.secret.pk], "Ocupat")
        self.assertIn("Serra", titles[self.plain.pk])  # an ordinary visit
        events = self.events(self.t.teammate, [self.t.worker])
        self.assertNotIn("Queralt", json.dumps(events))

    def test_a_role_that_reads_no_person_record_reads_occupied(self):
        user = UserFactory(area=self.t.area)
        user.teams.add(self.t.team)
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="agenda",
                codename__in=["view_appointment", "keep_agenda"],
            )
        )
        titles = self.titles(user, [self.t.worker])
        self.assertEqual(titles[self.plain.pk], "Ocupat")
        self.assertEqual(titles[self.meeting.pk], "Reunió coordinació")

    def test_another_team_and_another_area_get_nothing(self):
        self.assertEqual(self.events(self.t.outsider, [self.t.worker]), [])
        self.assertEqual(self.events(self.w.other.coordinator, [self.t.worker]), [])

    def test_own_agenda_by_state_others_by_professional(self):
        own = self.events(self.t.worker, [self.t.worker])
        self.assertEqual(
            {e["colour"] for e in own}, {STATE_COLOURS[AppointmentState.PENDING]}
        )
        self.t.worker.calendar_colour = "#123456"
        self.t.worker.save()
        theirs = self.events(self.t.teammate, [fresh(self.t.worker)])
        self.assertEqual({e["colour"] for e in theirs}, {"#123456"})
        self.assertEqual(len(state_legend()), 6)

    def test_a_team_view_puts_a_meeting_in_each_column_shown(self):
        events = self.events(self.t.coordinator, [self.t.worker, self.t.teammate])
        meeting = next(e for e in events if e["id"] == self.meeting.pk)
        self.assertEqual(meeting["resourceIds"], [self.t.worker.pk, self.t.teammate.pk])
        self.assertTrue(meeting["extendedProps"]["reservation"])
        self.assertTrue(meeting["editable"])  # the coordinator booked it

    def test_only_what_the_user_may_change_is_editable(self):
        editable = {
            e["id"]: e["editable"]
            for e in self.events(self.t.teammate, [self.t.worker])
        }
        self.assertEqual(set(editable.values()), {False})

    def test_times_are_local_iso(self):
        event = next(
            e
            for e in self.events(self.t.worker, [self.t.worker])
            if e["id"] == self.plain.pk
        )
        self.assertEqual(event["start"], f"{self.monday.isoformat()}T11:00")
        self.assertEqual(event["end"], f"{self.monday.isoformat()}T11:30")


class FeedQueryCountTests(TestCase):
    """The week view of a team answers in the same number of queries however
    many appointments it holds."""

    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t
        cls.monday = next_weekday(0)
        cls.team = [cls.t.worker, cls.t.teammate, cls.t.coordinator]

    def book(self, day_offset: int):
        day = self.monday + timedelta(days=day_offset)
        for n, worker in enumerate(self.team):
            visit(
                self.w,
                by=self.t.coordinator,
                on=day,
                professionals=[worker],
                start=(9 + n, 0),
                end=(9 + n, 30),
            )

    def count(self, user) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            events = calendar_events(
                fresh(user), self.team, self.monday, self.monday + timedelta(days=7)
            )
        return len(queries), len(events)

    def test_constant_query_count(self):
        for user in (self.t.coordinator, self.t.teammate, self.w.front_desk):
            with self.subTest(user=user):
                self.book(0)
                few, shown = self.count(user)
                self.book(1)
                self.book(2)
                many, more = self.count(user)
                self.assertGreater(more, shown)
                self.assertEqual(few, many)
                Appointment.objects.all().delete()


class CalendarColumnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t

    def columns(self, user) -> set:
        return set(agenda_professionals(fresh(user)))

    def test_whose_agendas_each_role_sees(self):
        t, w = self.t, self.w
        team = {t.worker, t.teammate, t.coordinator, t.administrative}
        self.assertEqual(self.columns(t.worker), team)
        self.assertEqual(self.columns(t.coordinator), team)
        self.assertEqual(self.columns(t.outsider), {t.outsider, w.front_desk})
        self.assertEqual(self.columns(w.front_desk), team | {t.outsider, w.front_desk})
        self.assertEqual(self.columns(w.other.coordinator) & team, set())

    def test_duty_slots_are_background_events_of_their_weekday(self):
        services.set_duty_slot(
            acting_user=self.t.coordinator,
            professional=self.t.worker,
            sector=self.t.sector,
            weekday=0,
            starts_at=at(9),
            ends_at=at(11),
        )
        monday = next_weekday(0)
        week = (monday, monday + timedelta(days=14))
        events = duty_slot_events(fresh(self.t.teammate), [self.t.worker], *week)
        self.assertEqual(
            [e["start"] for e in events],
            [
                f"{monday.isoformat()}T09:00",
                f"{(monday + timedelta(days=7)).isoformat()}T09:00",
            ],
        )
        self.assertEqual(events[0]["display"], "background")
        self.assertEqual(
            duty_slot_events(fresh(self.t.outsider), [self.t.worker], *week), []
        )
