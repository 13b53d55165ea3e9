"""The Agenda screen and its JSON: who reaches whose agenda (front desk,
technician, coordinator, another team, another area), "Occupied" for those
who may not see the person, the query count, the legend and the drag to
reschedule through the booking service."""

import json
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.enums import AppointmentType
from agenda.models import Appointment
from agenda.services import Details
from tests.factories.casework import basic_case, resident

from .agenda_data import visit
from .screen_data import AgendaScreenTestCase, BookedTestCase


def events_url(monday, **query) -> str:
    end = monday + timedelta(days=7)
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return f"{reverse('agenda_events')}?start={monday}T00:00:00&end={end}&{params}"


class CalendarScreenTests(AgendaScreenTestCase):
    def get(self, user, **query):
        self.client.force_login(user)
        return self.client.get(reverse("agenda"), query)

    def test_it_draws_the_self_hosted_calendar_without_inline_script(self):
        response = self.get(self.t.worker)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "agenda/vendor/fullcalendar/index.global.min.js")
        self.assertContains(response, "locales/ca.global.min.js")
        self.assertContains(response, "data-agenda-calendar")
        self.assertContains(response, "Pendent")  # the legend of one's own agenda

    def test_the_menu_offers_the_agenda(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, reverse("agenda"))

    def test_others_agendas_are_coloured_by_professional(self):
        response = self.get(self.t.teammate, professional=self.t.worker.pk)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.t.worker.calendar_colour)
        self.assertContains(response, "Professionals")  # the legend's heading

    def test_who_reaches_whose_agenda(self):
        worker = self.t.worker.pk
        cases = [
            (self.w.front_desk, {"professional": worker}, 200),
            (self.t.coordinator, {"professional": worker}, 200),
            (self.t.teammate, {"professional": worker}, 200),
            (self.t.coordinator, {"team": self.t.team.pk}, 200),
            (self.w.front_desk, {"team": self.t.team.pk}, 200),
            (self.t.outsider, {"professional": worker}, 404),
            (self.t.outsider, {"team": self.t.team.pk}, 404),
            (self.w.other.coordinator, {"professional": worker}, 404),
            (self.w.other.coordinator, {"team": self.t.team.pk}, 404),
            (self.t.worker, {"professional": "abc"}, 404),
        ]
        for user, query, status in cases:
            with self.subTest(user=user, query=query):
                self.assertEqual(self.get(user, **query).status_code, status)


class EventsEndpointTests(AgendaScreenTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.t
        cls.person = resident(t, first_name="Martí", surname1="Queralt")
        confidential = basic_case(t, cls.person, confidential=True)
        cls.secret = visit(
            cls.w,
            by=t.worker,
            on=cls.monday,
            persons=[cls.person],
            details=Details(expedient=confidential),
        )

    def events(self, user, **query):
        self.client.force_login(user)
        response = self.client.get(events_url(self.monday, **query))
        return response

    def test_those_who_may_see_the_person_read_the_name(self):
        response = self.events(self.t.worker)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Queralt", response.content.decode())

    def test_others_read_occupied(self):
        response = self.events(self.t.teammate, professional=self.t.worker.pk)
        body = response.json()
        self.assertEqual(body[0]["title"], "Ocupat")
        self.assertNotIn("Queralt", response.content.decode())

    def test_out_of_reach_is_404_and_bad_dates_400(self):
        self.assertEqual(
            self.events(self.t.outsider, professional=self.t.worker.pk).status_code,
            404,
        )
        self.assertEqual(
            self.events(
                self.w.other.coordinator, professional=self.t.worker.pk
            ).status_code,
            404,
        )
        self.client.force_login(self.t.worker)
        response = self.client.get(reverse("agenda_events") + "?start=x&end=y")
        self.assertEqual(response.status_code, 400)

    def test_a_team_sharing_one_colour_is_told_apart_in_the_legend_and_events(self):
        team = [self.t.worker, self.t.teammate, self.t.coordinator]
        for n, who in enumerate(team):
            who.calendar_colour = "#0B6E4F"  # all on the default
            who.save(update_fields=["calendar_colour"])
            visit(
                self.w,
                by=self.t.coordinator,
                on=self.monday + timedelta(days=1),
                professionals=[who],
                start=(9 + n, 0),
                end=(9 + n, 30),
            )
        self.client.force_login(self.t.coordinator)
        page = self.client.get(reverse("agenda"), {"team": self.t.team.pk})
        legend = {row["label"]: row["colour"] for row in page.context["legend"]}
        self.assertEqual(len(set(legend.values())), len(legend))
        events = self.events(self.t.coordinator, team=self.t.team.pk).json()
        for event in events:
            (who,) = [p for p in team if p.pk == event["resourceIds"][0]]
            self.assertEqual(event["backgroundColor"], legend[str(who)])

    def test_constant_query_count(self):
        user = self.t.coordinator
        self.client.force_login(user)
        url = events_url(self.monday, team=self.t.team.pk)
        self.client.get(url)  # warm the session and permission caches
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(self.client.get(url).json()), 1)
        for n, who in enumerate([self.t.worker, self.t.teammate, self.t.coordinator]):
            for day in (1, 2):
                visit(
                    self.w,
                    by=user,
                    on=self.monday + timedelta(days=day),
                    professionals=[who],
                    start=(9 + n, 0),
                    end=(9 + n, 30),
                )
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(len(self.client.get(url).json()), 7)
        self.assertEqual(len(few), len(many))


