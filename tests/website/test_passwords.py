"""Strong passwords, and expiry: an expired password sends the professional to
the account screen until they choose a new one."""

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from configuration import roles
from tests.factories import AreaFactory, professional
from tests.factories.configuration import TEST_PASSWORD
from website.security.models import PasswordChange
from website.security.passwords import password_expired

NEW_PASSWORD = "a-brand-new-long-password-7"


class PasswordStrengthTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = professional(
            roles.TECNIC, area=AreaFactory(), username="montserrat.joan"
        )

    def test_it_refuses_weak_passwords(self):
        for weak in ("short-pw1", "123456789012345", "password1234", "montserratjoan1"):
            with self.subTest(weak), self.assertRaises(ValidationError):
                validate_password(weak, self.user)

    def test_it_accepts_a_long_unusual_password(self):
        validate_password(NEW_PASSWORD, self.user)


class PasswordChangeStampTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = professional(roles.TECNIC, area=AreaFactory())

    def test_changing_a_password_stamps_the_date(self):
        self.user.set_password(NEW_PASSWORD)
        self.user.save()
        stamp = PasswordChange.objects.get(user=self.user)
        self.assertAlmostEqual(
            stamp.changed_at, timezone.now(), delta=timedelta(minutes=1)
        )

    def test_saving_without_a_new_password_does_not_stamp(self):
        self.user.first_name = "Anna"
        self.user.save()
        self.assertFalse(PasswordChange.objects.filter(user=self.user).exists())

    @override_settings(PASSWORD_EXPIRY_DAYS=90)
    def test_a_password_expires_after_the_days_set(self):
        PasswordChange.objects.create(
            user=self.user, changed_at=timezone.now() - timedelta(days=89)
        )
        self.assertFalse(password_expired(self.user))
        PasswordChange.objects.filter(user=self.user).update(
            changed_at=timezone.now() - timedelta(days=90)
        )
        self.assertTrue(password_expired(self.user))

    @override_settings(PASSWORD_EXPIRY_DAYS=90)
    def test_a_never_changed_password_counts_from_the_account_creation(self):
        self.user.date_joined = timezone.now() - timedelta(days=100)
        self.assertTrue(password_expired(self.user))

    def test_zero_days_means_passwords_never_expire(self):
        PasswordChange.objects.create(
            user=self.user, changed_at=timezone.now() - timedelta(days=5000)
        )
        self.assertFalse(password_expired(self.user))


@override_settings(PASSWORD_EXPIRY_DAYS=90)
class ExpiredPasswordSignInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = professional(roles.TECNIC, area=AreaFactory())
        PasswordChange.objects.create(
            user=cls.user, changed_at=timezone.now() - timedelta(days=91)
        )

    def setUp(self):
        self.client.post(
            reverse("wagtailadmin_login"),
            {"username": self.user.username, "password": TEST_PASSWORD},
        )

    def test_every_screen_leads_to_the_account_screen(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertRedirects(
            response,
            f"{reverse('wagtailadmin_account')}?next=%2Fadmin%2F",
            fetch_redirect_response=False,
        )
        self.assertEqual(
            self.client.get(reverse("wagtailadmin_account")).status_code, 200
        )

    def test_choosing_a_new_password_lets_them_in(self):
        response = self.client.post(
            reverse("wagtailadmin_account"),
            {
                "password-old_password": TEST_PASSWORD,
                "password-new_password1": NEW_PASSWORD,
                "password-new_password2": NEW_PASSWORD,
                "name_email-first_name": self.user.first_name,
                "name_email-last_name": self.user.last_name,
                "name_email-email": self.user.email,
                "locale-preferred_language": "ca",
                "locale-current_time_zone": "",
                "theme-theme": "system",
                "theme-density": "default",
                "theme-contrast": "system",
                "theme-keyboard_shortcuts": "on",
            },
        )
        self.assertRedirects(response, reverse("wagtailadmin_account"))
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)

    def test_signing_out_stays_open(self):
        response = self.client.post(reverse("wagtailadmin_logout"))
        self.assertRedirects(response, reverse("wagtailadmin_login"))

    @override_settings(PASSWORD_EXPIRY_DAYS=0)
    def test_nothing_is_asked_when_expiry_is_off(self):
        self.client.logout()
        self.client.post(
            reverse("wagtailadmin_login"),
            {"username": self.user.username, "password": TEST_PASSWORD},
        )
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
