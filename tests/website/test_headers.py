"""Every response carries the Content-Security-Policy; sessions end when idle;
production cookies are secure and sign-in is hardened by default."""

from django.conf import settings
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from configuration import roles
from tests.factories import AreaFactory, professional

from .test_settings import STRONG_KEY, run_manage


def directives(response) -> dict[str, str]:
    """The policy's directives by name: django-csp writes them in set order,
    which changes from one process to the next."""
    parts = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict(part.split(" ", 1) for part in parts if " " in part)


class ContentSecurityPolicyTests(TestCase):
    def test_the_sign_in_page_and_the_admin_send_it(self):
        user = professional(roles.COORDINADOR, area=AreaFactory())
        for url, login in (
            (reverse("wagtailadmin_login"), None),
            (reverse("wagtailadmin_home"), user),
            (reverse("wagtailusers_users:index"), user),
        ):
            if login:
                self.client.force_login(login)
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                policy = response["Content-Security-Policy"]
                self.assertIn("script-src 'self' 'unsafe-inline'", policy)
                self.assertIn("object-src 'none'", policy)
                self.assertIn("frame-ancestors 'self'", policy)

    def test_scripts_are_never_evaluated_nor_inline_outside_the_admin(self):
        scripts = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
        self.assertEqual(scripts, ["'self'"])
        public = directives(self.client.get("/certificats/"))
        self.assertEqual(public["script-src"], "'self'")
        admin = directives(self.client.get(reverse("wagtailadmin_login")))
        self.assertEqual(admin["script-src"], "'self' 'unsafe-inline'")


class SessionTests(SimpleTestCase):
    def test_sessions_end_after_thirty_idle_minutes_by_default(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 30 * 60)
        self.assertTrue(settings.SESSION_SAVE_EVERY_REQUEST)
        self.assertTrue(settings.SESSION_COOKIE_HTTPONLY)

    def test_demo_and_test_settings_ask_for_neither_expiry_nor_second_factor(self):
        self.assertEqual(settings.PASSWORD_EXPIRY_DAYS, 0)
        self.assertFalse(settings.OTP_REQUIRED_FOR_PERSONAL_DATA)


def last_line(result) -> list[str]:
    # `shell` first says how many objects it imported.
    return result.stdout.strip().splitlines()[-1].split()


class ProductionSignInSettingsTests(SimpleTestCase):
    def test_production_hardens_sign_in_unless_told_otherwise(self):
        code = (
            "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.PASSWORD_EXPIRY_DAYS, "
            "s.OTP_REQUIRED_FOR_PERSONAL_DATA, s.SESSION_COOKIE_AGE, "
            "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
        )
        env = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "llar.example.org"}
        result = run_manage("shell", "-c", code, **env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            last_line(result),
            ["True", "True", "True", "90", "True", "1800", "5", "0.25"],
        )
        result = run_manage(
            "shell",
            "-c",
            code,
            PASSWORD_EXPIRY_DAYS="0",
            OTP_REQUIRED_FOR_PERSONAL_DATA="no",
            SESSION_IDLE_MINUTES="10",
            AXES_FAILURE_LIMIT="3",
            AXES_COOLOFF_MINUTES="0",
            **env,
        )
        self.assertEqual(
            last_line(result),
            ["True", "True", "True", "0", "False", "600", "3", "None"],
        )
