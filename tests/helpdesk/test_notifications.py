"""Home-screen notices: break-glass tells the reference professional and their
teams' coordinators, after commit, without personal data; each professional
sees and marks only their own."""

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from wagtail.users.models import UserProfile

from casework.enums import BreakGlassReason
from casework.services.break_glass import break_glass_open
from configuration import roles
from helpdesk.enums import NotificationKind
from helpdesk.models import Notification
from helpdesk.services import notification_send
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory

HOME = reverse("wagtailadmin_home")


class BreakGlassNoticeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.other_coordinator = professional(roles.COORDINADOR, area=cls.t.area)
        cls.other_coordinator.teams.add(cls.t.other_team)
        person = resident(cls.t, first_name="Mireia", surname1="Pons")
        cls.secret = basic_case(cls.t, person, confidential=True)

    def open(self, text="La Mireia Pons ha vingut"):
        return break_glass_open(
            expedient=self.secret,
            acting_user=self.t.teammate,
            reason=BreakGlassReason.URGENT_CARE,
            text=text,
        )

    def test_the_reference_professional_and_their_coordinator_are_told(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.open()
        notices = Notification.objects.all()
        self.assertEqual(
            {n.recipient for n in notices}, {self.t.worker, self.t.coordinator}
        )
        for notice in notices:
            self.assertEqual(notice.kind, NotificationKind.BREAK_GLASS)
            self.assertIn(self.secret.number, notice.text)
            self.assertIn(self.t.teammate.get_full_name(), notice.text)
            self.assertNotIn("Mireia", notice.text)  # no free text, no person
            self.assertNotIn("Pons", notice.text)
            self.assertIn(str(self.secret.pk), notice.link)

    def test_nothing_is_sent_before_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.open()
        self.assertFalse(Notification.objects.exists())
        self.assertEqual(len(callbacks), 1)

    def test_the_text_is_in_the_recipients_language(self):
        UserProfile.objects.create(user=self.t.worker, preferred_language="es")
        seen = {}

        def text():
            seen[len(seen)] = get_language()
            return "x"

        with translation.override("en"):  # the sender's language is not used
            notification_send(
                recipients=[self.t.worker, self.t.coordinator],
                kind=NotificationKind.BREAK_GLASS,
                text=text,
            )
        self.assertEqual(seen, {0: "es", 1: settings.LANGUAGE_CODE})


class HomePanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        area = AreaFactory()
        cls.me = professional(roles.TECNIC, area=area)
        cls.other = professional(roles.TECNIC, area=area)

    def send(self, user, text="Avís de prova", n=1):
        return notification_send(
            recipients=[user] * n,
            kind=NotificationKind.BREAK_GLASS,
            text=lambda: text,
            link="/admin/",
        )

    def test_the_home_lists_my_unread_notices_only(self):
        self.send(self.me, "Per a mi")
        self.send(self.other, "Per a un altre")
        self.client.force_login(self.me)
        response = self.client.get(HOME)
        self.assertContains(response, "Per a mi")
        self.assertNotContains(response, "Per a un altre")

    def test_marking_as_read_hides_it(self):
        [notice] = self.send(self.me, "Llegeix-me")
        self.client.force_login(self.me)
        url = reverse("helpdesk_notification_read", args=[notice.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertRedirects(self.client.post(url), HOME)
        notice.refresh_from_db()
        self.assertIsNotNone(notice.read_at)
        self.assertNotContains(self.client.get(HOME), "Llegeix-me")

    def test_nobody_marks_someone_elses_notice(self):
        [notice] = self.send(self.other)
        self.client.force_login(self.me)
        url = reverse("helpdesk_notification_read", args=[notice.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        notice.refresh_from_db()
        self.assertIsNone(notice.read_at)

    def test_the_panel_does_not_grow_queries_with_notices(self):
        self.client.force_login(self.me)
        self.send(self.me, n=1)
        self.client.get(HOME)
        with CaptureQueriesContext(connection) as few:
            self.client.get(HOME)
        self.send(self.me, n=8)
        with CaptureQueriesContext(connection) as many:
            self.client.get(HOME)
        self.assertEqual(len(many), len(few))
