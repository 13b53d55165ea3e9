"""Handover summaries (issue #7; domain.md §4.4, §4.8): written after the
reference professional of an expedient changes, read by the receiver, the
previous professional and the receiver's coordinators, acknowledged by the
receiver only."""

from datetime import date, time, timedelta
from unittest import mock

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agenda import services as agenda_services
from casework.enums import ObjectiveResult, PlanState
from casework.history import ExpedientHistory
from casework.models import (
    BasicCase,
    Expedient,
    InterventionPlan,
    PlanObjective,
    Resource,
)
from casework.services.expedients import (
    ActionNotAllowed,
    expedient_close,
    expedient_update,
)
from casework.signals import ReferenceChange
from configuration import roles
from configuration.enums import ResourceState
from configuration.models import ClosingReason, WorkSchedule
from helpdesk.alerts.kinds import AlertKind
from helpdesk.enums import NotificationKind
from helpdesk.handovers.services import handover_acknowledge, handovers_record
from helpdesk.models import Handover, Notification
from helpdesk.tools.services import professional_holdings_transfer
from tests.factories import BenefitFactory, english_ui, professional
from tests.factories.casework import basic_case, territory

TODAY = date.today()


def fresh(case):
    return Expedient.objects.get(pk=case.pk)


class HandoverData:
    """Mixin for TestCase: a territory whose worker holds `case`, and helpers
    that change its reference professional the way the screens do."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)  # the worker is its reference professional
        english_ui(cls.t.worker, cls.t.teammate, cls.t.coordinator)

    def change(self, to, *, by=None, case=None):
        """Change the cover's reference professional and run what waits for
        the commit (the handover)."""
        case = fresh(case or self.case)
        case.reference_professional = to
        with self.captureOnCommitCallbacks(execute=True):
            expedient_update(case=case, acting_user=by or self.t.worker)

    def hand_over(self) -> Handover:
        self.change(self.t.teammate)
        return Handover.objects.get(
            expedient=self.case, to_professional=self.t.teammate
        )


class HandoverSnapshotTests(HandoverData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        case = cls.case
        cls.plan = InterventionPlan.objects.create(
            expedient=case,
            title="Pla de millora",
            starts_on=TODAY - timedelta(days=90),
            expires_on=TODAY - timedelta(days=1),  # expired: an alert applies
        )
        cls.open_objective = PlanObjective.objects.create(
            plan=cls.plan, description="Trobar feina"
        )
        cls.achieved = PlanObjective.objects.create(
            plan=cls.plan, description="Escolaritzar", result=ObjectiveResult.ACHIEVED
        )
        cls.closed_plan = InterventionPlan.objects.create(
            expedient=case,
            title="Pla tancat",
            starts_on=TODAY - timedelta(days=90),
            expires_on=TODAY + timedelta(days=90),
            state=PlanState.CLOSED,
        )
        cls.pre_assigned = Resource.objects.create(
            expedient=case,
            benefit=BenefitFactory(name="Ajut menjador"),
            state=ResourceState.PRE_ASSIGNED,
        )
        cls.granted = Resource.objects.create(
            expedient=case,
            benefit=BenefitFactory(name="Teleassistència"),
            state=ResourceState.GRANTED,
        )

    def test_it_holds_open_plans_with_their_open_objectives(self):
        plans = self.hand_over().summary["plans"]
        self.assertEqual([p["id"] for p in plans], [self.plan.pk])
        self.assertEqual(
            [o["id"] for o in plans[0]["objectives"]], [self.open_objective.pk]
        )
        self.assertEqual(plans[0]["expires_on"], self.plan.expires_on.isoformat())

    def test_it_holds_pre_assigned_resources_not_granted_ones(self):
        resources = self.hand_over().summary["resources"]
        self.assertEqual([r["id"] for r in resources], [self.pre_assigned.pk])
        self.assertEqual(resources[0]["benefit"], "Ajut menjador")

    def test_it_holds_the_alerts_that_apply_to_the_expedient(self):
        alerts = self.hand_over().summary["alerts"]
        self.assertEqual([a["kind"] for a in alerts], [AlertKind.PLAN_EXPIRED])
        self.assertIn("Pla de millora", alerts[0]["text"])

    def test_it_lists_the_next_appointments_without_persons(self):
        t, on = self.t, TODAY + timedelta(days=7)
        WorkSchedule.objects.create(
            professional=t.worker,
            sector=t.sector,
            weekday=on.weekday(),
            starts_at=time(9),
            ends_at=time(14),
        )
        person = self.case.links.get().person
        appointment = agenda_services.book_appointment(
            acting_user=t.worker,
            professionals=[t.worker],
            persons=[person],
            sector=t.sector,
            on=on,
            starts_at=time(10),
            ends_at=time(10, 30),
            details=agenda_services.Details(expedient=self.case),
        )
        listed = self.hand_over().summary["appointments"]
        self.assertEqual([a["id"] for a in listed], [appointment.pk])
        self.assertEqual(listed[0]["starts_at"], "10:00")
        self.assertNotIn(person.first_name, str(listed))

    def test_it_is_a_snapshot_of_the_moment_of_change(self):
        handover = self.hand_over()
        Resource.objects.filter(pk=self.pre_assigned.pk).update(
            state=ResourceState.GRANTED
        )
        handover.refresh_from_db()
        self.assertEqual(len(handover.summary["resources"]), 1)

    def test_the_detail_page_links_every_line_into_the_expedient(self):
        handover = self.hand_over()
        self.client.force_login(self.t.teammate)
        response = self.client.get(handover.get_absolute_url())
        self.assertContains(
            response, reverse("casework_plans:edit", args=[self.plan.pk])
        )
        self.assertContains(
            response, reverse("casework_objectives:edit", args=[self.open_objective.pk])
        )
        self.assertNotContains(
            response, reverse("casework_objectives:edit", args=[self.achieved.pk])
        )
        self.assertContains(
            response, reverse("casework_resources:edit", args=[self.pre_assigned.pk])
        )
        self.assertContains(
            response, f"{reverse('casework_expedient', args=[self.case.pk])}?tab=plans"
        )
        self.assertContains(response, "No pending appointment.")


class HandoverCreationTests(HandoverData, TestCase):
    def test_the_cover_edit_writes_one_and_tells_the_receiver(self):
        handover = self.hand_over()
        self.assertEqual(handover.from_professional, self.t.worker)
        self.assertEqual(handover.changed_by, self.t.worker)
        self.assertTrue(handover.is_pending)
        notice = Notification.objects.get(recipient=self.t.teammate)
        self.assertEqual(notice.kind, NotificationKind.HANDOVER)
        self.assertEqual(notice.link, handover.get_absolute_url())
        self.assertIn(self.case.number, notice.text)

    def test_the_cover_edit_screen_writes_one(self):
        case = BasicCase.objects.get(pk=self.case.pk)
        data = {
            "family_name": case.family_name,
            "sector": case.sector_id,
            "reference_professional": self.t.teammate.pk,
            "family_type": case.family_type,
            "family_residence": case.family_residence,
            "stage": case.stage,
            "risk_grade": case.risk_grade,
            "expected_version": case.version,
        }
        self.client.force_login(self.t.worker)
        url = reverse("casework_expedients:edit", args=[case.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        handover = Handover.objects.get(expedient=self.case)
        self.assertEqual(handover.to_professional, self.t.teammate)
        self.assertEqual(handover.from_professional, self.t.worker)

    def test_a_failing_summary_does_not_undo_or_fail_the_change(self):
        broken = mock.patch(
            "helpdesk.receivers.handovers_record", side_effect=RuntimeError("bug")
        )
        with broken, self.assertLogs("django.test", level="ERROR"):
            self.change(self.t.teammate)
        self.assertEqual(fresh(self.case).reference_professional, self.t.teammate)
        self.assertFalse(Handover.objects.exists())

    def test_nothing_is_written_when_the_reference_stays_the_same(self):
        case = fresh(self.case)
        case.family_name = "Serra Puig"
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            expedient_update(case=case, acting_user=self.t.worker)
        self.assertEqual(callbacks, [])
        self.assertFalse(Handover.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_opening_an_expedient_writes_none(self):
        with self.captureOnCommitCallbacks(execute=True):
            basic_case(self.t, reference_professional=self.t.teammate)
        self.assertFalse(Handover.objects.exists())

    def test_nothing_is_written_when_the_transaction_fails(self):
        case = fresh(self.case)
        case.reference_professional = self.t.teammate
        with (
            self.captureOnCommitCallbacks(execute=True),
            self.assertRaises(RuntimeError),
            transaction.atomic(),
        ):
            expedient_update(case=case, acting_user=self.t.worker)
            raise RuntimeError("something after the change failed")
        self.assertEqual(fresh(self.case).reference_professional, self.t.worker)
        self.assertFalse(Handover.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_nothing_is_written_when_the_change_is_refused(self):
        case = fresh(self.case)
        case.reference_professional = self.t.teammate
        with (
            self.captureOnCommitCallbacks(execute=True),
            self.assertRaises(ActionNotAllowed),
        ):
            expedient_update(case=case, acting_user=self.t.administrative)
        self.assertFalse(Handover.objects.exists())

    def test_making_oneself_the_reference_writes_a_summary_but_no_notice(self):
        self.change(self.t.teammate, by=self.t.teammate)
        handover = Handover.objects.get()
        self.assertEqual(handover.to_professional, self.t.teammate)
        self.assertFalse(Notification.objects.exists())


class HandoverTransferToolTests(HandoverData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second = basic_case(cls.t)
        cls.closed = basic_case(cls.t)
        reason = ClosingReason.objects.create(code="H1", name="Resolt")
        expedient_close(case=cls.closed, reason=reason, acting_user=cls.t.worker)

    def transfer(self, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            professional_holdings_transfer(
                source=self.t.worker,
                target=self.t.teammate,
                acting_user=self.t.coordinator,
                **kwargs,
            )

    def test_one_handover_per_open_expedient_and_one_notice(self):
        self.transfer(include_closed=True)
        handovers = Handover.objects.order_by("expedient_id")
        self.assertEqual(
            [h.expedient_id for h in handovers], [self.case.pk, self.second.pk]
        )
        for handover in handovers:
            self.assertEqual(handover.from_professional, self.t.worker)
            self.assertEqual(handover.to_professional, self.t.teammate)
            self.assertEqual(handover.changed_by, self.t.coordinator)
        notice = Notification.objects.get(recipient=self.t.teammate)
        self.assertIn("2 expedients", notice.text)
        self.assertEqual(
            notice.link, reverse("helpdesk_handovers:index") + "?state=pending"
        )

    def test_recording_costs_the_same_queries_for_1_or_5_expedients(self):
        def record(count: int) -> list[Handover]:
            cases = [basic_case(self.t, by=self.t.teammate) for _ in range(count)]
            for case in cases:
                InterventionPlan.objects.create(
                    expedient=case,
                    title="Pla",
                    starts_on=TODAY - timedelta(days=30),
                    expires_on=TODAY - timedelta(days=1),
                )
            changes = [
                ReferenceChange(case.pk, self.t.worker.pk, self.t.teammate.pk)
                for case in cases
            ]
            with CaptureQueriesContext(connection) as queries:
                created = handovers_record(changes=changes, acting_user=self.t.worker)
            self.assertEqual(len(created), count)
            self.assertTrue(all(h.summary["alerts"] for h in created))
            return queries

        record(1)  # warm the caches (content types)
        self.assertEqual(len(record(1)), len(record(5)))

    def test_a_failed_transfer_writes_none(self):
        with (
            self.captureOnCommitCallbacks(execute=True),
            self.assertRaises(ValidationError),
        ):
            professional_holdings_transfer(
                source=self.t.worker,
                target=self.t.worker,
                acting_user=self.t.coordinator,
            )
        self.assertFalse(Handover.objects.exists())


class HandoverSupersedeTests(HandoverData, TestCase):
    def test_a_second_change_supersedes_the_open_handover(self):
        first = self.hand_over()
        self.change(self.t.coordinator, by=self.t.coordinator)
        first.refresh_from_db()
        self.assertIsNotNone(first.superseded_at)
        self.assertFalse(first.is_pending)
        self.assertEqual(
            list(Handover.objects.filter(expedient=self.case).pending()),
            [Handover.objects.get(to_professional=self.t.coordinator)],
        )

    def test_one_open_handover_per_expedient_and_receiver(self):
        first = self.hand_over()
        self.change(self.t.worker, by=self.t.teammate)
        self.change(self.t.teammate, by=self.t.worker)
        mine = Handover.objects.filter(
            expedient=self.case, to_professional=self.t.teammate
        )
        self.assertEqual(mine.count(), 2)
        self.assertEqual(mine.pending().count(), 1)
        self.assertNotEqual(mine.pending().get(), first)

    def test_a_superseded_handover_cannot_be_acknowledged(self):
        first = self.hand_over()
        self.change(self.t.worker, by=self.t.teammate)
        with self.assertRaises(ValidationError):
            handover_acknowledge(handover=first, acting_user=self.t.teammate)

    def test_a_late_announcement_of_an_older_change_writes_nothing(self):
        stale = ReferenceChange(self.case.pk, self.t.worker.pk, self.t.coordinator.pk)
        self.assertEqual(
            handovers_record(changes=[stale], acting_user=self.t.worker), []
        )


class HandoverAcknowledgeTests(HandoverData, TestCase):
    def test_the_receiver_acknowledges_once_and_it_is_audited(self):
        handover = self.hand_over()
        handover_acknowledge(handover=handover, acting_user=self.t.teammate)
        handover.refresh_from_db()
        self.assertIsNotNone(handover.acknowledged_at)
        entry = LogEntry.objects.get(
            content_type=ContentType.objects.get_for_model(Expedient),
            object_pk=str(self.case.pk),
            additional_data__event="handover_acknowledged",
        )
        self.assertEqual(entry.actor, self.t.teammate)
        self.assertEqual(entry.additional_data["handover"], handover.pk)
        with self.assertRaises(ValidationError):
            handover_acknowledge(handover=handover, acting_user=self.t.teammate)

    def test_nobody_else_acknowledges(self):
        handover = self.hand_over()
        for user in (self.t.worker, self.t.coordinator, self.t.outsider):
            with self.assertRaises(ActionNotAllowed):
                handover_acknowledge(handover=handover, acting_user=user)
        handover.refresh_from_db()
        self.assertIsNone(handover.acknowledged_at)

    def test_the_button_acknowledges_for_the_receiver(self):
        handover = self.hand_over()
        english_ui(self.t.teammate)
        self.client.force_login(self.t.teammate)
        url = reverse("helpdesk_handovers:acknowledge", args=[handover.pk])
        response = self.client.get(handover.get_absolute_url())
        self.assertContains(response, f'action="{url}"')
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Handover acknowledged.")
        handover.refresh_from_db()
        self.assertIsNotNone(handover.acknowledged_at)

    def test_the_previous_professional_sees_no_button_and_is_refused(self):
        handover = self.hand_over()
        self.client.force_login(self.t.worker)
        url = reverse("helpdesk_handovers:acknowledge", args=[handover.pk])
        response = self.client.get(handover.get_absolute_url())
        self.assertNotContains(response, f'action="{url}"')
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Only the receiving professional")
        handover.refresh_from_db()
        self.assertIsNone(handover.acknowledged_at)

    def test_the_acknowledgement_is_in_the_expedients_history(self):
        handover = self.hand_over()
        handover_acknowledge(handover=handover, acting_user=self.t.teammate)
        history = ExpedientHistory(fresh(self.case), self.t.teammate)
        with translation.override("en"):
            events = history.build(list(history.entries()))
            self.assertEqual(str(events[0].action), "Handover acknowledged")
        self.assertEqual(events[0].entry.additional_data["handover"], handover.pk)


class HandoverAccessTests(HandoverData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Works in the expedient's sector (sees it) but is not concerned.
        cls.colleague = professional(roles.TECNIC, area=cls.t.area)
        cls.colleague.teams.add(cls.t.team)
        cls.elsewhere = territory().coordinator

    def status(self, user, handover, name="detail") -> int:
        self.client.force_login(user)
        url = reverse(f"helpdesk_handovers:{name}", args=[handover.pk])
        if name == "acknowledge":
            return self.client.post(url).status_code
        return self.client.get(url).status_code

    def test_who_may_read_a_handover(self):
        handover = self.hand_over()
        for user in (self.t.teammate, self.t.worker, self.t.coordinator):
            self.assertEqual(self.status(user, handover), 200, user)
        for user in (self.colleague, self.t.outsider, self.elsewhere):
            self.assertEqual(self.status(user, handover), 404, user)
            self.assertEqual(self.status(user, handover, "acknowledge"), 404, user)

    def test_reading_a_handover_is_a_logged_read_of_the_expedient(self):
        handover = self.hand_over()
        self.assertEqual(self.status(self.t.coordinator, handover), 200)
        read = LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS,
            object_pk=str(self.case.pk),
            actor=self.t.coordinator,
        )
        self.assertEqual(read.count(), 1)

    def test_not_once_the_expedient_is_out_of_their_sight(self):
        handover = self.hand_over()
        Expedient.objects.filter(pk=self.case.pk).update(confidential=True)
        # The previous professional is no longer named on the expedient.
        self.assertEqual(self.status(self.t.worker, handover), 404)
        self.assertEqual(self.status(self.t.teammate, handover), 200)

    def test_the_listing_shows_only_handovers_to_me(self):
        handover = self.hand_over()
        self.client.force_login(self.t.teammate)
        response = self.client.get(reverse("helpdesk_handovers:index"))
        self.assertContains(response, handover.get_absolute_url())
        self.client.force_login(self.t.worker)
        response = self.client.get(reverse("helpdesk_handovers:index"))
        self.assertNotContains(response, handover.get_absolute_url())


class HandoverScreensTests(HandoverData, TestCase):
    def handovers(self, count: int) -> list[Handover]:
        return [
            Handover.objects.create(
                expedient=basic_case(self.t),
                from_professional=self.t.worker,
                to_professional=self.t.teammate,
                changed_by=self.t.worker,
            )
            for _ in range(count)
        ]

    def test_the_home_panel_counts_the_handovers_to_acknowledge(self):
        first, second, third = self.handovers(3)
        handover_acknowledge(handover=first, acting_user=self.t.teammate)
        self.client.force_login(self.t.teammate)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Handovers to acknowledge")
        self.assertContains(response, "2 expedients were handed over to you")

    def test_the_panel_says_when_nothing_waits(self):
        self.client.force_login(self.t.teammate)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "No handover waits for your acknowledgement.")
        self.assertContains(response, reverse("helpdesk_handovers:index"))

    def test_the_listing_filters_pending_and_acknowledged(self):
        first, second = self.handovers(2)
        handover_acknowledge(handover=first, acting_user=self.t.teammate)
        self.client.force_login(self.t.teammate)
        index = reverse("helpdesk_handovers:index")
        pending = self.client.get(index, {"state": "pending"})
        self.assertContains(pending, second.get_absolute_url())
        self.assertNotContains(pending, first.get_absolute_url())
        done = self.client.get(index, {"state": "acknowledged"})
        self.assertContains(done, first.get_absolute_url())
        self.assertNotContains(done, second.get_absolute_url())

    def test_the_listing_costs_the_same_queries_for_1_or_5_rows(self):
        self.client.force_login(self.t.teammate)
        index = reverse("helpdesk_handovers:index")
        self.handovers(1)
        self.client.get(index)  # warm the caches (content types, site)
        with CaptureQueriesContext(connection) as one:
            self.client.get(index)
        self.handovers(4)
        with self.assertNumQueries(len(one)):
            response = self.client.get(index)
        self.assertEqual(len(response.context["object_list"]), 5)
