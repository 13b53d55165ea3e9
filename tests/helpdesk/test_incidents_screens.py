"""The incident screens: the "Suport" link on every admin screen, the new
form, the thread, My incidents, the support queue and the home panel; scope
(another professional's incident is 404) and the support desk's blindness to
personal data."""

import re
from urllib.parse import quote

from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.tabs import expedient_url
from helpdesk.enums import IncidentCategory, IncidentState
from helpdesk.incidents import services as s
from helpdesk.models import Incident
from tests.factories.casework import basic_case, resident

from .incidents_data import open_incident, png, setup_desk

NEW = reverse("helpdesk_incidents:new")
MINE = reverse("helpdesk_incidents:index")
QUEUE = reverse("helpdesk_queue:index")


def detail(incident) -> str:
    return reverse("helpdesk_incidents:detail", args=[incident.pk])


class SupportLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_desk(cls)
        cls.person = resident(cls.t, first_name="Mireia", surname1="Pons")
        cls.case = basic_case(cls.t, cls.person)

    def test_every_screen_links_to_a_new_incident_from_itself(self):
        self.client.force_login(self.t.worker)
        screens = [
            reverse("wagtailadmin_home"),
            reverse("directory_search"),
            reverse("person:edit", args=[self.person.pk]),
            expedient_url(self.case.pk),
            MINE,
        ]
        for screen in screens:
            with self.subTest(screen):
                response = self.client.get(screen + "?q=Pons")
                self.assertEqual(response.status_code, 200)
                link = f"{NEW}?from={quote(screen, safe='')}"
                self.assertContains(response, link)
                self.assertNotContains(response, f"{link}%3F")  # no query string

    def test_the_form_keeps_the_screen_path_without_its_query(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(NEW, {"from": "/admin/cercador/?q=Pons"})
        self.assertContains(response, 'value="/admin/cercador/"')
        self.assertNotContains(response, "Pons")

    def test_without_from_the_referer_is_used(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(
            NEW, headers={"referer": "http://testserver/admin/agenda/?day=1"}
        )
        self.assertContains(response, 'value="/admin/agenda/"')

    def test_a_trainee_has_no_support_form(self):
        from configuration import roles
        from tests.factories import professional

        self.client.force_login(professional(roles.ALUMNE, area=self.t.area))
        self.assertEqual(self.client.get(NEW).status_code, 404)


class NewIncidentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_desk(cls)

    def setUp(self):
        self.client.force_login(self.t.worker)

    def post(self, **data):
        values = {
            "category": IncidentCategory.MERGE_EXPEDIENTS,
            "subject": "Dos expedients",
            "description": "Són la mateixa família.",
            "screen": "/admin/casework/expedients/3/",
            "merge_expedients__keep_expedient": "SSB-1",
            "merge_expedients__merge_expedient": "SSB-2",
            "attachment": png(),
            **data,
        }
        return self.client.post(NEW, values)

    def test_a_new_incident_with_its_category_fields(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post()
        incident = Incident.objects.get()
        self.assertRedirects(response, detail(incident))
        self.assertEqual(
            incident.details,
            {"keep_expedient": "SSB-1", "merge_expedient": "SSB-2"},
        )
        self.assertEqual(incident.screen_url, "/admin/casework/expedients/3/")
        self.assertTrue(incident.messages.get().attachment)
        self.assertEqual(len(mail.outbox), 2)  # both support agents

    def test_a_missing_category_field_is_refused_on_the_form(self):
        response = self.post(merge_expedients__merge_expedient="")
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "merge_expedients__merge_expedient", response.context["form"].errors
        )
        self.assertFalse(Incident.objects.exists())

    def test_another_category_s_fields_are_ignored(self):
        self.post(category=IncidentCategory.OTHER, new_sector__municipality="Vic")
        self.assertEqual(Incident.objects.get().details, {})

    def test_a_bad_attachment_is_refused(self):
        response = self.post(attachment=png("page.html"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Incident.objects.exists())


class ThreadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_desk(cls)
        cls.incident = open_incident(cls.t.worker, attachment=png())
        cls.note = s.incident_note(
            incident=cls.incident, acting_user=cls.agent, text="Nota interna X"
        )
        cls.note_with_file = s.incident_note(
            incident=cls.incident, acting_user=cls.agent, text="", attachment=png()
        )

    def test_only_the_author_and_support_see_it(self):
        for user, status in [
            (self.t.worker, 200),
            (self.agent, 200),
            (self.t.teammate, 404),
            (self.t.coordinator, 404),
            (self.elsewhere, 404),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.get(detail(self.incident)).status_code, status
                )

    def test_internal_notes_are_for_support_only(self):
        self.client.force_login(self.t.worker)
        self.assertNotContains(self.client.get(detail(self.incident)), "Nota interna X")
        self.client.force_login(self.agent)
        self.assertContains(self.client.get(detail(self.incident)), "Nota interna X")

    def attachment(self, message):
        return reverse(
            "helpdesk_incidents:attachment", args=[self.incident.pk, message.pk]
        )

    def test_attachments_follow_the_thread_s_scope(self):
        opening = self.incident.messages.earliest("pk")
        for user, message, status in [
            (self.t.worker, opening, 200),
            (self.agent, opening, 200),
            (self.t.teammate, opening, 404),
            (self.t.worker, self.note_with_file, 404),
            (self.agent, self.note_with_file, 200),
        ]:
            with self.subTest(user=user.username, message=message.pk):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.get(self.attachment(message)).status_code, status
                )

    def test_the_professional_replies_and_support_resolves(self):
        self.client.force_login(self.agent)
        url = detail(self.incident)
        self.client.post(url, {"action": "reply", "text": "Ho mirem"})
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.state, IncidentState.UPDATED)
        self.client.force_login(self.t.worker)
        response = self.client.post(url, {"action": "reply", "text": "Gràcies"})
        self.assertRedirects(response, url)
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.state, IncidentState.OPEN)
        self.client.force_login(self.agent)
        self.client.post(url, {"action": "resolve", "text": ""})
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.state, IncidentState.RESOLVED)

    def test_a_step_not_offered_is_404_and_an_empty_reply_an_error(self):
        self.client.force_login(self.t.worker)
        url = detail(self.incident)
        for action in ("resolve", "note", "assign", "nonsense"):
            with self.subTest(action):
                response = self.client.post(url, {"action": action, "text": "x"})
                self.assertEqual(response.status_code, 404)
        response = self.client.post(url, {"action": "reply", "text": ""})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.incident.messages.filter(internal=False).count(), 1)

    def test_support_assigns(self):
        self.client.force_login(self.agent)
        self.client.post(
            detail(self.incident), {"action": "assign", "assignee": self.other_agent.pk}
        )
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.assigned_to, self.other_agent)


