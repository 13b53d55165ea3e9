"""Plan screens: the agreement PDF, who may open plans, closed plans read-only,
constant queries on the tab and the listing."""

from datetime import date, timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.enums import PlanClosingReason
from casework.models import InterventionPlan, PlanObjective
from casework.services import objective_add, plan_close, plan_create
from casework.viewsets.plans import plans_tab_context
from configuration import roles
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory

from .test_benefits_screens import STAND_IN, render_tab

TODAY = date.today()


def open_plan(t, case, person, **fields):
    values = {"title": "Pla", "expires_on": TODAY + timedelta(days=10), **fields}
    plan = plan_create(
        plan=InterventionPlan(expedient=case, **values),
        referents=[t.worker],
        affected_persons=[person],
        acting_user=t.worker,
    )
    objective_add(
        objective=PlanObjective(plan=plan, description="Escolaritzar"),
        target_persons=[person],
        acting_user=t.worker,
    )
    return plan


@STAND_IN
class PlanScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.plan = open_plan(cls.t, cls.case, cls.person)

    def pdf_url(self):
        return reverse("casework_plan_agreement", args=[self.plan.pk])

    def test_the_agreement_is_a_pdf_for_who_may_view_the_plan(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            self.client.force_login(user)
            response = self.client.get(self.pdf_url())
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertTrue(response.content.startswith(b"%PDF"))

    def test_outsiders_other_areas_and_administrative_roles_get_404(self):
        elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        edit = reverse("casework_plans:edit", args=[self.plan.pk])
        for user in (self.t.outsider, elsewhere, self.t.administrative):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.pdf_url()).status_code, 404, user)
            self.assertEqual(self.client.get(edit).status_code, 404, user)

    def test_administrative_roles_cannot_start_a_plan(self):
        self.client.force_login(self.t.administrative)
        add = reverse("casework_plans:add") + f"?expedient={self.case.pk}"
        self.assertNotEqual(self.client.get(add).status_code, 200)
        self.assertFalse(
            self.t.administrative.has_perm("casework.add_interventionplan")
        )

    def test_a_plan_is_started_from_its_form(self):
        self.client.force_login(self.t.worker)
        add = reverse("casework_plans:add") + f"?expedient={self.case.pk}"
        response = self.client.post(
            add,
            {
                "title": "Segon pla",
                "starts_on": TODAY.isoformat(),
                "expires_on": (TODAY + timedelta(days=90)).isoformat(),
                "referents": [self.t.worker.pk],
                "affected_persons": [self.person.pk],
                "agreements": "Assistir a les entrevistes.",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.assertEqual(self.case.plans.count(), 2)

    def test_a_closed_plan_is_read_only(self):
        plan_close(
            plan=self.plan, reason=PlanClosingReason.ACHIEVED, acting_user=self.t.worker
        )
        self.client.force_login(self.t.worker)
        response = self.client.post(
            reverse("casework_plans:edit", args=[self.plan.pk]),
            {"title": "Canviat", "expected_version": self.plan.version},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(InterventionPlan.objects.get(pk=self.plan.pk).title, "Pla")
        add = reverse("casework_objectives:add") + f"?plan={self.plan.pk}"
        response = self.client.post(add, {"description": "Nou", "type": "other"})
        self.assertEqual(self.plan.objectives.count(), 1)

    def test_objectives_are_added_from_the_plan(self):
        self.client.force_login(self.t.worker)
        add = reverse("casework_objectives:add") + f"?plan={self.plan.pk}"
        response = self.client.post(
            add,
            {
                "description": "Trobar feina",
                "type": "work",
                "population_sector": 0,
                "target_persons": [self.person.pk],
                "result": "",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.assertEqual(self.plan.objectives.count(), 2)
        self.client.force_login(self.t.outsider)
        self.assertEqual(self.client.get(add).status_code, 404)

    def test_the_tab_flags_expiring_plans_and_keeps_its_query_count(self):
        self.client.force_login(self.t.worker)
        url = reverse("casework_plans:index") + f"?expedient={self.case.pk}"
        self.client.get(url)
        render_tab(plans_tab_context, self.t.worker, self.case)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
            html = render_tab(plans_tab_context, self.t.worker, self.case)
        self.assertIn("casework-plan-expiring", html)
        for _ in range(3):
            open_plan(
                self.t,
                self.case,
                self.person,
                starts_on=TODAY - timedelta(days=30),
                expires_on=TODAY - timedelta(days=1),
            )
        with self.assertNumQueries(len(one)):
            self.client.get(url)
            html = render_tab(plans_tab_context, self.t.worker, self.case)
        self.assertIn("casework-plan-expired", html)
