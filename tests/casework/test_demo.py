"""The demo expedients give every screen and the later alerts something to show."""

from datetime import date

from django.core.management import call_command
from django.test import TestCase

from casework.enums import ActuacioOrigin, PlanState
from casework.models import (
    Actuacio,
    Demand,
    Expedient,
    InterventionPlan,
    PlanObjective,
    ProblemRecord,
    Resource,
    Tramit,
)
from configuration.enums import ExpedientState, ResourceState


class DemoExpedientTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def test_expedients_in_every_state_and_both_areas(self):
        states = set(Expedient.objects.values_list("state", flat=True))
        self.assertEqual(states, {ExpedientState.OPEN, ExpedientState.CLOSED})
        areas = set(Expedient.objects.values_list("area__code", flat=True))
        self.assertEqual(areas, {"NORD", "SUD"})
        self.assertTrue(Expedient.objects.filter(confidential=True).exists())
        closed_long_ago = Expedient.objects.filter(
            state=ExpedientState.CLOSED, state_date__year__lt=date.today().year - 1
        )
        self.assertTrue(closed_long_ago.exists())

    def test_items_of_every_kind(self):
        for model in (Demand, ProblemRecord, Tramit, PlanObjective):
            self.assertTrue(model.objects.exists(), model)
        origins = set(Actuacio.objects.values_list("origin", flat=True))
        self.assertEqual(origins, set(ActuacioOrigin.values))

    def test_something_for_the_alerts(self):
        today = date.today()
        open_plans = InterventionPlan.objects.filter(
            state=PlanState.OPEN, expedient__state=ExpedientState.OPEN
        )
        self.assertTrue(open_plans.filter(expires_on__lt=today).exists())
        self.assertTrue(open_plans.filter(expires_on__gte=today).exists())
        self.assertTrue(
            Resource.objects.filter(
                state=ResourceState.PRE_ASSIGNED,
                state_changed_on__lt=today.replace(day=1),
            ).exists()
        )
        self.assertTrue(
            Resource.objects.filter(
                state=ResourceState.GRANTED, ends_on__lt=today
            ).exists()
        )

    def test_numbers_follow_the_year_each_expedient_was_opened(self):
        for expedient in Expedient.objects.all():
            opened = expedient.actuacions.get(event="opened").date
            self.assertTrue(expedient.number.startswith(f"{opened.year}/"))