class SupportBlindnessTests(TestCase):
    """The support desk works incidents and sees no one's personal data."""

    @classmethod
    def setUpTestData(cls):
        setup_desk(cls)
        cls.person = resident(cls.t, first_name="Mireia", surname1="Pons")
        cls.case = basic_case(cls.t, cls.person)
        cls.incident = open_incident(
            cls.t.worker,
            screen_url=reverse("person:edit", args=[cls.person.pk]) + "?q=Pons",
        )

    def setUp(self):
        self.client.force_login(self.agent)

    def test_person_records_and_expedients_are_404(self):
        screens = [
            reverse("person:edit", args=[self.person.pk]),
            reverse("person_historial", args=[self.person.pk]),
            expedient_url(self.case.pk),
        ]
        for screen in screens:
            with self.subTest(screen):
                self.assertEqual(self.client.get(screen).status_code, 404)

    def test_the_search_desk_refuses_and_lists_nobody(self):
        # Wagtail's permission refusal (the role has no person permission):
        # back to the admin home with a message, no results rendered.
        response = self.client.get(reverse("directory_search"), {"q": "Pons"})
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        self.assertNotContains(self.client.get(response.url), "Mireia")

    def test_the_incident_shows_the_path_and_nothing_of_the_person(self):
        response = self.client.get(detail(self.incident))
        path = reverse("person:edit", args=[self.person.pk])
        self.assertContains(response, f"<code>{path}</code>")
        for text in ("Mireia", "Pons", "?q="):
            self.assertNotContains(response, text)
        self.assertNotContains(response, f'href="{self.incident.screen_url}"')


class ListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_desk(cls)

    def add(self, user, n=1, **fields):
        return [
            open_incident(user, subject=f"Incidència {i}", **fields) for i in range(n)
        ]

    def test_my_incidents_are_mine_only_and_filter_by_state(self):
        mine = self.add(self.t.worker)[0]
        self.add(self.t.teammate)
        s.incident_reply(incident=mine, acting_user=self.agent, text="Fet")
        self.client.force_login(self.t.worker)
        response = self.client.get(MINE)
        self.assertEqual(list(response.context["object_list"]), [mine])
        self.assertEqual(
            len(self.client.get(MINE, {"state": "open"}).context["object_list"]), 0
        )
        self.assertEqual(
            len(self.client.get(MINE, {"state": "updated"}).context["object_list"]), 1
        )

    def test_the_queue_is_for_support_only_and_spans_areas(self):
        self.add(self.t.worker)
        self.add(self.elsewhere)
        for user in (self.t.worker, self.t.coordinator):
            self.client.force_login(user)
            self.assertEqual(self.client.get(QUEUE).status_code, 404)
        self.client.force_login(self.agent)
        response = self.client.get(QUEUE)
        self.assertEqual(len(response.context["object_list"]), 2)
        response = self.client.get(QUEUE, {"area": self.elsewhere.area_id})
        self.assertEqual(
            [i.author for i in response.context["object_list"]], [self.elsewhere]
        )

    def test_queue_filters(self):
        first = self.add(self.t.worker, category=IncidentCategory.OTHER)[0]
        self.add(
            self.t.worker,
            category=IncidentCategory.NEW_SECTOR,
            details={"municipality": "Vic", "change": "Nou sector"},
        )
        s.incident_assign(incident=first, acting_user=self.agent, assignee=self.agent)
        self.client.force_login(self.agent)
        for query, expected in [
            ({"category": "other"}, [first]),
            ({"assigned_to": self.agent.pk}, [first]),
            ({"state": "open", "category": "other"}, [first]),
            ({"state": "resolved"}, []),
        ]:
            with self.subTest(query):
                found = self.client.get(QUEUE, query).context["object_list"]
                self.assertEqual(list(found), expected)

    def count_queries(self, url) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_listings_run_the_same_queries_for_more_rows(self):
        for user, url in [(self.t.worker, MINE), (self.agent, QUEUE)]:
            with self.subTest(url):
                self.add(self.t.worker)
                self.client.force_login(user)
                before = self.count_queries(url)
                self.add(self.t.worker, 3)
                self.add(self.elsewhere, 2)
                self.assertEqual(self.count_queries(url), before)


class HomePanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_desk(cls)

    def test_counts_updated_open_and_all(self):
        answered = open_incident(self.t.worker)
        open_incident(self.t.worker)
        open_incident(self.t.teammate)
        s.incident_reply(incident=answered, acting_user=self.agent, text="Fet")
        self.client.force_login(self.t.worker)
        response = self.client.get(reverse("wagtailadmin_home"))
        panel = response.content.decode()
        self.assertIn("Incidències", panel)
        rows = [(f"{MINE}?state=updated", 1), (f"{MINE}?state=open", 1), (MINE, 2)]
        for url, count in rows:
            with self.subTest(url):
                self.assertRegex(
                    panel, rf'href="{re.escape(url)}">[^<]+</a></td>\s*<td>{count}</td>'
                )
