"""The second factor: a TOTP app, enrolled in the admin and asked after the
password; required for roles that see personal data when the setting is on."""

from auditlog.models import LogEntry
from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from configuration import roles
from tests.factories import AreaFactory, english_ui, professional
from tests.factories.configuration import TEST_PASSWORD
from website.security.steps import second_factor_required

HOME = reverse("wagtailadmin_home")
ENROL = reverse("security_enrol")
VERIFY = reverse("security_verify")


def code(device: TOTPDevice, *, offset: int = 0) -> str:
    """Return the device's current code (or the one `offset` steps away)."""
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=offset):06d}"


class SignInMixin:
    def sign_in(self, user):
        self.client.post(
            reverse("wagtailadmin_login"),
            {"username": user.username, "password": TEST_PASSWORD},
        )


@override_settings(OTP_REQUIRED_FOR_PERSONAL_DATA=True)
class RequiredEnrolmentTests(SignInMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=area)
        cls.trainee = professional(roles.ALUMNE, area=area)

    def test_roles_that_see_personal_data_require_it(self):
        self.assertTrue(second_factor_required(self.coordinator))
        self.assertFalse(second_factor_required(self.trainee))

    def test_a_role_that_sees_personal_data_is_sent_to_enrol(self):
        self.sign_in(self.coordinator)
        response = self.client.get(HOME)
        self.assertRedirects(
            response, f"{ENROL}?next=%2Fadmin%2F", fetch_redirect_response=False
        )

    def test_a_trainee_goes_straight_in(self):
        self.sign_in(self.trainee)
        self.assertEqual(self.client.get(HOME).status_code, 200)

    def test_the_enrolment_screen_shows_a_qr_code_and_the_secret(self):
        self.sign_in(self.coordinator)
        response = self.client.get(ENROL)
        self.assertContains(response, "<svg")
        self.assertContains(response, 'id="totp-secret"')
        device = TOTPDevice.objects.get(user=self.coordinator, confirmed=False)
        self.assertEqual(self.client.get(ENROL).status_code, 200)
        self.assertEqual(TOTPDevice.objects.get(user=self.coordinator), device)

    def test_a_wrong_code_does_not_enrol(self):
        self.sign_in(self.coordinator)
        self.client.get(ENROL)
        response = self.client.post(ENROL, {"token": "000000", "next": HOME})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(TOTPDevice.objects.filter(confirmed=True).exists())
        self.assertRedirects(self.client.get(HOME), f"{ENROL}?next=%2Fadmin%2F")

    def test_a_right_code_enrols_verifies_and_lets_them_in(self):
        self.sign_in(self.coordinator)
        self.client.get(ENROL)
        device = TOTPDevice.objects.get(user=self.coordinator)
        response = self.client.post(ENROL, {"token": code(device), "next": HOME})
        self.assertRedirects(response, HOME)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.get(HOME).status_code, 200)
        entry = LogEntry.objects.get(additional_data__event="second_factor_enrolled")
        self.assertEqual(entry.actor, self.coordinator)


class VerificationTests(SignInMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.worker = professional(roles.TECNIC, area=AreaFactory())
        cls.device = TOTPDevice.objects.create(user=cls.worker, name="Llar")

    def setUp(self):
        self.sign_in(self.worker)

    def test_an_enrolled_professional_is_asked_for_the_code(self):
        response = self.client.get(reverse("wagtailusers_users:index"))
        self.assertRedirects(
            response,
            f"{VERIFY}?next=%2Fadmin%2Fusers%2F",
            fetch_redirect_response=False,
        )
        self.assertContains(self.client.get(VERIFY), 'name="token"')

    def test_a_wrong_code_is_refused(self):
        response = self.client.post(VERIFY, {"token": "123456", "next": HOME})
        self.assertContains(response, "token")
        self.assertRedirects(self.client.get(HOME), f"{VERIFY}?next=%2Fadmin%2F")

    def test_the_right_code_lets_them_in_and_goes_on(self):
        response = self.client.post(
            VERIFY, {"token": code(self.device), "next": "/admin/users/"}
        )
        self.assertRedirects(response, "/admin/users/", fetch_redirect_response=False)
        self.assertEqual(self.client.get(HOME).status_code, 200)

    def test_an_outside_next_address_is_not_followed(self):
        response = self.client.post(
            VERIFY, {"token": code(self.device), "next": "https://evil.example/"}
        )
        self.assertRedirects(response, HOME)

    def test_the_same_code_is_not_accepted_twice(self):
        token = code(self.device)
        self.client.post(VERIFY, {"token": token, "next": HOME})
        self.client.logout()
        self.sign_in(self.worker)
        self.client.post(VERIFY, {"token": token, "next": HOME})
        self.assertRedirects(self.client.get(HOME), f"{VERIFY}?next=%2Fadmin%2F")

    def test_signing_out_stays_open(self):
        response = self.client.post(reverse("wagtailadmin_logout"))
        self.assertRedirects(response, reverse("wagtailadmin_login"))


class OptionalEnrolmentTests(SignInMixin, TestCase):
    """The demo and development settings: nobody is made to enrol."""

    @classmethod
    def setUpTestData(cls):
        cls.coordinator = professional(roles.COORDINADOR, area=AreaFactory())
        english_ui(cls.coordinator)  # the page's text is asserted in English

    def test_it_is_off_outside_production(self):
        self.assertFalse(second_factor_required(self.coordinator))

    def test_a_professional_may_enrol_from_their_account(self):
        self.sign_in(self.coordinator)
        self.assertEqual(self.client.get(HOME).status_code, 200)
        self.assertContains(self.client.get(reverse("wagtailadmin_account")), ENROL)
        self.client.get(ENROL)
        device = TOTPDevice.objects.get(user=self.coordinator)
        self.client.post(ENROL, {"token": code(device)})
        response = self.client.get(ENROL)
        self.assertNotContains(response, 'id="totp-secret"')
        self.assertContains(response, "authenticator")
