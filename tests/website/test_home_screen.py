"""The admin home and its menus as a professional meets them: the search box
goes to the search desk, Help leads to the training course instead of Wagtail's
editor material, and Suport has its own life-buoy icon."""

import json
import re

from django.test import TestCase
from django.urls import reverse

from configuration import roles
from helpdesk.enums import IncidentState
from tests.factories import english_ui, professional
from tests.factories.casework import territory
from tests.helpdesk.incidents_data import open_incident
from website.home.models import HomePage
from website.learning.models import CoursePage

HOME = reverse("wagtailadmin_home")
COURSE = reverse("learning_course")


def sidebar_items(response) -> dict:
    """The admin sidebar's menu items by name (Wagtail renders them from JSON)."""
    props = re.search(
        r'<script[^>]*id="wagtail-sidebar-props"[^>]*>(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    found = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("_type", "").endswith("MenuItem") and node.get("_args"):
                args = node["_args"][0]
                found[args.get("name")] = args
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return found


class HomeScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.agent = professional(roles.SUPORT, area=None)
        english_ui(cls.t.worker, cls.agent)

    def test_the_search_box_searches_persons_on_the_desk(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(HOME)
        self.assertContains(response, f'action="{reverse("directory_search")}"')
        self.assertContains(response, 'name="q"')
        self.assertNotRegex(response.content.decode(), r'action="/admin/pages/')

    def test_no_search_box_for_who_may_not_see_persons(self):
        self.client.force_login(self.agent)
        response = self.client.get(HOME)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, reverse("directory_search"))
        self.assertNotContains(response, 'role="search"')

    def test_no_wagtail_editor_guide_anywhere_on_the_home(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(HOME)
        self.assertNotContains(response, "editor guide")
        items = sidebar_items(response)
        self.assertNotIn("editor-guide", items)
        self.assertFalse([name for name in items if name.startswith("whats-new")])

    def test_suport_has_the_life_buoy(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(HOME)
        self.assertEqual(sidebar_items(response)["suport"]["icon_name"], "lifebuoy")
        sprite = self.client.get(reverse("wagtailadmin_sprite"))
        self.assertContains(sprite, 'id="icon-lifebuoy"')

    def test_the_incidents_panel_counts_by_state(self):
        open_incident(self.t.worker)
        open_incident(self.t.worker, subject="Una altra")
        self.client.force_login(self.t.worker)
        panel = self.client.get(HOME).content.decode()
        mine = reverse("helpdesk_incidents:index")
        self.assertRegex(
            panel,
            rf'href="{re.escape(mine)}\?state={IncidentState.OPEN}">Open</a></td>'
            r"\s*<td>2</td>",
        )
        self.assertIn(reverse("helpdesk_incidents:new"), panel)


class TrainingCourseHelpTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()

    def test_without_a_course_there_is_no_course_item_and_the_link_is_404(self):
        self.client.force_login(self.t.worker)
        self.assertNotIn("training-course", sidebar_items(self.client.get(HOME)).keys())
        self.assertEqual(self.client.get(COURSE).status_code, 404)

    def test_help_leads_to_the_live_course(self):
        home = HomePage.objects.get(depth=2)
        course = home.add_child(
            instance=CoursePage(title="Curs", slug="curs", intro="<p>Benvinguts</p>")
        )
        self.client.force_login(self.t.worker)
        item = sidebar_items(self.client.get(HOME))["training-course"]
        self.assertEqual(item["url"], COURSE)
        response = self.client.get(COURSE)
        self.assertRedirects(response, course.url, fetch_redirect_response=False)
        course.unpublish()
        self.assertEqual(self.client.get(COURSE).status_code, 404)


class SupportDeskPanelTests(TestCase):
    """The support desk's home shows its queue, not "my incidents"."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.agent = professional(roles.SUPORT, area=None)
        english_ui(cls.agent)

    def test_the_queue_counts_agree_with_the_lists_they_link_to(self):
        from helpdesk.incidents import services as s

        waiting = open_incident(self.t.worker)
        open_incident(self.t.teammate, subject="Una altra")
        answered = open_incident(self.t.worker, subject="Resposta")
        s.incident_reply(incident=answered, acting_user=self.agent, text="Fet")
        s.incident_assign(incident=waiting, assignee=self.agent, acting_user=self.agent)
        self.client.force_login(self.agent)
        panel = self.client.get(HOME).content.decode()
        queue = reverse("helpdesk_queue:index")
        rows = {
            f"{queue}?state={IncidentState.OPEN}": 2,
            f"{queue}?state={IncidentState.UPDATED}": 1,
            f"{queue}?assigned_to={self.agent.pk}": 1,
        }
        for url, count in rows.items():
            with self.subTest(url):
                self.assertRegex(
                    panel, rf'href="{re.escape(url)}">[^<]+</a></td>\s*<td>{count}</td>'
                )
                listed = self.client.get(url).context["object_list"]
                self.assertEqual(len(listed), count)
        self.assertNotIn(reverse("helpdesk_incidents:new"), panel)


class SidebarSearchTests(TestCase):
    """The sidebar's search box searches persons on the desk."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.agent = professional(roles.SUPORT, area=None)

    def search_module_url(self, user):
        self.client.force_login(user)
        html = self.client.get(HOME).content.decode()
        found = re.search(r'"wagtail.sidebar.SearchModule", "_args": \["([^"]*)"', html)
        return found.group(1) if found else None

    def test_it_goes_to_the_desk_for_whoever_sees_persons(self):
        for user in (self.t.worker, self.t.coordinator):
            with self.subTest(user.username):
                self.assertEqual(
                    self.search_module_url(user), reverse("directory_search")
                )

    def test_the_support_desk_has_no_person_search(self):
        self.assertNotEqual(
            self.search_module_url(self.agent), reverse("directory_search")
        )
