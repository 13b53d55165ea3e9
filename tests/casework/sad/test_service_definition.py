"""The service definition: characteristics kept per start or modification
(each stage shows the service as it was), their bounds, and the work plans
with the one in force (domain.md §3.4)."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from casework.models import HomeCareDefinition
from casework.modules.sad.enums import HomeCareEventKind as Kind
from casework.modules.sad.enums import WorkPlanPeriodicity
from casework.modules.sad.rules import active_work_plan, service_at
from casework.modules.sad.services import add_work_plan, update_work_plan
from casework.services.expedients import ActionNotAllowed
from configuration.enums import SadKind
from tests.factories import AreaFactory, HomeCareTaskFactory

from .world import SadTestCase, approved, characteristics, open_case, propose, world

TODAY = date.today()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


class CharacteristicsTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()

    def setUp(self):
        super().setUp()
        self.case = open_case(self.w, on=days_ago(60))

    def start(self, **fields):
        return approved(
            self.w,
            self.case,
            Kind.START,
            on=days_ago(50),
            characteristics=characteristics(self.w, **fields),
        )

    def test_each_stage_shows_the_service_as_defined_then(self):
        start = self.start(weekly_hours=Decimal(4))
        suspension = approved(self.w, self.case, Kind.SUSPENSION, on=days_ago(40))
        resumption = approved(self.w, self.case, Kind.RESUMPTION, on=days_ago(30))
        dependency = HomeCareTaskFactory()
        modification = approved(
            self.w,
            self.case,
            Kind.MODIFICATION,
            on=days_ago(20),
            characteristics=characteristics(
                self.w,
                service_type=SadKind.DEPENDENCY,
                weekly_hours=Decimal("10.5"),
                tasks=[dependency],
            ),
        )
        information = self.case.events.get(kind=Kind.INFORMATION)
        self.assertIsNone(service_at(information).definition)
        for event in (start, suspension, resumption):
            with self.subTest(kind=event.kind):
                self.assertEqual(service_at(event).definition.weekly_hours, 4)
        stage = service_at(modification).definition
        self.assertEqual(stage.weekly_hours, Decimal("10.5"))
        self.assertEqual(stage.service_type, SadKind.DEPENDENCY)
        self.assertEqual(list(stage.tasks.all()), [dependency])
        # The start's own version is kept as it was.
        self.assertEqual(list(start.definition.tasks.all()), [self.w.task])

    def test_a_denied_modification_shows_what_was_proposed_and_changes_nothing(self):
        self.start(weekly_hours=Decimal(4))
        event = propose(
            self.w,
            self.case,
            Kind.MODIFICATION,
            characteristics=characteristics(self.w, weekly_hours=Decimal(9)),
        )
        from casework.modules.sad.services import deny_home_care_event

        deny_home_care_event(by=self.w.manager, event=event, reason="No")
        self.assertEqual(service_at(event).definition.weekly_hours, 9)
        self.case.refresh_from_db()
        self.assertEqual(self.case.definition_in_force.weekly_hours, 4)

    def test_bad_characteristics_are_refused(self):
        bad = {
            "weekly_hours": Decimal(0),
            "copayment": Decimal("-1"),
            "service_type": SadKind.NONE,
            "funding": 0,
            "tasks": [],
        }
        for field, value in bad.items():
            with self.subTest(field=field), self.assertRaises(ValidationError) as e:
                propose(
                    self.w,
                    self.case,
                    Kind.START,
                    characteristics=characteristics(self.w, **{field: value}),
                )
            self.assertIn(field, e.exception.message_dict)
        self.assertFalse(self.case.events.filter(kind=Kind.START).exists())

    def test_weekly_hours_are_bounded(self):
        with self.assertRaises(ValidationError):
            self.start(weekly_hours=Decimal(57))
        self.assertEqual(
            self.start(weekly_hours=Decimal(56)).definition.weekly_hours, 56
        )

    def test_a_task_of_another_area_or_inactive_is_refused(self):
        for task in (
            HomeCareTaskFactory(area=AreaFactory()),
            HomeCareTaskFactory(is_active=False),
        ):
            with self.subTest(task=task.pk), self.assertRaises(ValidationError):
                self.start(tasks=[task])
        self.assertFalse(HomeCareDefinition.objects.exists())

    def test_a_local_task_of_the_area_is_accepted(self):
        task = HomeCareTaskFactory(area=self.w.t.area)
        self.assertEqual(list(self.start(tasks=[task]).definition.tasks.all()), [task])


class WorkPlanTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()

    def setUp(self):
        super().setUp()
        self.case = open_case(self.w, on=days_ago(60))

    def plan(self, starts_on, *, by=None, **fields):
        values = {
            "weekdays": [0, 2, 4],
            "hours": Decimal(2),
            "periodicity": WorkPlanPeriodicity.WEEKLY,
            **fields,
        }
        return add_work_plan(
            by=by or self.w.manager, case=self.case, starts_on=starts_on, **values
        )

    def test_the_active_plan_has_the_latest_start_not_in_the_future(self):
        self.assertIsNone(active_work_plan(self.case))
        self.plan(days_ago(50))
        current = self.plan(days_ago(10))
        self.plan(TODAY + timedelta(days=5))
        self.assertEqual(active_work_plan(self.case), current)
        self.assertEqual(
            active_work_plan(self.case, TODAY + timedelta(days=5)).hours, 2
        )

    def test_each_stage_shows_the_plan_then(self):
        first = self.plan(days_ago(55))
        self.plan(days_ago(5))
        start = approved(
            self.w,
            self.case,
            Kind.START,
            on=days_ago(50),
            characteristics=characteristics(self.w),
        )
        self.assertEqual(service_at(start).work_plan, first)

    def test_days_are_kept_in_order_and_bad_ones_refused(self):
        self.assertEqual(self.plan(days_ago(5), weekdays=[4, 0]).weekdays, [0, 4])
        for days in ([], [7], [1, 1], ["1"], [True]):
            with self.subTest(days=days), self.assertRaises(ValidationError):
                self.plan(days_ago(4), weekdays=days)

    def test_hours_are_bounded(self):
        for hours in (Decimal(0), Decimal(13)):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                self.plan(days_ago(4), hours=hours)

    def test_a_plan_cannot_start_before_the_expedient_opened(self):
        with self.assertRaisesMessage(ValidationError, "when the expedient opened"):
            self.plan(days_ago(61))

    def test_two_plans_cannot_start_on_one_day(self):
        self.plan(days_ago(5))
        with self.assertRaises(ValidationError):
            self.plan(days_ago(5))

    def test_a_future_plan_may_change_one_already_applying_may_not(self):
        future = self.plan(TODAY + timedelta(days=3))
        changed = update_work_plan(
            by=self.w.manager,
            plan=future,
            expected_version=future.version,
            starts_on=TODAY + timedelta(days=4),
            weekdays=[1],
            hours=Decimal(3),
            periodicity=WorkPlanPeriodicity.FORTNIGHTLY,
        )
        self.assertEqual((changed.weekdays, changed.hours), ([1], 3))
        current = self.plan(days_ago(1))
        with self.assertRaisesMessage(ValidationError, "add a new plan"):
            update_work_plan(
                by=self.w.manager,
                plan=current,
                expected_version=current.version,
                starts_on=days_ago(1),
                weekdays=[1],
                hours=Decimal(3),
                periodicity=WorkPlanPeriodicity.WEEKLY,
            )

    def test_only_the_sad_manager_and_coordinators_plan(self):
        self.plan(days_ago(5), by=self.w.t.coordinator)
        for user in (self.w.t.worker, world().manager):
            with self.subTest(user=user.username), self.assertRaises(ActionNotAllowed):
                self.plan(days_ago(3), by=user)

    def test_no_plan_in_a_closed_expedient(self):
        approved(self.w, self.case, Kind.END, on=TODAY, closing_reason=self.w.reason)
        self.case.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "closed"):
            self.plan(days_ago(3))