class MoveTests(BookedTestCase):
    def move(self, user, **data):
        self.client.force_login(user)
        url = reverse("agenda_move", args=[self.appointment.pk])
        return self.client.post(url, data)

    def test_a_move_within_the_rules_reschedules(self):
        tuesday = self.monday + timedelta(days=1)
        response = self.move(
            self.w.front_desk, date=tuesday.isoformat(), start="11:00", end="11:30"
        )
        self.assertEqual(response.status_code, 200)
        self.appointment.refresh_from_db()
        self.assertEqual(self.appointment.date, tuesday)
        self.assertEqual(f"{self.appointment.starts_at:%H:%M}", "11:00")

    def test_a_move_out_of_the_timetable_is_refused_with_the_clash(self):
        response = self.move(
            self.w.front_desk, date=self.monday.isoformat(), start="16:00", end="16:30"
        )
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertFalse(body["overridable"])
        self.assertIn("16:00", body["messages"][0])
        self.appointment.refresh_from_db()
        self.assertEqual(f"{self.appointment.starts_at:%H:%M}", "10:00")

    def test_a_coordinator_may_confirm_and_it_is_recorded(self):
        from auditlog.models import LogEntry

        data = {"date": self.monday.isoformat(), "start": "16:00", "end": "16:30"}
        refused = self.move(self.t.coordinator, **data)
        self.assertTrue(refused.json()["overridable"])
        response = self.move(self.t.coordinator, override="1", **data)
        self.assertEqual(response.status_code, 200)
        entries = LogEntry.objects.filter(object_pk=str(self.appointment.pk))
        self.assertTrue(
            any(
                (e.additional_data or {}).get("event") == "agenda_override"
                for e in entries
            )
        )

    def test_a_stale_version_is_refused(self):
        data = {"date": self.monday.isoformat(), "start": "11:00", "end": "11:30"}
        response = self.move(self.w.front_desk, version=0, **data)
        self.assertEqual(response.status_code, 409)

    def test_those_who_may_not_change_it_get_refused_or_404(self):
        data = {"date": self.monday.isoformat(), "start": "11:00", "end": "11:30"}
        self.assertEqual(self.move(self.t.teammate, **data).status_code, 409)
        self.assertEqual(self.move(self.t.outsider, **data).status_code, 404)
        self.assertEqual(self.move(self.w.other.coordinator, **data).status_code, 404)

    def test_a_reservation_of_a_team_shows_its_type(self):
        from agenda import services

        services.book_reservation(
            acting_user=self.t.coordinator,
            professionals=[self.t.worker, self.t.teammate],
            sector=self.t.sector,
            on=self.monday,
            starts_at=self.appointment.ends_at,
            ends_at=self.appointment.ends_at.replace(hour=12),
            details=Details(type=AppointmentType.COORDINATION_MEETING),
        )
        self.client.force_login(self.t.teammate)
        body = self.client.get(events_url(self.monday, team=self.t.team.pk)).json()
        titles = [e.get("title") for e in body]
        self.assertIn("Reunió coordinació", titles)
        self.assertEqual(Appointment.objects.count(), 2)
        self.assertNotIn("Queralt", json.dumps(body))
