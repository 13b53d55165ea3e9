"""The sidebar: one search (the desk), no publishing menus for casework."""

import re

from django.test import TestCase
from django.urls import reverse

from configuration import roles
from tests.factories import AreaFactory, professional


def sidebar(client) -> str:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    found = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    return found.group(1)


class SidebarTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=area)
        cls.coordinator = professional(roles.COORDINADOR, area=area)

    def test_the_desk_is_reached_once_from_the_sidebar(self):
        self.client.force_login(self.worker)
        props = sidebar(self.client)
        # The search box at the top is the desk; no "Search desk" item under it.
        self.assertEqual(props.count(reverse("directory_search") + '"'), 1)
        self.assertIn("wagtail.sidebar.SearchModule", props)

    def test_no_workflow_or_page_reports_for_a_coordinator(self):
        from wagtail.models import GroupPagePermission, Page

        # A coordinator edits the course pages (as the demo sets up).
        group = self.coordinator.groups.first()
        GroupPagePermission.objects.create(
            group=group, page=Page.get_first_root_node(), permission_type="change"
        )
        self.client.force_login(self.coordinator)
        props = sidebar(self.client)
        for url in ("/admin/reports/workflow/", "/admin/reports/aging-pages/"):
            self.assertNotIn(url, props)
        self.assertNotIn("/admin/workflows/", props)

    def test_workflows_are_off(self):
        from django.conf import settings

        self.assertFalse(settings.WAGTAIL_WORKFLOW_ENABLED)

    def test_each_module_takes_one_line_with_its_listings_under_it(self):
        self.client.force_login(self.coordinator)
        props = sidebar(self.client)
        for listing in (
            "casework_eaia_expedients:index",
            "casework_siad_actuacions:index",
            "casework_sad_management",
        ):
            self.assertIn(reverse(listing), props)
        # One submenu per module, named by its acronym, holding its listings.
        for label in ("SAD", "SIAD", "EAIA"):
            self.assertEqual(props.count(f'"label": "{label}"'), 1, label)
        self.client.force_login(self.worker)
        props = sidebar(self.client)
        self.assertNotIn('"label": "EAIA"', props)
        self.assertNotIn(reverse("casework_eaia_expedients:index"), props)
