"""Failed sign-ins lock the account and the address (django-axes); a coordinator
of the professional's area unlocks them."""

from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from configuration import roles
from tests.factories import AreaFactory, professional
from tests.factories.configuration import TEST_PASSWORD
from website.security.views import lockout_message

LOGIN = reverse("wagtailadmin_login")
WRONG = "wrong-password-123"


class ThrottleMixin:
    def sign_in(self, username, password=WRONG, **extra):
        return self.client.post(
            LOGIN, {"username": username, "password": password}, **extra
        )

    def fail(self, username, times, **extra):
        for _ in range(times):
            response = self.sign_in(username, **extra)
        return response


class SignInThrottleTests(ThrottleMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.colleague = professional(roles.TECNIC, area=cls.area)

    def test_the_limit_is_five_failures(self):
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)

    def test_a_failure_below_the_limit_shows_the_usual_error(self):
        response = self.fail(self.worker.username, settings.AXES_FAILURE_LIMIT - 1)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, lockout_message())

    def test_the_last_allowed_failure_locks_the_account_with_a_message(self):
        response = self.fail(self.worker.username, settings.AXES_FAILURE_LIMIT)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, escape(lockout_message()), status_code=429)
        self.assertContains(response, 'name="password"', status_code=429)

    def test_the_right_password_does_not_get_past_the_lock(self):
        self.fail(self.worker.username, settings.AXES_FAILURE_LIMIT)
        response = self.sign_in(self.worker.username, TEST_PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_one_address_failing_on_several_accounts_is_locked(self):
        self.fail("nobody-1", 2)
        self.fail("nobody-2", 2)
        self.fail(self.colleague.username, settings.AXES_FAILURE_LIMIT - 4)
        response = self.sign_in(self.worker.username, TEST_PASSWORD)
        self.assertEqual(response.status_code, 429)

    def test_an_account_locked_from_one_address_stays_locked_from_another(self):
        self.fail(self.worker.username, 5, REMOTE_ADDR="10.0.0.1")
        response = self.sign_in(
            self.worker.username, TEST_PASSWORD, REMOTE_ADDR="10.0.0.2"
        )
        self.assertEqual(response.status_code, 429)

    def test_a_good_sign_in_below_the_limit_works_and_resets_the_count(self):
        self.fail(self.worker.username, settings.AXES_FAILURE_LIMIT - 1)
        response = self.sign_in(self.worker.username, TEST_PASSWORD)
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertFalse(
            AccessAttempt.objects.filter(username=self.worker.username).exists()
        )

    def test_the_message_tells_how_long_and_who_unlocks(self):
        self.assertIn("15", lockout_message())
        with self.settings(AXES_COOLOFF_TIME=None):
            message = lockout_message()
        self.assertNotIn("15", message)
        self.assertIn(gettext("coordinator"), message)


class UnlockTests(ThrottleMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.teammate = professional(roles.TECNIC, area=cls.area)
        cls.other_coordinator = professional(roles.COORDINADOR, area=AreaFactory())

    def setUp(self):
        self.fail(self.worker.username, settings.AXES_FAILURE_LIMIT)
        self.url = reverse("security_unlock", args=[self.worker.pk])

    def test_the_edit_screen_shows_the_lock_and_the_unlock_button(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(
            reverse("wagtailusers_users:edit", args=[self.worker.pk])
        )
        self.assertContains(response, 'form="professional-unlock"')
        self.assertContains(response, self.url)

    def test_the_edit_screen_of_an_unlocked_professional_has_no_button(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(
            reverse("wagtailusers_users:edit", args=[self.teammate.pk])
        )
        self.assertNotContains(response, 'form="professional-unlock"')

    def test_the_coordinator_unlocks_and_the_professional_signs_in(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url)
        self.assertRedirects(
            response, reverse("wagtailusers_users:edit", args=[self.worker.pk])
        )
        self.client.logout()
        response = self.sign_in(self.worker.username, TEST_PASSWORD)
        self.assertRedirects(response, reverse("wagtailadmin_home"))

    def test_unlocking_is_audited_with_the_coordinator(self):
        self.client.force_login(self.coordinator)
        self.client.post(self.url)
        entry = LogEntry.objects.get(additional_data__event="sign_in_unlock")
        self.assertEqual(entry.actor, self.coordinator)
        self.assertEqual(entry.object_pk, str(self.worker.pk))
        self.assertEqual(entry.additional_data["attempts_cleared"], 1)

    def test_a_coordinator_of_another_area_gets_404(self):
        self.client.force_login(self.other_coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(AccessAttempt.objects.filter(username=self.worker.username))

    def test_a_technician_of_the_same_area_gets_404(self):
        self.client.force_login(self.teammate)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(AccessAttempt.objects.filter(username=self.worker.username))

    def test_unlock_is_post_only(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 405)
