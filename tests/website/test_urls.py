from django.contrib.staticfiles import finders
from django.test import TestCase
from django.urls import NoReverseMatch, reverse

from configuration import roles
from configuration.demo import DEMO_PASSWORD, DEMO_PROFESSIONALS
from tests.factories import professional


class PublicSiteTests(TestCase):
    def test_the_home_page_is_served_at_the_root(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "serveis socials bàsics")
        self.assertContains(response, 'lang="ca"')

    def test_the_admin_sign_in_page_speaks_catalan(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Entra a Llar")
        self.assertContains(response, "Contrasenya")
        self.assertNotContains(response, ">Password<")

    def test_the_browsers_favicon_request_finds_the_sites_icon(self):
        # Chromium asks for /favicon.ico when it opens a JSON answer or a PDF.
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith(".svg"), response["Location"])
        self.assertIsNotNone(finders.find("website/favicon.svg"))

    def test_djangos_own_admin_is_not_exposed(self):
        with self.assertRaises(NoReverseMatch):
            reverse("admin:index")
        self.assertEqual(self.client.get("/django-admin/").status_code, 404)


class DemoLoginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from django.core.management import call_command

        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def test_every_demo_login_reaches_the_admin_home(self):
        for username, *_ in DEMO_PROFESSIONALS:
            with self.subTest(username=username):
                client = self.client_class()
                self.assertTrue(client.login(username=username, password=DEMO_PASSWORD))
                response = client.get(reverse("wagtailadmin_home"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Llar")


class AdminAccessTests(TestCase):
    def test_a_user_without_a_role_cannot_enter_the_admin(self):
        from tests.factories import UserFactory

        self.client.force_login(UserFactory())
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 302)

    def test_an_anonymous_visitor_is_sent_to_sign_in(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertRedirects(
            response,
            f"{reverse('wagtailadmin_login')}?next=/admin/",
            fetch_redirect_response=False,
        )

    def test_a_trainee_reaches_the_admin_home(self):
        self.client.force_login(professional(roles.ALUMNE))
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
