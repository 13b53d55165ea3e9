"""Role × action table of the configuration screens, cell by cell.

200: allowed. 302: the row is in scope but the role may not do this (Wagtail
redirects to the admin home with a message). 404: out of scope — another area's
row, or a role with no right on the model at all, which must not learn it exists.
The README's roles table states the same rules.
"""

from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.models import AreaSettings
from tests.factories import (
    AreaFactory,
    SectorFactory,
    SubsectorFactory,
    TeamFactory,
    UserFactory,
    WorkScheduleFactory,
    professional,
)

SCREENS = (
    "wagtailusers_users",
    "team",
    "sector",
    "subsector",
    "workschedule",
    "areasettings",
    "area",
    "localbody",
)
ADMIN, COORD = roles.ADMINISTRADOR.key, roles.COORDINADOR.key
# (screen, action) -> roles allowed; anything else is refused (302 or 404).
ALLOWED = {
    ("wagtailusers_users", "list"): {ADMIN, COORD},
    ("wagtailusers_users", "add"): {ADMIN},
    ("wagtailusers_users", "edit"): {ADMIN, COORD},
    ("team", "list"): {ADMIN, COORD},
    ("team", "add"): {ADMIN},
    ("team", "edit"): {ADMIN, COORD},
    ("sector", "list"): {ADMIN, COORD},
    ("subsector", "list"): {ADMIN, COORD},
    ("subsector", "add"): {ADMIN},
    ("subsector", "edit"): {ADMIN},
    ("workschedule", "list"): {ADMIN, COORD},
    ("workschedule", "add"): {ADMIN, COORD},
    ("workschedule", "edit"): {ADMIN, COORD},
    ("areasettings", "list"): {ADMIN, COORD},
    ("areasettings", "edit"): {ADMIN, COORD},
}
# Roles that can see a screen's rows get 302 when refused an edit; others get 404.
SEES_ROWS = {
    "wagtailusers_users": {ADMIN, COORD},
    "team": {ADMIN, COORD},
    "sector": {ADMIN, COORD},
    "subsector": {ADMIN, COORD},
    "workschedule": {ADMIN, COORD},
    "areasettings": {ADMIN, COORD},
    "area": set(),
    "localbody": set(),
}


def expected(role_key: str, screen: str, action: str) -> int:
    if role_key in ALLOWED.get((screen, action), set()):
        return 200
    if action == "edit" and role_key not in SEES_ROWS[screen]:
        return 404
    return 302


def build_area_objects(area):
    team = TeamFactory(area=area)
    sector = SectorFactory(area=area)
    target = professional(roles.TECNIC, area=area)
    target.teams.add(team)
    return {
        "wagtailusers_users": target,
        "team": team,
        "sector": sector,
        "subsector": SubsectorFactory(sector=sector),
        "workschedule": WorkScheduleFactory(professional=target, sector=sector),
        "areasettings": AreaSettings.objects.create(area=area),
        "area": area,
        "localbody": area.local_body,
    }


class ConfigurationPermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.other_area = AreaFactory()
        cls.users = {
            role.key: professional(role, area=cls.area) for role in roles.ROLES
        }
        cls.own = build_area_objects(cls.area)
        cls.foreign = build_area_objects(cls.other_area)

    def url(self, screen, action, obj=None):
        names = {"list": "index", "add": "add", "edit": "edit"}
        args = [obj.pk] if obj is not None else []
        return reverse(f"{screen}:{names[action]}", args=args)

    def status(self, user, url):
        self.client.force_login(user)
        response = self.client.get(url)
        if response.status_code == 302:
            self.assertEqual(response.url, reverse("wagtailadmin_home"), url)
        return response.status_code

    def test_every_role_on_every_screen_in_the_same_area(self):
        for role_key, user in self.users.items():
            for screen in SCREENS:
                for action in ("list", "add", "edit"):
                    obj = self.own[screen] if action == "edit" else None
                    with self.subTest(role=role_key, screen=screen, action=action):
                        self.assertEqual(
                            self.status(user, self.url(screen, action, obj)),
                            expected(role_key, screen, action),
                        )

    def test_another_areas_rows_answer_404_to_every_role(self):
        for role_key, user in self.users.items():
            for screen in SCREENS:
                with self.subTest(role=role_key, screen=screen):
                    url = self.url(screen, "edit", self.foreign[screen])
                    self.assertEqual(self.status(user, url), 404)

    def test_history_and_delete_of_another_areas_rows_answer_404(self):
        coordinator = self.users[COORD]
        self.client.force_login(coordinator)
        for screen in ("wagtailusers_users", "team", "subsector", "workschedule"):
            for view in ("history", "delete"):
                with self.subTest(screen=screen, view=view):
                    url = reverse(f"{screen}:{view}", args=[self.foreign[screen].pk])
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_superuser_reaches_every_area(self):
        superuser = UserFactory(is_superuser=True, area=None)
        for screen in SCREENS:
            with self.subTest(screen=screen):
                url = self.url(screen, "edit", self.foreign[screen])
                self.assertEqual(self.status(superuser, url), 200)

    def test_listings_never_show_another_areas_rows(self):
        self.client.force_login(self.users[ADMIN])
        response = self.client.get(reverse("team:index"))
        self.assertContains(response, self.own["team"].name)
        self.assertNotContains(response, self.foreign["team"].name)
        export = self.client.get(reverse("team:index") + "?export=csv")
        content = b"".join(export.streaming_content).decode()
        self.assertIn(self.own["team"].name, content)
        self.assertNotIn(self.foreign["team"].name, content)

    def test_deregistering_by_role(self):
        for role_key, user in self.users.items():
            target = professional(roles.TECNIC, area=self.area)
            self.client.force_login(user)
            url = reverse("wagtailusers_users:deregister", args=[target.pk])
            with self.subTest(role=role_key):
                code = self.client.post(url).status_code
                self.assertEqual(code, 302 if role_key in (ADMIN, COORD) else 404)
                target.refresh_from_db()
                self.assertEqual(target.is_active, role_key not in (ADMIN, COORD))


class ProfessionalBulkActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.colleague = professional(roles.TECNIC, area=cls.area)
        cls.outsider = professional(roles.TECNIC)

    def bulk_url(self, action, *users):
        ids = "&".join(f"id={user.pk}" for user in users)
        url = reverse("wagtail_bulk_action", args=["configuration", "user", action])
        return f"{url}?{ids}"

    def test_another_areas_professional_answers_404(self):
        self.client.force_login(self.coordinator)
        for action in ("assign_role", "set_active_state", "delete"):
            with self.subTest(action=action):
                response = self.client.get(self.bulk_url(action, self.outsider))
                self.assertEqual(response.status_code, 404)
                mixed = self.bulk_url(action, self.colleague, self.outsider)
                self.assertEqual(self.client.get(mixed).status_code, 404)

    def test_the_role_choices_leave_out_administrator(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.bulk_url("assign_role", self.colleague))
        self.assertEqual(response.status_code, 200)
        names = {
            str(choice) for choice in response.context["form"].fields["role"].queryset
        }
        self.assertIn(roles.TECNIC.name, names)
        self.assertNotIn(roles.ADMINISTRADOR.name, names)


class ListingQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)

    def add_rows(self, count):
        for _ in range(count):
            team = TeamFactory(area=self.area)
            team.sectors.add(SectorFactory(area=self.area))
            member = professional(roles.TECNIC, area=self.area)
            member.teams.add(team)

    def count_queries(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.coordinator)
        self.client.get(url)  # warm caches (content types, permissions)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_professionals_and_teams_listings_do_not_grow_with_rows(self):
        for name in ("wagtailusers_users:index", "team:index", "subsector:index"):
            with self.subTest(listing=name):
                url = reverse(name)
                self.add_rows(2)
                few = self.count_queries(url)
                self.add_rows(15)
                self.assertEqual(self.count_queries(url), few)


class UnscopedWagtailScreensTests(TestCase):
    def test_site_history_is_for_superusers_only(self):
        area = AreaFactory()
        TeamFactory(name="Equip d'una altra àrea")
        url = reverse("wagtailadmin_reports:site_history")
        self.client.force_login(professional(roles.COORDINADOR, area=area))
        self.assertEqual(self.client.get(url).status_code, 404)
        results = reverse("wagtailadmin_reports:site_history_results")
        self.assertEqual(self.client.get(results).status_code, 404)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(home, url)
        self.client.force_login(UserFactory(is_superuser=True, area=None))
        self.assertEqual(self.client.get(url).status_code, 200)


class ProfessionalChooserTests(TestCase):
    """The chooser modal (the widget other forms will use to pick a professional)."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.colleague = professional(roles.TECNIC, area=cls.area, last_name="Colleague")
        cls.former = professional(
            roles.TECNIC, area=cls.area, last_name="Former", is_active=False
        )
        cls.outsider = professional(roles.TECNIC, last_name="Outsider")

    def setUp(self):
        self.client.force_login(self.worker)

    def test_it_lists_only_active_professionals_of_the_area(self):
        for name in (
            "professional_chooser:choose",
            "professional_chooser:choose_results",
        ):
            with self.subTest(view=name):
                response = self.client.get(reverse(name))
                self.assertEqual(response.status_code, 200)
                listed = set(response.context["results"].object_list)
                self.assertIn(self.colleague, listed)
                self.assertNotIn(self.outsider, listed)
                self.assertNotIn(self.former, listed)

    def test_choosing_another_areas_professional_answers_404(self):
        url = reverse("professional_chooser:chosen", args=[self.outsider.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        ok = reverse("professional_chooser:chosen", args=[self.colleague.pk])
        self.assertEqual(self.client.get(ok).status_code, 200)

    def test_choosing_several_ignores_what_is_out_of_scope(self):
        url = reverse("professional_chooser:chosen_multiple")
        response = self.client.get(
            f"{url}?id={self.colleague.pk}&id={self.outsider.pk}"
        )
        self.assertContains(response, self.colleague.last_name)
        self.assertNotContains(response, "Outsider")
