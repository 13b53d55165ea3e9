"""The incident lifecycle (domain.md §6.2): open -> updated -> resolved ->
closed, the professional's reply reopening it, refused steps, audit entries,
and the other side told by notice and e-mail only after commit."""

from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import TestCase

from configuration import roles
from helpdesk.enums import IncidentCategory, IncidentSide, IncidentState
from helpdesk.incidents import services as s
from helpdesk.incidents.version import PRODUCT_VERSION
from helpdesk.models import Incident, Notification
from tests.factories import professional

from .incidents_data import open_incident, png, setup_desk

S = IncidentState


class OpenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_desk(cls)

    def test_open_keeps_the_path_only_the_area_and_the_version(self):
        incident = open_incident(self.t.worker, attachment=png())
        self.assertEqual(incident.state, S.OPEN)
        self.assertEqual(incident.area, self.t.area)
        self.assertEqual(incident.screen_url, "/admin/casework/expedients/7/")
        self.assertEqual(incident.product_version, PRODUCT_VERSION)
        opening = incident.messages.get()
        self.assertEqual(
            (opening.side, opening.state_from, opening.state_to),
            (IncidentSide.PROFESSIONAL, "", S.OPEN),
        )
        self.assertTrue(opening.attachment.name.endswith(".png"))

    def test_a_screen_outside_the_admin_is_not_kept(self):
        incident = open_incident(self.t.worker, screen_url="https://x.test/a?b=c")
        self.assertEqual(incident.screen_url, "")

    def test_category_fields_are_checked_against_the_schema(self):
        with self.assertRaises(ValidationError) as refused:
            open_incident(
                self.t.worker,
                category=IncidentCategory.MERGE_PERSONS,
                details={"keep_record": "12", "surprise": "x"},
            )
        errors = refused.exception.message_dict["details"]
        self.assertEqual(len(errors), 2)  # the unknown field, the missing one
        self.assertIn("surprise", errors[0])
        self.assertFalse(Incident.objects.exists())

    def test_category_fields_are_kept(self):
        details = {"keep_record": "12", "merge_record": "34"}
        incident = open_incident(
            self.t.worker, category=IncidentCategory.MERGE_PERSONS, details=details
        )
        self.assertEqual(incident.details, details)

    def test_a_bad_e_mail_and_an_unticked_check_are_refused(self):
        cases = [
            (
                IncidentCategory.NEW_PROFESSIONAL,
                {
                    "full_name": "Nova Persona",
                    "document": "X",
                    "email": "not-an-email",
                    "role": "TS",
                    "team": "Equip 1",
                },
            ),
            (
                IncidentCategory.DELETE_EXPEDIENTS,
                {"expedients": "1, 2", "nothing_attached": False},
            ),
            (IncidentCategory.MASS_TRANSFER, {"from_professional": 3}),
        ]
        for category, details in cases:
            with self.subTest(category), self.assertRaises(ValidationError):
                open_incident(self.t.worker, category=category, details=details)

    def test_a_refused_attachment(self):
        fake = png("virus.pdf")
        with self.assertRaises(ValidationError):
            open_incident(self.t.worker, attachment=fake)
        self.assertFalse(Incident.objects.exists())

    def test_a_role_without_the_permission_cannot_open(self):
        trainee = professional(roles.ALUMNE, area=self.t.area)
        with self.assertRaises(s.IncidentNotAllowed):
            open_incident(trainee)

    def test_opening_tells_the_support_desk_after_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            incident = open_incident(self.t.worker)
        self.assertEqual(mail.outbox, [])
        for callback in callbacks:
            callback()
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            sorted([self.agent.email, self.other_agent.email]),
        )
        self.assertIn(f"#{incident.pk}", mail.outbox[0].subject)
        self.assertNotIn("Serra", mail.outbox[0].body)
        self.assertNotIn(incident.subject, mail.outbox[0].body)
        self.assertEqual(Notification.objects.filter(recipient=self.agent).count(), 1)

    def test_the_opening_is_audited_without_its_text(self):
        incident = open_incident(self.t.worker)
        entry = LogEntry.objects.get_for_object(incident).get()
        self.assertEqual(entry.actor, self.t.worker)
        self.assertEqual(entry.additional_data["action"], "open")
        self.assertNotIn("desar", str(entry.additional_data))


class LifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_desk(cls)

    def setUp(self):
        self.incident = open_incident(self.t.worker)
        mail.outbox.clear()

    def reply(self, user, text="D'acord", **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return s.incident_reply(
                incident=self.incident, acting_user=user, text=text, **kwargs
            )

    def test_support_answers_then_resolves_then_closes(self):
        self.reply(self.agent)
        self.assertEqual(self.incident.state, S.UPDATED)
        s.incident_resolve(incident=self.incident, acting_user=self.agent)
        self.assertEqual(self.incident.state, S.RESOLVED)
        s.incident_close(incident=self.incident, acting_user=self.agent)
        self.assertEqual(self.incident.state, S.CLOSED)
        changes = [(m.state_from, m.state_to) for m in self.incident.messages.all()]
        self.assertEqual(
            changes,
            [
                ("", S.OPEN),
                (S.OPEN, S.UPDATED),
                (S.UPDATED, S.RESOLVED),
                (S.RESOLVED, S.CLOSED),
            ],
        )
        actions = [
            e.additional_data["action"]
            for e in LogEntry.objects.get_for_object(self.incident).order_by("pk")
        ]
        self.assertEqual(actions, ["open", "reply", "resolve", "close"])

    def test_a_reply_from_the_professional_reopens(self):
        for state in (S.UPDATED, S.RESOLVED):
            with self.subTest(state):
                Incident.objects.filter(pk=self.incident.pk).update(state=state)
                self.incident.refresh_from_db()
                message = self.reply(self.t.worker, "Encara falla")
                self.assertEqual(self.incident.state, S.OPEN)
                self.assertEqual(
                    (message.state_from, message.state_to), (state, S.OPEN)
                )

    def test_a_reply_on_an_open_incident_changes_no_state(self):
        message = self.reply(self.t.worker, "Més dades")
        self.assertEqual((message.state_from, message.state_to), ("", ""))
        self.assertEqual(message.side, IncidentSide.PROFESSIONAL)

    def test_support_answer_mails_the_author_after_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            s.incident_reply(incident=self.incident, acting_user=self.agent, text="Fet")
        self.assertEqual(mail.outbox, [])
        for callback in callbacks:
            callback()
        self.assertEqual([m.to for m in mail.outbox], [[self.t.worker.email]])
        self.assertIn(self.incident.get_absolute_url(), mail.outbox[0].body)
        notice = Notification.objects.get(recipient=self.t.worker)
        self.assertEqual(notice.link, self.incident.get_absolute_url())

    def test_the_professional_reply_mails_the_assignee_only(self):
        s.incident_assign(
            incident=self.incident, acting_user=self.agent, assignee=self.other_agent
        )
        mail.outbox.clear()
        self.reply(self.t.worker)
        self.assertEqual([m.to for m in mail.outbox], [[self.other_agent.email]])

    def test_a_rolled_back_step_mails_nobody(self):
        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            self.assertRaises(RuntimeError),
            transaction.atomic(),
        ):
            s.incident_reply(incident=self.incident, acting_user=self.agent, text="Fet")
            raise RuntimeError
        self.assertEqual(callbacks, [])
        self.assertEqual(mail.outbox, [])
        self.assertEqual(self.incident.messages.count(), 1)

    def test_refused_transitions(self):
        refused = [
            (S.CLOSED, lambda: self.reply(self.t.worker)),
            (S.CLOSED, lambda: self.reply(self.agent)),
            (S.RESOLVED, lambda: self.reply(self.agent)),
            (
                S.RESOLVED,
                lambda: s.incident_resolve(
                    incident=self.incident, acting_user=self.agent
                ),
            ),
            (
                S.OPEN,
                lambda: s.incident_close(
                    incident=self.incident, acting_user=self.agent
                ),
            ),
            (
                S.CLOSED,
                lambda: s.incident_close(
                    incident=self.incident, acting_user=self.t.worker
                ),
            ),
        ]
        for state, step in refused:
            Incident.objects.filter(pk=self.incident.pk).update(state=state)
            self.incident.refresh_from_db()
            with self.subTest(state), self.assertRaises(ValidationError):
                step()
            self.incident.refresh_from_db()
            self.assertEqual(self.incident.state, state)

    def test_the_professional_closes_at_any_time(self):
        s.incident_close(incident=self.incident, acting_user=self.t.worker)
        self.assertEqual(self.incident.state, S.CLOSED)

    def test_an_empty_reply_is_refused(self):
        with self.assertRaises(ValidationError):
            self.reply(self.t.worker, "  ")
        self.reply(self.t.worker, "", attachment=png())  # a file alone is enough

    def test_only_the_author_and_support_act(self):
        for user in (self.t.teammate, self.t.coordinator, self.elsewhere):
            with self.subTest(user=user.username):
                with self.assertRaises(s.IncidentNotAllowed):
                    self.reply(user)
                with self.assertRaises(s.IncidentNotAllowed):
                    s.incident_note(incident=self.incident, acting_user=user, text="x")
                with self.assertRaises(s.IncidentNotAllowed):
                    s.incident_assign(
                        incident=self.incident, acting_user=user, assignee=self.agent
                    )
        with self.assertRaises(s.IncidentNotAllowed):
            s.incident_resolve(incident=self.incident, acting_user=self.t.worker)

    def test_internal_notes_tell_nobody(self):
        with self.captureOnCommitCallbacks(execute=True):
            note = s.incident_note(
                incident=self.incident, acting_user=self.agent, text="Mirar logs"
            )
        self.assertTrue(note.internal)
        self.assertEqual(self.incident.state, S.OPEN)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Notification.objects.filter(recipient=self.t.worker).exists())

    def test_assign_only_to_support_agents(self):
        with self.assertRaises(ValidationError):
            s.incident_assign(
                incident=self.incident, acting_user=self.agent, assignee=self.t.worker
            )
        with self.captureOnCommitCallbacks(execute=True):
            s.incident_assign(
                incident=self.incident,
                acting_user=self.agent,
                assignee=self.other_agent,
            )
        self.assertEqual(self.incident.assigned_to, self.other_agent)
        self.assertEqual([m.to for m in mail.outbox], [[self.other_agent.email]])
        s.incident_assign(incident=self.incident, acting_user=self.agent, assignee=None)
        self.assertIsNone(self.incident.assigned_to)
