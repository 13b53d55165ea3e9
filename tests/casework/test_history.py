"""The expedient's history shows who added or removed which persons on its
items: beneficiaries, plan referents and affected persons, objectives' target
persons (names only, never a document number)."""

from datetime import date, timedelta

from auditlog.context import set_actor
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from casework.history import ExpedientHistory, ListChange
from casework.models import InterventionPlan, LinkedPerson, PlanObjective, Resource
from casework.services import (
    demand_create,
    demand_update,
    objective_add,
    objective_update,
    plan_create,
    plan_update,
    resource_create,
    resource_update,
)
from casework.tabs import expedient_url
from tests.factories import BenefitFactory, DemandTypeFactory
from tests.factories.casework import basic_case, resident, territory

DOCUMENT = "48213957T"


class HistoryTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.main = resident(cls.t, first_name="Maria", document_number=DOCUMENT)
        cls.case = basic_case(cls.t, cls.main)
        cls.son = resident(cls.t, first_name="Pauet", document_number="39471125C")
        LinkedPerson.objects.create(expedient=cls.case, person=cls.son)

    def lines(self, user=None) -> list[tuple[str, str, str, str]]:
        """(who, part, label, "verb names") of every list change, newest first."""
        history = ExpedientHistory(self.case, user or self.t.worker)
        with translation.override("en"):
            events = history.build(list(history.entries()))
        return [
            (
                str(event.entry.actor),
                event.part,
                change.label,
                change.verb,
                change.names,
            )
            for event in events
            for change in event.changes
            if isinstance(change, ListChange)
        ]

    def resource(self, holder, *others):
        resource, _warnings = resource_create(
            resource=Resource(expedient=self.case, benefit=BenefitFactory(name="Beca")),
            holder=holder,
            beneficiaries=others,
            acting_user=self.t.worker,
        )
        return resource

    def plan(self, *affected):
        plan = InterventionPlan(
            expedient=self.case,
            title="Pla de millora",
            expires_on=date.today() + timedelta(days=90),
        )
        return plan_create(
            plan=plan,
            referents=[self.t.worker],
            affected_persons=affected or [self.main],
            acting_user=self.t.worker,
        )


class ListChangeTests(HistoryTestCase):
    def test_a_demands_beneficiaries_added_and_removed_with_who(self):
        demand = demand_create(
            expedient=self.case,
            acting_user=self.t.worker,
            beneficiaries=[self.main],
            type=DemandTypeFactory(),
        )
        with set_actor(self.t.teammate):
            demand_update(
                demand=demand, acting_user=self.t.teammate, beneficiaries=[self.son]
            )
        lines = self.lines()
        teammate = str(self.t.teammate)
        self.assertIn(
            (teammate, f"Demand: {demand}", "Beneficiaries", "added", str(self.son)),
            lines,
        )
        self.assertIn(
            (teammate, f"Demand: {demand}", "Beneficiaries", "removed", str(self.main)),
            lines,
        )

    def test_plan_referents_affected_persons_and_objective_targets(self):
        plan = self.plan()
        with set_actor(self.t.teammate):
            plan_update(
                plan=plan,
                referents=[self.t.worker, self.t.teammate],
                affected_persons=[self.main, self.son],
                expected_version=None,
                acting_user=self.t.teammate,
            )
            objective = objective_add(
                objective=PlanObjective(plan=plan, description="Escolaritzar"),
                target_persons=[self.son],
                acting_user=self.t.teammate,
            )
            objective_update(
                objective=objective,
                target_persons=[self.main],
                expected_version=None,
                acting_user=self.t.teammate,
            )
        changes = {(label, verb, names) for _w, _p, label, verb, names in self.lines()}
        self.assertLessEqual(
            {
                ("Referent professionals of the plan", "added", str(self.t.teammate)),
                ("Persons affected", "added", str(self.son)),
                ("Persons it is for", "added", str(self.son)),
                ("Persons it is for", "removed", str(self.son)),
                ("Persons it is for", "added", str(self.main)),
            },
            changes,
        )
        parts = {part for _w, part, *_rest in self.lines()}
        self.assertIn("Objective: Escolaritzar", parts)

    def test_a_resources_holder_and_beneficiaries(self):
        resource = self.resource(self.main)
        with set_actor(self.t.teammate):
            resource_update(
                resource=Resource.objects.get(pk=resource.pk),
                holder=self.main,
                beneficiaries=[self.son],
                expected_version=None,
                acting_user=self.t.teammate,
            )
        lines = self.lines()
        self.assertEqual(
            lines[0][:4],
            (str(self.t.teammate), "Resource: Beca", "Beneficiaries", "added"),
        )
        self.assertIn(str(self.son), lines[0][4])
        self.assertIn(str(self.main), lines[-1][4])  # the holder, on creation

    def test_saving_a_resource_with_the_same_persons_adds_no_lines(self):
        resource = self.resource(self.main, self.son)
        before = len(self.lines())
        resource_update(
            resource=Resource.objects.get(pk=resource.pk),
            holder=self.main,
            beneficiaries=[self.son],
            expected_version=None,
            acting_user=self.t.worker,
        )
        self.assertEqual(len(self.lines()), before)

    def test_roles_that_do_not_read_resources_or_plans_see_none_of_their_persons(
        self,
    ):
        self.resource(self.main, self.son)
        objective_add(
            objective=PlanObjective(plan=self.plan(), description="Feina"),
            target_persons=[self.main],
            acting_user=self.t.worker,
        )
        self.assertNotEqual(self.lines(), [])
        self.assertEqual(self.lines(self.t.administrative), [])

    def test_rows_of_another_expedients_items_are_not_shown(self):
        other = basic_case(self.t, self.son)
        before = self.lines()
        resource_create(
            resource=Resource(expedient=other, benefit=BenefitFactory(name="Altre")),
            holder=self.son,
            acting_user=self.t.worker,
        )
        self.assertEqual(self.lines(), before)


class HistoryScreenTests(HistoryTestCase):
    def test_the_tab_shows_names_and_never_documents(self):
        self.resource(self.main, self.son)
        plan = self.plan(self.main, self.son)
        objective_add(
            objective=PlanObjective(plan=plan, description="Escolaritzar"),
            target_persons=[self.son],
            acting_user=self.t.worker,
        )
        self.client.force_login(self.t.worker)
        response = self.client.get(expedient_url(self.case.pk, "history"))
        self.assertContains(response, escape(str(self.son)))
        self.assertContains(response, "Escolaritzar")
        self.assertNotContains(response, DOCUMENT)
        self.assertNotContains(response, self.son.document_number)

    def test_the_tab_does_not_grow_queries_with_list_changes(self):
        url = expedient_url(self.case.pk, "history")
        self.client.force_login(self.t.worker)
        resource = self.resource(self.main)
        plan = self.plan(self.main, self.son)
        objective_add(
            objective=PlanObjective(plan=plan, description="Primer"),
            target_persons=[self.main],
            acting_user=self.t.worker,
        )
        before = self.count(url)
        for n in range(3):
            resource_update(
                resource=Resource.objects.get(pk=resource.pk),
                holder=self.main,
                beneficiaries=[self.son] if n % 2 == 0 else [],
                expected_version=None,
                acting_user=self.t.worker,
            )
            objective_add(
                objective=PlanObjective(plan=plan, description=f"O{n}"),
                target_persons=[self.son],
                acting_user=self.t.worker,
            )
        self.assertEqual(self.count(url), before)

    def count(self, url) -> int:
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)
