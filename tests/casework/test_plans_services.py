"""Intervention plans: the treatment stage, closing, read-only closed plans,
objectives among the affected persons, version conflicts."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase

from casework.enums import ObjectiveResult, PlanClosingReason, PlanState
from casework.models import BasicCase, InterventionPlan, LinkedPerson, PlanObjective
from casework.services import (
    EditConflict,
    objective_add,
    objective_evaluate,
    plan_close,
    plan_create,
    plan_update,
)
from configuration import roles
from configuration.enums import ExpedientStage, ExpedientState
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory

TODAY = date.today()


def new_plan(t, case, **fields):
    values = {
        "title": "Pla de millora",
        "starts_on": TODAY,
        "expires_on": TODAY + timedelta(days=180),
        **fields,
    }
    return InterventionPlan(expedient=case, **values)


class PlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)

    def open_plan(self, **fields):
        return plan_create(
            plan=new_plan(self.t, self.case, **fields),
            referents=fields.pop("referents", [self.t.worker]),
            affected_persons=[self.person],
            acting_user=self.t.worker,
        )

    def test_the_first_open_plan_moves_the_expedient_to_treatment(self):
        self.assertEqual(
            BasicCase.objects.get(pk=self.case.pk).stage, ExpedientStage.RECEPTION
        )
        version = BasicCase.objects.get(pk=self.case.pk).version
        plan = self.open_plan()
        case = BasicCase.objects.get(pk=self.case.pk)
        self.assertEqual(case.stage, ExpedientStage.TREATMENT)
        self.assertEqual(case.version, version + 1)
        self.assertEqual(plan.state, PlanState.OPEN)
        self.assertEqual(list(plan.referents.all()), [self.t.worker])

    def test_several_plans_per_expedient(self):
        self.open_plan()
        self.open_plan(title="Segon pla")
        self.assertEqual(
            InterventionPlan.objects.filter(expedient=self.case).count(), 2
        )

    def test_expiry_before_start_is_refused(self):
        with self.assertRaises(ValidationError):
            self.open_plan(expires_on=TODAY - timedelta(days=1))

    def test_referents_are_active_professionals_of_the_area(self):
        stranger = professional(roles.TECNIC, area=AreaFactory())
        with self.assertRaises(ValidationError):
            plan_create(
                plan=new_plan(self.t, self.case),
                referents=[stranger],
                affected_persons=[self.person],
                acting_user=self.t.worker,
            )

    def test_affected_persons_are_linked_ones(self):
        with self.assertRaises(ValidationError):
            plan_create(
                plan=new_plan(self.t, self.case),
                referents=[self.t.worker],
                affected_persons=[resident(self.t, first_name="Pere")],
                acting_user=self.t.worker,
            )

    def test_a_closed_expedient_refuses_a_plan(self):
        self.case.state = ExpedientState.CLOSED
        with self.assertRaises(ValidationError):
            self.open_plan()

    def test_closing_needs_a_reason_and_leaves_the_plan_read_only(self):
        plan = self.open_plan()
        with self.assertRaises(ValidationError):
            plan_close(plan=plan, reason="", acting_user=self.t.worker)
        plan_close(
            plan=plan, reason=PlanClosingReason.ACHIEVED, acting_user=self.t.worker
        )
        plan.refresh_from_db()
        self.assertEqual((plan.state, plan.closed_on), (PlanState.CLOSED, TODAY))
        plan.title = "Canviat"
        with self.assertRaises(ValidationError):
            plan_update(
                plan=plan,
                referents=[self.t.worker],
                affected_persons=[self.person],
                expected_version=plan.version,
                acting_user=self.t.worker,
            )
        with self.assertRaises(ValidationError):
            objective_add(
                objective=PlanObjective(plan=plan, description="Nou"),
                acting_user=self.t.worker,
            )

    def test_a_stale_edit_is_refused(self):
        plan = self.open_plan()
        first = InterventionPlan.objects.get(pk=plan.pk)
        second = InterventionPlan.objects.get(pk=plan.pk)
        for copy, title, user in ((first, "A", self.t.worker), (second, "B", None)):
            copy.title = title
            call = lambda copy=copy, user=user: plan_update(  # noqa: E731
                plan=copy,
                referents=[self.t.worker],
                affected_persons=[self.person],
                expected_version=1,
                acting_user=user or self.t.teammate,
            )
            if user:
                call()
            else:
                with self.assertRaises(EditConflict):
                    call()


class ObjectiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.sibling = resident(cls.t, first_name="Pau")
        LinkedPerson.objects.create(expedient=cls.case, person=cls.sibling)
        cls.plan = plan_create(
            plan=new_plan(cls.t, cls.case),
            referents=[cls.t.worker],
            affected_persons=[cls.person],
            acting_user=cls.t.worker,
        )

    def test_targets_are_among_the_affected_persons(self):
        objective = objective_add(
            objective=PlanObjective(plan=self.plan, description="Escolaritzar"),
            target_persons=[self.person],
            acting_user=self.t.worker,
        )
        self.assertEqual(list(objective.target_persons.all()), [self.person])
        with self.assertRaises(ValidationError):
            objective_add(
                objective=PlanObjective(plan=self.plan, description="Feina"),
                target_persons=[self.sibling],
                acting_user=self.t.worker,
            )

    def test_evaluating_records_the_result(self):
        objective = objective_add(
            objective=PlanObjective(plan=self.plan, description="Escolaritzar"),
            target_persons=[self.person],
            acting_user=self.t.worker,
        )
        objective_evaluate(
            objective=objective,
            result=ObjectiveResult.PARTLY,
            acting_user=self.t.worker,
        )
        objective.refresh_from_db()
        self.assertEqual(objective.result, ObjectiveResult.PARTLY)
        self.assertEqual(objective.version, 2)
        self.assertEqual(list(objective.target_persons.all()), [self.person])

    def test_end_before_start_is_refused(self):
        with self.assertRaises(ValidationError):
            objective_add(
                objective=PlanObjective(
                    plan=self.plan,
                    description="X",
                    starts_on=TODAY,
                    ends_on=TODAY - timedelta(days=1),
                ),
                acting_user=self.t.worker,
            )
