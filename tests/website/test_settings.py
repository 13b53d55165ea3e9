"""Production settings: refuse to start without essentials, pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase, TestCase

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k8#Qz!v2Lr@9pWm$Xe4Tn&Yb7Ju*Gd3Hs^Fa6Kc1Vo0Ri5Ul-Ew+Iq=Zt%Nx"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(DJANGO_SETTINGS_MODULE="website.settings.production", **env)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_it_refuses_to_start_without_a_secret_key(self):
        result = run_manage("check", ALLOWED_HOSTS="llar.example.org")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is required", result.stderr)

    def test_it_refuses_to_start_without_allowed_hosts(self):
        result = run_manage("check", SECRET_KEY=STRONG_KEY)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ALLOWED_HOSTS is required", result.stderr)

    def test_it_passes_check_deploy_without_warnings(self):
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="llar.example.org",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_a_bad_boolean_in_the_environment_stops_start_up(self):
        result = run_manage(
            "check",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="x.org",
            SECURE_SSL_REDIRECT="perhaps",
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECURE_SSL_REDIRECT must be a boolean", result.stderr)


class BaseSettingsTests(SimpleTestCase):
    def test_catalan_is_the_default_then_spanish_and_english(self):
        self.assertEqual(settings.LANGUAGE_CODE, "ca")
        self.assertEqual([code for code, _ in settings.LANGUAGES], ["ca", "es", "en"])
        self.assertEqual(settings.TIME_ZONE, "Europe/Madrid")

    def test_the_user_model_is_the_professional(self):
        self.assertEqual(settings.AUTH_USER_MODEL, "configuration.User")

    def test_django_admin_is_not_installed(self):
        self.assertNotIn("django.contrib.admin", settings.INSTALLED_APPS)


class AccountTimeZoneTests(SimpleTestCase):
    def test_the_account_page_offers_only_real_time_zones(self):
        # Debian's zoneinfo holds a "localtime" file: offered as a zone, it made
        # the account page's script fail ("Invalid time zone specified").
        import zoneinfo

        from wagtail.admin.localization import get_available_admin_time_zones

        offered = get_available_admin_time_zones()
        self.assertIn("Europe/Madrid", offered)
        for name in offered:
            self.assertIn("/", name)
            zoneinfo.ZoneInfo(name)


class PostgreSQLConnectionTests(TestCase):
    """Llar's PostgreSQL connections run without JIT compilation: compiling the
    home panel's one query cost more than running it (docs/architecture.md)."""

    def test_jit_is_off_and_cursors_are_planned_whole(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            self.assertEqual(cursor.fetchone()[0], "off")
            # Cursors (`.iterator()`: exports, jobs) are read to the end.
            cursor.execute("SHOW cursor_tuple_fraction")
            self.assertEqual(float(cursor.fetchone()[0]), 1.0)
