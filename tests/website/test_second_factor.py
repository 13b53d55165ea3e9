"""The second factor: a TOTP app, enrolled in the admin and asked after the
password; required for roles that see personal data when the setting is on."""

from auditlog.models import LogEntry
from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from configuration import roles
from configuration.audit.events import AuditEvent, event_filter, event_of
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

    def test_a_wrong_code_is_a_failed_sign_in_in_the_trail(self):
        self.client.post(VERIFY, {"token": "123456", "next": HOME})
        entry = LogEntry.objects.get(additional_data__step="second_factor")
        self.assertEqual(entry.object_pk, str(self.worker.pk))
        self.assertEqual(entry.additional_data["event"], "sign_in_failed")
        self.assertNotIn("123456", str(entry.additional_data))
        self.assertEqual(event_of(entry), AuditEvent.SIGN_IN_FAILED)
        failed = LogEntry.objects.filter(event_filter(AuditEvent.SIGN_IN_FAILED))
        self.assertEqual(list(failed), [entry])

    def test_the_right_code_writes_no_failure(self):
        self.client.post(VERIFY, {"token": code(self.device), "next": HOME})
        self.assertFalse(
            LogEntry.objects.filter(additional_data__event="sign_in_failed").exists()
        )

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


class SecondFactorResetTests(SignInMixin, TestCase):
    """A lost phone: a coordinator removes the professional's authenticator app."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.teammate = professional(roles.TECNIC, area=cls.area)
        cls.other_coordinator = professional(roles.COORDINADOR, area=AreaFactory())
        english_ui(cls.coordinator)

    def setUp(self):
        self.device = TOTPDevice.objects.create(
            user=self.worker, name="Llar", confirmed=True
        )
        self.url = reverse("security_second_factor_reset", args=[self.worker.pk])
        self.edit = reverse("wagtailusers_users:edit", args=[self.worker.pk])

    def test_the_edit_screen_says_it_is_on_and_offers_the_removal(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.edit)
        self.assertContains(response, 'form="professional-second-factor-reset"')
        self.assertContains(response, self.url)
        other = self.client.get(
            reverse("wagtailusers_users:edit", args=[self.teammate.pk])
        )
        self.assertContains(other, "Two-step verification is not set up.")
        self.assertNotContains(other, 'form="professional-second-factor-reset"')

    def test_the_coordinator_removes_it_audited_and_the_next_sign_in_enrols(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url)
        self.assertRedirects(response, self.edit)
        self.assertFalse(TOTPDevice.objects.filter(user=self.worker).exists())
        entry = LogEntry.objects.get(additional_data__event="second_factor_reset")
        self.assertEqual(entry.actor, self.coordinator)
        self.assertEqual(entry.object_pk, str(self.worker.pk))
        self.assertEqual(entry.additional_data["devices_removed"], 1)
        self.client.logout()
        with self.settings(OTP_REQUIRED_FOR_PERSONAL_DATA=True):
            self.sign_in(self.worker)
            self.assertRedirects(
                self.client.get(HOME),
                f"{ENROL}?next=%2Fadmin%2F",
                fetch_redirect_response=False,
            )

    def test_nobody_removes_their_own(self):
        TOTPDevice.objects.create(user=self.coordinator, name="Llar", confirmed=True)
        self.client.force_login(self.coordinator)
        url = reverse("security_second_factor_reset", args=[self.coordinator.pk])
        self.client.post(url)
        self.assertTrue(TOTPDevice.objects.filter(user=self.coordinator).exists())
        self.assertFalse(
            LogEntry.objects.filter(additional_data__event="second_factor_reset")
        )

    def test_outside_the_area_or_without_the_right_it_is_404(self):
        for user in (self.other_coordinator, self.teammate):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(TOTPDevice.objects.filter(user=self.worker).exists())

    def test_get_is_not_allowed(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertTrue(TOTPDevice.objects.filter(user=self.worker).exists())
