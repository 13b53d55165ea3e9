"""Training resources of the area's SIAD catalogue given to the woman, and her
attendance at each session (domain.md §3.5)."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase

from casework.models import SiadTrainingAssignment, SiadTrainingSession
from casework.modules.siad.services import (
    siad_session_record,
    siad_session_update,
    siad_training_assign,
    siad_training_update,
)
from casework.services import EditConflict
from casework.services.expedients import ActionNotAllowed, expedient_close
from configuration.models import ClosingReason
from helpdesk.tools.services import expedient_information_transfer
from tests.factories import AreaFactory
from tests.factories.casework import basic_case

from .data import InEnglish, siad_world, training_resource

TODAY = date.today()
LAST_WEEK = TODAY - timedelta(days=7)


class TrainingFixtures:
    @classmethod
    def setUpTestData(cls):
        cls.w = siad_world()
        cls.workshop = training_resource(cls.w.t.area)
        cls.group = training_resource(cls.w.t.area, code="T2", name="Grup de suport")

    def assign(self, **values):
        defaults = {
            "by": self.w.owner,
            "expedient": self.w.case,
            "resource": self.workshop,
            "on": LAST_WEEK,
        }
        return siad_training_assign(**defaults | values)


class TrainingAssignTests(InEnglish, TrainingFixtures, TestCase):
    def test_it_gives_the_resource_to_the_woman(self):
        assignment = self.assign(notes="  Hi anirà amb la germana. ")
        self.assertEqual(assignment.person, self.w.woman)
        self.assertEqual(assignment.expedient_id, self.w.case.pk)
        self.assertEqual(assignment.assigned_on, LAST_WEEK)
        self.assertEqual(assignment.notes, "Hi anirà amb la germana.")
        self.assertEqual(assignment.created_by, self.w.owner)
        self.assertEqual(
            LogEntry.objects.get_for_object(assignment).get().action,
            LogEntry.Action.CREATE,
        )

    def test_the_date_defaults_to_today(self):
        assignment = self.assign(on=None)
        self.assertEqual(assignment.assigned_on, TODAY)

    def test_a_resource_is_given_once_per_expedient(self):
        self.assign()
        with self.assertRaises(ValidationError) as raised:
            self.assign()
        self.assertIn("resource", raised.exception.message_dict)
        self.assertIn("already assigned", str(raised.exception))
        self.assign(resource=self.group)
        self.assertEqual(SiadTrainingAssignment.objects.count(), 2)

    def test_another_areas_resource_is_refused(self):
        foreign = training_resource(AreaFactory())
        with self.assertRaises(ValidationError) as raised:
            self.assign(resource=foreign)
        self.assertIn("resource", raised.exception.message_dict)

    def test_a_resource_no_longer_offered_is_refused(self):
        self.workshop.is_active = False
        self.workshop.save()
        with self.assertRaisesMessage(ValidationError, "no longer offered"):
            self.assign()

    def test_an_implausible_date_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            self.assign(on=date(1970, 1, 1))
        self.assertIn("assigned_on", raised.exception.message_dict)

    def test_only_the_siad_professionals_of_the_expedient_assign(self):
        for user in (self.w.siad_mate, self.w.t.worker, self.w.foreign):
            with self.assertRaises(ActionNotAllowed):
                self.assign(by=user)
        self.assertEqual(self.assign(by=self.w.t.coordinator).person, self.w.woman)

    def test_it_is_for_womens_service_expedients_only(self):
        ssb = basic_case(self.w.t, self.w.woman)
        with self.assertRaisesMessage(ValidationError, "women's service expedient"):
            self.assign(by=self.w.t.coordinator, expedient=ssb)

    def test_a_closed_expedient_takes_no_assignment(self):
        reason = ClosingReason.objects.create(code="1", name="Resolt")
        expedient_close(
            case=self.w.case, reason=reason, acting_user=self.w.t.coordinator
        )
        with self.assertRaisesMessage(ValidationError, "is closed"):
            self.assign()


class TrainingUpdateTests(InEnglish, TrainingFixtures, TestCase):
    def setUp(self):
        super().setUp()
        self.assignment = self.assign()

    def update(self, **values):
        return siad_training_update(
            by=self.w.owner, assignment=self.assignment, **values
        )

    def test_it_changes_the_resource_date_and_notes(self):
        changed = self.update(resource=self.group, assigned_on=TODAY, notes="Canvi")
        stored = SiadTrainingAssignment.objects.get(pk=changed.pk)
        self.assertEqual((stored.resource, stored.assigned_on), (self.group, TODAY))
        self.assertEqual((stored.notes, stored.version), ("Canvi", 2))

    def test_it_changes_nothing_else(self):
        with self.assertRaises(ValidationError):
            self.update(person=self.w.t.worker)

    def test_a_resource_withdrawn_since_stays(self):
        self.workshop.is_active = False
        self.workshop.save()
        self.assertEqual(self.update(notes="Nota").resource, self.workshop)

    def test_it_cannot_become_a_second_assignment_of_a_resource(self):
        self.assign(resource=self.group)
        with self.assertRaisesMessage(ValidationError, "already assigned"):
            self.update(resource=self.group)

    def test_the_date_cannot_move_past_the_first_session(self):
        siad_session_record(
            by=self.w.owner, assignment=self.assignment, on=LAST_WEEK, attended=True
        )
        with self.assertRaises(ValidationError) as raised:
            self.update(assigned_on=TODAY)
        self.assertIn("assigned_on", raised.exception.message_dict)

    def test_a_stale_save_is_refused(self):
        stale = SiadTrainingAssignment.objects.get(pk=self.assignment.pk)
        self.update(notes="Primer")
        with self.assertRaises(EditConflict):
            siad_training_update(by=self.w.owner, assignment=stale, notes="Segon")

    def test_only_the_siad_professionals_of_the_expedient_change_it(self):
        for user in (self.w.siad_mate, self.w.t.worker, self.w.foreign):
            with self.assertRaises(ActionNotAllowed):
                siad_training_update(by=user, assignment=self.assignment, notes="x")

    def test_an_information_transfer_locks_what_was_assigned_before(self):
        expedient_information_transfer(
            expedient=self.w.case,
            sector=self.w.t.other_sector,
            acting_user=self.w.t.coordinator,
        )
        with self.assertRaisesMessage(ValidationError, "moved to another sector"):
            self.update(notes="Tard")
        with self.assertRaisesMessage(ValidationError, "moved to another sector"):
            siad_session_record(
                by=self.w.owner, assignment=self.assignment, on=TODAY, attended=True
            )


class SessionTests(InEnglish, TrainingFixtures, TestCase):
    def setUp(self):
        super().setUp()
        self.assignment = self.assign()

    def record(self, **values):
        defaults = {
            "by": self.w.owner,
            "assignment": self.assignment,
            "on": LAST_WEEK,
            "attended": True,
        }
        return siad_session_record(**defaults | values)

    def test_it_records_the_date_and_attendance(self):
        first = self.record()
        second = self.record(on=TODAY, attended=False)
        self.assertEqual(
            list(self.assignment.sessions.values_list("date", "attended")),
            [(LAST_WEEK, True), (TODAY, False)],
        )
        self.assertEqual(first.created_by, self.w.owner)
        self.assertEqual(
            LogEntry.objects.get_for_object(second).get().action,
            LogEntry.Action.CREATE,
        )

    def test_one_session_per_day(self):
        self.record()
        with self.assertRaisesMessage(ValidationError, "already recorded"):
            self.record(attended=False)

    def test_a_session_is_recorded_once_it_has_taken_place(self):
        with self.assertRaises(ValidationError) as raised:
            self.record(on=TODAY + timedelta(days=1))
        self.assertIn("date", raised.exception.message_dict)

    def test_a_session_cannot_be_before_the_assignment(self):
        with self.assertRaises(ValidationError) as raised:
            self.record(on=LAST_WEEK - timedelta(days=1))
        self.assertIn("date", raised.exception.message_dict)

    def test_attendance_is_yes_or_no(self):
        with self.assertRaises(ValidationError) as raised:
            self.record(attended=None)
        self.assertIn("attended", raised.exception.message_dict)

    def test_only_the_siad_professionals_of_the_expedient_record_it(self):
        for user in (self.w.siad_mate, self.w.t.worker, self.w.foreign):
            with self.assertRaises(ActionNotAllowed):
                self.record(by=user)
        self.assertEqual(self.record(by=self.w.t.coordinator).attended, True)

    def test_a_closed_expedient_takes_no_session(self):
        reason = ClosingReason.objects.create(code="1", name="Resolt")
        expedient_close(
            case=self.w.case, reason=reason, acting_user=self.w.t.coordinator
        )
        with self.assertRaisesMessage(ValidationError, "is closed"):
            self.record()

    def test_a_session_may_be_corrected(self):
        session = self.record()
        changed = siad_session_update(
            by=self.w.owner, session=session, attended=False, on=TODAY
        )
        stored = SiadTrainingSession.objects.get(pk=changed.pk)
        self.assertEqual(
            (stored.date, stored.attended, stored.version), (TODAY, False, 2)
        )
        self.assertEqual(stored.updated_by, self.w.owner)

    def test_a_correction_keeps_every_rule(self):
        session = self.record()
        self.record(on=TODAY)
        with self.assertRaisesMessage(ValidationError, "already recorded"):
            siad_session_update(by=self.w.owner, session=session, on=TODAY)
        with self.assertRaises(ValidationError):
            siad_session_update(
                by=self.w.owner, session=session, on=TODAY + timedelta(days=2)
            )
        with self.assertRaises(ActionNotAllowed):
            siad_session_update(by=self.w.siad_mate, session=session, attended=False)

    def test_a_stale_correction_is_refused(self):
        session = self.record()
        stale = SiadTrainingSession.objects.get(pk=session.pk)
        siad_session_update(by=self.w.owner, session=session, attended=False)
        with self.assertRaises(EditConflict):
            siad_session_update(by=self.w.owner, session=stale, attended=True)
