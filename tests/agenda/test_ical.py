"""The private calendar link: made and revoked by the professional on their
account, the feed valid RFC 5545 with times and "Cita", never a person's name
or any other personal data; a revoked or unknown link answers 404."""

from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse
from icalendar import Calendar

from agenda import services
from agenda.models import CalendarFeed
from agenda.services import Details
from agenda.services.calendar_feed import (
    calendar_feed_create,
    calendar_feed_revoke,
    token_digest,
)
from casework.services.expedients import ActionNotAllowed
from configuration import roles
from tests.factories import professional
from tests.factories.casework import basic_case, resident

from .agenda_data import visit, world
from .visits_data import held_visit, team_meeting

LINK_URL = reverse("agenda_calendar_link")


def feed_path(token: str) -> str:
    return reverse("agenda_calendar_feed", args=[token])


class CalendarFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = w = world()
        cls.t = t = w.t
        cls.person = resident(
            t,
            first_name="Martí",
            surname1="Queralt",
            surname2="Rovira",
            phone1="600111222",
        )
        cls.case = basic_case(t, cls.person)
        cls.next = visit(
            w,
            by=t.worker,
            persons=[cls.person],
            details=Details(expedient=cls.case, observations="Parlar del lloguer"),
        )
        cls.held = held_visit(w, cls.person)
        cls.cancelled = visit(w, persons=[cls.person], start=(12, 0), end=(12, 30))
        services.cancel(appointment=cls.cancelled, acting_user=w.front_desk)
        cls.meeting = team_meeting(w)
        cls.elsewhere = visit(
            w, professionals=[t.outsider], sector=t.other_sector, persons=[cls.person]
        )

    def feed(self, token: str):
        self.client.logout()
        return self.client.get(feed_path(token))

    def test_the_feed_lists_times_and_appointment_never_personal_data(self):
        token = calendar_feed_create(acting_user=self.t.worker)
        response = self.feed(token)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        body = response.content.decode()
        for private in (
            "Martí",
            "Queralt",
            "Rovira",
            "600111222",
            "lloguer",
            self.case.number,
        ):
            self.assertNotIn(private, body)
        calendar = Calendar.from_ical(response.content)
        events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        self.assertEqual(
            set(events),
            {
                f"appointment-{self.next.pk}@llar",
                f"appointment-{self.held.pk}@llar",
                f"appointment-{self.meeting.pk}@llar",
            },
        )  # not the cancelled one, nor another professional's
        visit_event = events[f"appointment-{self.next.pk}@llar"]
        self.assertEqual(str(visit_event["summary"]), "Cita")
        start = visit_event.decoded("dtstart")
        self.assertEqual(
            (start.date(), start.hour, start.minute), (self.next.date, 10, 0)
        )
        self.assertEqual(str(start.tzinfo), "Europe/Madrid")
        meeting = events[f"appointment-{self.meeting.pk}@llar"]
        self.assertEqual(str(meeting["summary"]), "Reunió coordinació")
        self.assertTrue(calendar.walk("VTIMEZONE"))

    def test_only_the_digest_is_stored_and_a_new_link_replaces_the_old(self):
        first = calendar_feed_create(acting_user=self.t.worker)
        stored = CalendarFeed.objects.get(professional=self.t.worker)
        self.assertEqual(stored.token_hash, token_digest(first))
        self.assertNotIn(first, stored.token_hash)
        second = calendar_feed_create(acting_user=self.t.worker)
        self.assertEqual(self.feed(first).status_code, 404)
        self.assertEqual(self.feed(second).status_code, 200)

    def test_a_revoked_unknown_or_bad_link_is_404(self):
        token = calendar_feed_create(acting_user=self.t.worker)
        self.assertTrue(calendar_feed_revoke(acting_user=self.t.worker))
        self.assertEqual(self.feed(token).status_code, 404)
        self.assertEqual(self.feed("not-a-token").status_code, 404)
        self.assertEqual(self.feed("x" * 300).status_code, 404)
        self.assertFalse(calendar_feed_revoke(acting_user=self.t.worker))

    def test_a_deactivated_professional_link_is_404(self):
        token = calendar_feed_create(acting_user=self.t.teammate)
        self.t.teammate.is_active = False
        self.t.teammate.save(update_fields=["is_active"])
        self.assertEqual(self.feed(token).status_code, 404)

    def test_roles_without_an_agenda_have_no_link(self):
        for role in (roles.SUPORT, roles.ALUMNE):
            user = professional(
                role, area=None if role == roles.SUPORT else self.t.area
            )
            with self.subTest(role=role):
                with self.assertRaises(ActionNotAllowed):
                    calendar_feed_create(acting_user=user)
                self.client.force_login(user)
                self.assertEqual(self.client.get(LINK_URL).status_code, 404)

    def test_the_account_screen_makes_shows_once_and_revokes(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(LINK_URL)
        self.assertContains(response, "No teniu cap enllaç.")
        response = self.client.post(LINK_URL, {"action": "create"})
        self.assertEqual(response.status_code, 200)
        url = response.context["url"]
        token = url.rsplit("/", 1)[1].removesuffix(".ics")
        self.assertEqual(self.feed(token).status_code, 200)
        self.client.force_login(self.t.worker)
        response = self.client.get(LINK_URL)
        self.assertNotContains(response, token)  # shown once only
        self.client.post(LINK_URL, {"action": "revoke"})
        self.assertEqual(self.feed(token).status_code, 404)
        self.assertTrue(
            LogEntry.objects.filter(
                content_type__model="calendarfeed", action=LogEntry.Action.DELETE
            ).exists()
        )
        entries = LogEntry.objects.filter(content_type__model="calendarfeed")
        self.assertFalse(any(token_digest(token) in str(e.changes) for e in entries))

    def test_the_account_menu_offers_it_to_agenda_keepers(self):
        self.client.force_login(self.t.worker)
        self.assertContains(self.client.get(reverse("wagtailadmin_account")), LINK_URL)
