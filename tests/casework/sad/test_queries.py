"""The SAD manager's readings and the home-care alerts: scope (who sees which
home-care expedient), the queue of events waiting for a decision, the
services in force with their weekly hours per sector and team, and the
alerts of events waiting over 7 days and services suspended over 90 days."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Expedient, HomeCareCase, HomeCareEvent
from casework.modules.sad import alerts, queries
from casework.modules.sad.enums import HomeCareEventKind as Kind
from configuration import roles
from tests.factories import TeamFactory, professional
from tests.factories.casework import basic_case, resident

from .world import (
    SadTestCase,
    World,
    approved,
    characteristics,
    member,
    open_case,
    pre_assign,
    propose,
    world,
)

TODAY = date.today()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def another_case(w: World, *, team=None, hours=Decimal(5), running=True):
    """Another person of the area with a home-care service (started if `running`)."""
    person = resident(w.t, first_name="Pere")
    ssb = basic_case(w.t, person, reference_team=team)
    pre_assign(w.t, ssb, person)
    case = open_home_care_for(w, person, on=days_ago(200))
    if running:
        approved(
            w,
            case,
            Kind.START,
            on=days_ago(150),
            characteristics=characteristics(w, weekly_hours=hours),
        )
    return case


def open_home_care_for(w: World, person, *, on):
    from casework.modules.sad.services import open_home_care_expedient

    return open_home_care_expedient(by=w.t.worker, person=person, on=on)


def backdate(event: HomeCareEvent, days: int) -> None:
    when = timezone.now() - timedelta(days=days)
    HomeCareEvent.objects.filter(pk=event.pk).update(proposed_at=when)


class ScopeTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.case = open_case(cls.w)

    def sees(self, user) -> bool:
        return HomeCareCase.objects.visible_to(user).filter(pk=self.case.pk).exists()

    def test_who_sees_a_home_care_expedient(self):
        t = self.w.t
        family_worker = member(roles.TREBALLADOR_FAMILIAR, t)
        for user, expected in (
            (t.worker, True),  # the reference professional
            (t.teammate, True),  # TS/ES of the same team
            (self.w.manager, True),
            (t.coordinator, True),
            (family_worker, True),
            (t.outsider, False),  # TS/ES of another sector
            (t.administrative, False),  # no home-care right
            (professional(roles.TECNIC_SIAD, area=t.area), False),
            (world().manager, False),  # another area
        ):
            with self.subTest(user=user.username):
                self.assertEqual(self.sees(user), expected)

    def test_ssb_visibility_is_unchanged(self):
        self.assertFalse(
            Expedient.objects.visible_to(self.w.t.administrative)
            .filter(pk=self.case.pk)
            .exists()
        )
        self.assertTrue(
            Expedient.objects.visible_to(self.w.t.administrative)
            .filter(pk=self.w.ssb.pk)
            .exists()
        )


class QueueTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.case = open_case(cls.w, on=days_ago(30))

    def test_the_queue_lists_pending_events_oldest_first(self):
        newer_case = another_case(self.w, running=True)
        older = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        backdate(older, 3)
        newer = propose(self.w, newer_case, Kind.SUSPENSION)
        self.assertEqual(
            list(queries.events_awaiting_decision(self.w.manager)), [older, newer]
        )
        self.assertEqual(
            list(queries.events_awaiting_decision(self.w.t.coordinator)),
            [older, newer],
        )

    def test_only_deciders_in_scope_get_a_queue(self):
        propose(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        for user in (self.w.t.worker, world().manager):
            with self.subTest(user=user.username):
                self.assertEqual(list(queries.events_awaiting_decision(user)), [])

    def test_decided_events_leave_the_queue(self):
        approved(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        self.assertEqual(list(queries.events_awaiting_decision(self.w.manager)), [])

    def test_the_queue_takes_the_same_queries_however_long(self):
        def read():
            with CaptureQueriesContext(connection) as captured:
                for event in queries.events_awaiting_decision(self.w.manager):
                    shown = [str(event.case.sector), event.proposed_by]
                    shown += [link.person for link in event.case.main_links]
            return len(captured)

        propose(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        read()  # the manager's permissions are read once, then cached
        few = read()
        for _ in range(3):
            propose(self.w, another_case(self.w), Kind.SUSPENSION)
        self.assertEqual(len(queries.events_awaiting_decision(self.w.manager)), 4)
        self.assertEqual(read(), few)


class ServicesInForceTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.team = TeamFactory(area=cls.w.t.area, name="Equip de gent gran")

    def test_running_services_and_their_hours_per_sector_and_team(self):
        a = another_case(self.w, hours=Decimal(4))
        b = another_case(self.w, hours=Decimal("2.5"), team=self.team)
        c = another_case(self.w, hours=Decimal(3), team=self.team)
        suspended = another_case(self.w, hours=Decimal(7))
        approved(self.w, suspended, Kind.SUSPENSION, on=TODAY)
        another_case(self.w, running=False)  # information gathering only
        self.assertEqual(set(queries.services_in_force(self.w.manager)), {a, b, c})
        rows = list(queries.weekly_hours_by_sector_and_team(self.w.manager))
        sector = self.w.t.sector
        self.assertEqual(
            rows,
            [
                {
                    "sector": sector.pk,
                    "reference_team": self.team.pk,
                    "sector_name": sector.municipality.name,
                    "team_name": self.team.name,
                    "services": 2,
                    "hours": Decimal("5.5"),
                },
                {
                    "sector": sector.pk,
                    "reference_team": None,
                    "sector_name": sector.municipality.name,
                    "team_name": None,
                    "services": 1,
                    "hours": Decimal(4),
                },
            ],
        )
        self.assertEqual(list(queries.services_suspended(self.w.manager)), [suspended])

    def test_other_areas_see_none(self):
        another_case(self.w)
        self.assertEqual(list(queries.services_in_force(world().manager)), [])
        self.assertEqual(
            list(queries.weekly_hours_by_sector_and_team(world().manager)), []
        )

    def test_the_listing_takes_the_same_queries_however_long(self):
        def read():
            with CaptureQueriesContext(connection) as captured:
                for case in queries.services_in_force(self.w.manager):
                    shown = [case.definition_in_force.weekly_hours, str(case.sector)]
                    shown += [case.event_in_force.kind, case.reference_professional]
                    shown += [link.person for link in case.main_links]
                list(queries.weekly_hours_by_sector_and_team(self.w.manager))
            return len(captured)

        another_case(self.w)
        read()  # the manager's permissions are read once, then cached
        few = read()
        for _ in range(3):
            another_case(self.w, team=self.team)
        self.assertEqual(read(), few)


class AlertTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()

    def test_events_waiting_more_than_seven_days(self):
        waiting = propose(self.w, another_case(self.w), Kind.SUSPENSION)
        recent = propose(self.w, another_case(self.w), Kind.SUSPENSION)
        backdate(waiting, 8)
        backdate(recent, 7)
        self.assertEqual(
            list(alerts.events_waiting_too_long_for(self.w.manager)), [waiting]
        )
        self.assertEqual(list(alerts.events_waiting_too_long_for(self.w.t.worker)), [])
        self.assertEqual(list(alerts.events_waiting_too_long_for(world().manager)), [])

    def test_services_suspended_more_than_ninety_days(self):
        long = another_case(self.w)
        approved(self.w, long, Kind.SUSPENSION, on=days_ago(91))
        short = another_case(self.w)
        approved(self.w, short, Kind.SUSPENSION, on=days_ago(90))
        resumed = another_case(self.w)
        approved(self.w, resumed, Kind.SUSPENSION, on=days_ago(100))
        approved(self.w, resumed, Kind.RESUMPTION, on=days_ago(95))
        self.assertEqual(
            list(alerts.services_suspended_too_long_for(self.w.manager)), [long]
        )

    def test_the_alert_kinds_take_an_expedient_scope(self):
        case = another_case(self.w)
        approved(self.w, case, Kind.SUSPENSION, on=days_ago(120))
        found = alerts.services_suspended_too_long([case.pk], today=TODAY)
        self.assertEqual(list(found), [case])
        self.assertEqual(list(alerts.services_suspended_too_long([], today=TODAY)), [])
        later = alerts.services_suspended_too_long([case.pk], today=days_ago(40))
        self.assertEqual(list(later), [])
