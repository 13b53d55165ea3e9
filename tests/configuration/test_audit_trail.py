"""What the one audit trail records: reads, searches, exports, sign-ins, and the
changes to professionals, roles, teams and catalogues."""

from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.audit.events import AuditEvent, event_of
from configuration.audit.signins import log_failed_sign_in
from tests.factories import TeamFactory, professional
from tests.factories.casework import basic_case, resident, territory
from tests.factories.catalogues import DemandTypeFactory
from tests.factories.configuration import TEST_PASSWORD


def latest_pk() -> int:
    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


class ExactlyOneEntryTests(TestCase):
    """Opening a record, an expedient, a search and an export: one entry each."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)

    def entries_of(self, user, url):
        before = latest_pk()
        self.client.force_login(user)
        response = self.client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        self.assertEqual(response.status_code, 200)
        return list(LogEntry.objects.filter(pk__gt=before))

    def assert_one(self, entries, user, event):
        self.assertEqual(len(entries), 1, [str(e) for e in entries])
        self.assertEqual(entries[0].actor, user)
        self.assertEqual(event_of(entries[0]), event)

    def test_opening_a_person_record(self):
        url = reverse("person:edit", args=[self.person.pk])
        entries = self.entries_of(self.t.teammate, url)
        self.assert_one(entries, self.t.teammate, AuditEvent.PERSON_READ)
        self.assertEqual(entries[0].object_pk, str(self.person.pk))

    def test_opening_an_expedient(self):
        url = reverse("casework_expedient", args=[self.case.pk])
        entries = self.entries_of(self.t.teammate, url)
        self.assert_one(entries, self.t.teammate, AuditEvent.EXPEDIENT_READ)
        self.assertEqual(entries[0].object_pk, str(self.case.pk))

    def test_a_search_that_lists_people(self):
        url = reverse("directory_search") + "?q=Serra"
        entries = self.entries_of(self.t.worker, url)
        self.assert_one(entries, self.t.worker, AuditEvent.PERSON_READ)
        data = entries[0].additional_data
        self.assertEqual((data["event"], data["rows"]), ("search", 1))
        self.assertEqual(data["criteria"]["q"], "Serra")
        self.assertEqual(entries[0].object_pk, "")  # no row named, no row stored

    def test_a_search_that_lists_nobody_writes_nothing(self):
        url = reverse("directory_search") + "?q=Nobodyhere"
        self.assertEqual(self.entries_of(self.t.worker, url), [])

    def test_the_empty_desk_writes_nothing(self):
        url = reverse("directory_search")
        self.assertEqual(self.entries_of(self.t.worker, url), [])

    def test_an_export(self):
        url = reverse("directory_search") + "?q=Serra&export=xlsx"
        entries = self.entries_of(self.t.worker, url)
        self.assert_one(entries, self.t.worker, AuditEvent.EXPORT)
        self.assertEqual(entries[0].additional_data["rows"], 1)


class SignInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = professional(roles.TECNIC)

    def setUp(self):
        self.before = latest_pk()

    def entries(self):
        return LogEntry.objects.filter(pk__gt=self.before).order_by("pk")

    def sign_in(self, username, password):
        return self.client.post(
            reverse("wagtailadmin_login"),
            {"username": username, "password": password},
            REMOTE_ADDR="192.0.2.7",
        )

    def test_a_sign_in_and_a_sign_out_are_recorded_with_the_address(self):
        self.sign_in(self.user.username, TEST_PASSWORD)
        self.client.post(reverse("wagtailadmin_logout"), REMOTE_ADDR="192.0.2.7")
        entries = self.entries()
        self.assertEqual(
            [(e.additional_data["event"], e.actor, e.remote_addr) for e in entries],
            [
                ("sign_in", self.user, "192.0.2.7"),
                ("sign_out", self.user, "192.0.2.7"),
            ],
        )
        self.assertTrue(all(event_of(e) == AuditEvent.SIGN_IN for e in entries))

    def test_signing_in_changes_nothing_on_the_professional(self):
        self.sign_in(self.user.username, TEST_PASSWORD)
        self.assertFalse(self.entries().exclude(action=LogEntry.Action.ACCESS))

    def test_a_failed_attempt_names_the_account_and_never_the_password(self):
        self.sign_in(self.user.username, "wrong-secret-typed")
        entry = self.entries().get()
        self.assertEqual(event_of(entry), AuditEvent.SIGN_IN_FAILED)
        self.assertIsNone(entry.actor)
        self.assertEqual(entry.object_id, self.user.pk)
        self.assertEqual(entry.remote_addr, "192.0.2.7")
        self.assertNotIn("wrong-secret-typed", str(entry.__dict__))

    def test_an_unknown_username_is_stored_as_typed(self):
        self.sign_in("nobody.here", "wrong-secret-typed")
        entry = self.entries().get()
        self.assertIsNone(entry.object_id)
        self.assertEqual(entry.additional_data["username"], "nobody.here")
        self.assertNotIn("wrong-secret-typed", str(entry.__dict__))

    def test_a_long_username_is_cut_to_a_username_length(self):
        entry = log_failed_sign_in(username="x" * 300, request=None)
        self.assertEqual(entry.additional_data["username"], "x" * 150)

    def test_force_login_in_tests_is_not_a_sign_in(self):
        self.client.force_login(self.user)
        self.assertFalse(self.entries().exists())


class ProfessionalAuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()

    def test_a_change_masks_the_identity_document(self):
        user = self.t.worker
        user.identity_document = "12345678Z"
        user.save()
        entry = LogEntry.objects.get_for_object(user).latest("pk")
        self.assertEqual(event_of(entry), AuditEvent.USER_CHANGE)
        self.assertNotIn("12345678Z", str(entry.changes))
        self.assertIn("identity_document", entry.changes)

    def test_a_new_password_is_not_stored(self):
        user = self.t.worker
        user.set_password("another-long-password")
        user.save()
        self.assertFalse(
            LogEntry.objects.get_for_object(user).filter(changes__has_key="password")
        )

    def test_a_role_change_is_its_own_event(self):
        group = Group.objects.get(name=roles.COORDINADOR.name)
        self.t.worker.groups.add(group)
        entry = LogEntry.objects.get_for_object(self.t.worker).latest("pk")
        self.assertEqual(event_of(entry), AuditEvent.ROLE_CHANGE)
        self.assertEqual(entry.changes["groups"]["objects"], [group.name])

    def test_team_membership_and_teams_are_audited(self):
        team = TeamFactory(area=self.t.area)
        self.t.worker.teams.add(team)
        entry = LogEntry.objects.get_for_object(self.t.worker).latest("pk")
        self.assertEqual(event_of(entry), AuditEvent.USER_CHANGE)
        self.assertIn("teams", entry.changes)
        self.assertTrue(LogEntry.objects.get_for_object(team).exists())

    def test_catalogue_entries_are_audited(self):
        entry = DemandTypeFactory(area=self.t.area)
        self.assertEqual(
            LogEntry.objects.get_for_object(entry).get().action,
            LogEntry.Action.CREATE,
        )
