"""The home-care state events: every transition, every refusal, who proposes
and who decides, the check again at decision time, and the end of service
closing the expedient (domain.md §2.4, §3.4)."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from casework.enums import AutomaticEvent
from casework.models import Actuacio, HomeCareCase, HomeCareEvent
from casework.modules.sad.enums import HomeCareEventKind as Kind
from casework.modules.sad.enums import HomeCareEventStatus as Status
from casework.modules.sad.rules import event_in_force
from casework.modules.sad.services import (
    approve_home_care_event,
    deny_home_care_event,
)
from casework.services.expedients import ActionNotAllowed
from configuration import roles
from configuration.enums import ExpedientState
from tests.factories import professional

from .world import (
    SadTestCase,
    approved,
    characteristics,
    member,
    open_case,
    propose,
    world,
)

TODAY = date.today()


def fresh(case) -> HomeCareCase:
    return HomeCareCase.objects.get(pk=case.pk)


class EventsBase(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()

    def setUp(self):
        super().setUp()
        self.case = open_case(self.w, on=TODAY - timedelta(days=30))

    def start(self, on=None):
        return approved(
            self.w,
            self.case,
            Kind.START,
            on=on or TODAY - timedelta(days=20),
            characteristics=characteristics(self.w),
        )

    def suspend(self, on=None):
        return approved(
            self.w, self.case, Kind.SUSPENSION, on=on or TODAY - timedelta(days=10)
        )

    def assert_refused(self, kind, text, *, on=TODAY, **extra):
        with self.assertRaisesMessage(ValidationError, text):
            propose(self.w, self.case, kind, on=on, **extra)

    def in_force(self):
        case = fresh(self.case)
        self.assertEqual(case.event_in_force, event_in_force(case))
        return case.event_in_force


class TransitionTests(EventsBase):
    def test_start_after_the_information_gathering(self):
        event = self.start()
        self.assertEqual(self.in_force(), event)
        self.assertEqual(fresh(self.case).definition_in_force, event.definition)

    def test_modification_while_running(self):
        self.start()
        event = approved(
            self.w,
            self.case,
            Kind.MODIFICATION,
            on=TODAY,
            characteristics=characteristics(self.w, weekly_hours=8),
        )
        self.assertEqual(self.in_force(), event)
        self.assertEqual(fresh(self.case).definition_in_force.weekly_hours, 8)

    def test_suspension_then_resumption_then_suspension_again(self):
        self.start()
        self.suspend()
        resumed = approved(self.w, self.case, Kind.RESUMPTION, on=TODAY - timedelta(5))
        self.assertEqual(self.in_force(), resumed)
        again = approved(self.w, self.case, Kind.SUSPENSION, on=TODAY)
        self.assertEqual(self.in_force(), again)

    def test_modification_after_a_resumption(self):
        self.start()
        self.suspend()
        approved(self.w, self.case, Kind.RESUMPTION, on=TODAY - timedelta(5))
        event = approved(
            self.w,
            self.case,
            Kind.MODIFICATION,
            on=TODAY,
            characteristics=characteristics(self.w),
        )
        self.assertEqual(self.in_force(), event)

    def test_end_of_a_running_service_closes_the_expedient(self):
        self.start()
        end = approved(
            self.w, self.case, Kind.END, on=TODAY, closing_reason=self.w.reason
        )
        case = fresh(self.case)
        self.assertEqual(self.in_force(), end)
        self.assertEqual(case.state, ExpedientState.CLOSED)
        self.assertEqual(case.closing_reason, self.w.reason)
        self.assertEqual(case.state_date, TODAY)
        self.assertTrue(
            Actuacio.objects.filter(expedient=case, event=AutomaticEvent.CLOSED)
        )

    def test_end_of_a_suspended_service(self):
        self.start()
        self.suspend()
        approved(self.w, self.case, Kind.END, on=TODAY, closing_reason=self.w.reason)
        self.assertFalse(fresh(self.case).is_open)

    def test_end_before_the_service_started(self):
        approved(self.w, self.case, Kind.END, on=TODAY, closing_reason=self.w.reason)
        self.assertFalse(fresh(self.case).is_open)

    def test_a_denied_event_leaves_the_state_in_force(self):
        self.start()
        event = propose(self.w, self.case, Kind.SUSPENSION)
        denied = deny_home_care_event(by=self.w.manager, event=event, reason="No cal")
        self.assertEqual(denied.status, Status.DENIED)
        self.assertEqual(denied.denial_reason, "No cal")
        self.assertEqual(denied.decided_by, self.w.manager)
        self.assertEqual(self.in_force().kind, Kind.START)

    def test_a_denied_start_may_be_proposed_again(self):
        event = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        deny_home_care_event(by=self.w.manager, event=event, reason="Falten dades")
        self.start(on=TODAY)
        self.assertEqual(self.in_force().kind, Kind.START)


class RefusalTests(EventsBase):
    def test_resumption_without_a_suspension_in_force(self):
        self.assert_refused(Kind.RESUMPTION, "not suspended")
        self.start()
        self.assert_refused(Kind.RESUMPTION, "not suspended")

    def test_a_second_start(self):
        self.start()
        self.assert_refused(
            Kind.START, "already started", characteristics=characteristics(self.w)
        )
        self.suspend()
        self.assert_refused(
            Kind.START, "already started", characteristics=characteristics(self.w)
        )

    def test_modification_or_suspension_before_the_start(self):
        self.assert_refused(
            Kind.MODIFICATION, "not started", characteristics=characteristics(self.w)
        )
        self.assert_refused(Kind.SUSPENSION, "not started")

    def test_suspension_while_suspended(self):
        self.start()
        self.suspend()
        self.assert_refused(Kind.SUSPENSION, "already suspended")

    def test_modification_while_suspended(self):
        self.start()
        self.suspend()
        self.assert_refused(
            Kind.MODIFICATION, "resumption", characteristics=characteristics(self.w)
        )

    def test_anything_after_the_end(self):
        self.start()
        approved(self.w, self.case, Kind.END, on=TODAY, closing_reason=self.w.reason)
        for kind, extra in (
            (Kind.MODIFICATION, {"characteristics": characteristics(self.w)}),
            (Kind.SUSPENSION, {}),
            (Kind.RESUMPTION, {}),
            (Kind.END, {"closing_reason": self.w.reason}),
            (Kind.START, {"characteristics": characteristics(self.w)}),
        ):
            with self.subTest(kind=kind):
                self.assert_refused(kind, "no event can follow its end", **extra)

    def test_information_gathering_is_only_automatic(self):
        self.assert_refused(Kind.INFORMATION, "recorded once")

    def test_an_event_dated_before_the_state_in_force(self):
        self.start(on=TODAY - timedelta(days=5))
        self.assert_refused(
            Kind.SUSPENSION, "cannot be before", on=TODAY - timedelta(6)
        )

    def test_an_end_dated_in_the_future(self):
        self.assert_refused(
            Kind.END,
            "cannot be dated in the future",
            on=TODAY + timedelta(days=1),
            closing_reason=self.w.reason,
        )

    def test_an_end_needs_its_reason_and_only_it_has_one(self):
        self.assert_refused(Kind.END, "reason for the end of service")
        self.start()
        self.assert_refused(
            Kind.SUSPENSION, "Only the end of service", closing_reason=self.w.reason
        )

    def test_a_start_needs_its_characteristics_and_only_it_and_modifications(self):
        self.assert_refused(Kind.START, "Define the service")
        self.start()
        self.assert_refused(
            Kind.SUSPENSION,
            "Only a start or a modification",
            characteristics=characteristics(self.w),
        )

    def test_a_proposal_while_another_waits_for_a_decision(self):
        self.start()
        propose(self.w, self.case, Kind.SUSPENSION)
        self.assert_refused(
            Kind.END, "waiting for a decision", closing_reason=self.w.reason
        )

    def test_the_database_keeps_one_pending_event(self):
        self.start()
        propose(self.w, self.case, Kind.SUSPENSION)
        with self.assertRaises(IntegrityError), transaction.atomic():
            HomeCareEvent.objects.create(
                case=self.case,
                kind=Kind.SUSPENSION,
                date=TODAY,
                proposed_by=self.w.t.worker,
            )

    def test_an_event_is_decided_once(self):
        event = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        approve_home_care_event(by=self.w.manager, event=event)
        with self.assertRaisesMessage(ValidationError, "already decided"):
            approve_home_care_event(by=self.w.manager, event=event)
        with self.assertRaisesMessage(ValidationError, "already decided"):
            deny_home_care_event(by=self.w.manager, event=event, reason="Tard")

    def test_a_denial_needs_a_reason(self):
        event = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        with self.assertRaisesMessage(ValidationError, "Say why"):
            deny_home_care_event(by=self.w.manager, event=event, reason="  ")
        self.assertEqual(HomeCareEvent.objects.get(pk=event.pk).status, Status.PROPOSED)


class DecisionTimeTests(EventsBase):
    def test_approval_checks_the_event_against_the_state_in_force_then(self):
        # A proposal made before the rules held it back: the expedient was
        # closed meanwhile by the generic closing.
        self.start()
        event = propose(self.w, self.case, Kind.SUSPENSION)
        HomeCareCase.objects.filter(pk=self.case.pk).update(
            state=ExpedientState.CLOSED, closing_reason=self.w.reason
        )
        with self.assertRaisesMessage(ValidationError, "is closed"):
            approve_home_care_event(by=self.w.manager, event=event)

    def test_approval_refuses_an_event_the_state_no_longer_allows(self):
        self.start()
        event = propose(self.w, self.case, Kind.SUSPENSION)
        # The suspension in force was approved by another path meanwhile.
        HomeCareEvent.objects.create(
            case=self.case,
            kind=Kind.SUSPENSION,
            status=Status.APPROVED,
            date=TODAY,
            proposed_by=self.w.t.worker,
            decided_by=self.w.manager,
            decided_at=event.proposed_at,
        )
        with self.assertRaisesMessage(ValidationError, "already suspended"):
            approve_home_care_event(by=self.w.manager, event=event)


class RightsTests(EventsBase):
    def test_ssb_professionals_of_the_person_propose(self):
        for user in (self.w.t.worker, self.w.t.teammate, self.w.t.coordinator):
            with self.subTest(user=user.username):
                event = propose(
                    self.w,
                    self.case,
                    Kind.START,
                    by=user,
                    characteristics=characteristics(self.w),
                )
                deny_home_care_event(by=self.w.manager, event=event, reason="Prova")

    def test_the_sad_manager_proposes_too(self):
        event = propose(
            self.w,
            self.case,
            Kind.START,
            by=self.w.manager,
            characteristics=characteristics(self.w),
        )
        self.assertEqual(event.proposed_by, self.w.manager)

    def test_others_do_not_propose(self):
        family_worker = member(roles.TREBALLADOR_FAMILIAR, self.w.t)
        outsiders = (
            self.w.t.outsider,  # TS/ES of another sector
            self.w.t.administrative,
            family_worker,
            professional(roles.TECNIC_SIAD, area=self.w.t.area),
            world().manager,  # another area's SAD manager
        )
        for user in outsiders:
            with self.subTest(user=user.username), self.assertRaises(ActionNotAllowed):
                propose(
                    self.w,
                    self.case,
                    Kind.START,
                    by=user,
                    characteristics=characteristics(self.w),
                )

    def test_the_sad_manager_and_the_coordinator_decide(self):
        for decider in (self.w.manager, self.w.t.coordinator):
            with self.subTest(user=decider.username):
                event = propose(
                    self.w,
                    self.case,
                    Kind.START,
                    characteristics=characteristics(self.w),
                )
                denied = deny_home_care_event(by=decider, event=event, reason="Prova")
                self.assertEqual(denied.decided_by, decider)
        event = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        approve_home_care_event(by=self.w.t.coordinator, event=event)
        self.assertEqual(self.in_force(), event)

    def test_others_do_not_decide(self):
        event = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        deniers = (
            self.w.t.worker,  # the SSB social worker who proposed it
            self.w.t.teammate,
            self.w.t.administrative,
            world().manager,  # another area's SAD manager
            world().t.coordinator,  # another area's coordinator
        )
        for user in deniers:
            with self.subTest(user=user.username):
                with self.assertRaises(ActionNotAllowed):
                    approve_home_care_event(by=user, event=event)
                with self.assertRaises(ActionNotAllowed):
                    deny_home_care_event(by=user, event=event, reason="No")
        self.assertEqual(HomeCareEvent.objects.get(pk=event.pk).status, Status.PROPOSED)

    def test_a_manager_outside_the_expedients_territory_does_not_decide(self):
        elsewhere = member(roles.GESTOR_SAD, self.w.t, team=self.w.t.other_team)
        event = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        with self.assertRaises(ActionNotAllowed):
            approve_home_care_event(by=elsewhere, event=event)


class AuditTests(EventsBase):
    def test_the_proposal_and_the_decision_with_its_reason_are_in_the_trail(self):
        event = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        deny_home_care_event(by=self.w.manager, event=event, reason="Sense pressupost")
        entries = LogEntry.objects.get_for_object(event).order_by("timestamp", "pk")
        self.assertEqual(
            [e.action for e in entries],
            [LogEntry.Action.CREATE, LogEntry.Action.UPDATE],
        )
        changes = entries.last().changes
        self.assertEqual(changes["status"][1], Status.DENIED)
        self.assertEqual(changes["denial_reason"][1], "Sense pressupost")
        self.assertEqual(changes["decided_by"][1], str(self.w.manager.pk))


class CatalanWordingTests(EventsBase):
    def test_events_and_refusals_read_in_catalan(self):
        translation.activate("ca")
        labels = [str(label) for label in Kind.labels]
        self.assertEqual(
            labels,
            [
                "Recollida d'informació",
                "Alta",
                "Modificació",
                "Suspensió",
                "Represa",
                "Baixa",
            ],
        )
        self.assertEqual(
            [str(label) for label in Status.labels], ["Pendent", "Aprovat", "Denegat"]
        )
        self.assert_refused(Kind.RESUMPTION, "El servei no està suspès")
