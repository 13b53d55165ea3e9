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

    def test_home_care_in_every_state_through_the_services(self):
        from casework.modules.sad.enums import HomeCareEventKind, HomeCareEventStatus
        from casework.modules.sad.models import (
            HomeCareCase,
            HomeCareDefinition,
            HomeCareEvent,
            HomeCareWorkPlan,
        )
        from casework.modules.sad.services import HOME_CARE_BENEFIT_CODE

        cases = HomeCareCase.objects.select_related("event_in_force", "origin")
        in_force = {case.event_in_force.kind for case in cases}
        self.assertEqual(in_force, set(HomeCareEventKind.values))
        statuses = set(HomeCareEvent.objects.values_list("status", flat=True))
        self.assertEqual(statuses, set(HomeCareEventStatus.values))
        denied = HomeCareEvent.objects.get(status=HomeCareEventStatus.DENIED)
        self.assertTrue(denied.denial_reason)
        self.assertTrue(
            HomeCareEvent.objects.filter(
                status=HomeCareEventStatus.PROPOSED, kind=HomeCareEventKind.START
            ).exists()
        )
        for case in cases:
            # Opened from the person's SSB expedient holding 1.1.2.1 pre-assigned.
            self.assertEqual(case.origin_resource.benefit.code, HOME_CARE_BENEFIT_CODE)
            self.assertEqual(case.origin_resource.state, ResourceState.PRE_ASSIGNED)
            self.assertEqual(case.origin.state, ExpedientState.OPEN)
            self.assertTrue(case.events.filter(kind="information").exists())
        ended = cases.get(event_in_force__kind=HomeCareEventKind.END)
        self.assertEqual(ended.state, ExpedientState.CLOSED)
        self.assertTrue(HomeCareDefinition.objects.exists())
        self.assertTrue(HomeCareWorkPlan.objects.exists())
        self.assertEqual(
            set(cases.values_list("area__code", flat=True)), {"NORD", "SUD"}
        )

    def test_immigration_in_every_state(self):
        from casework.modules.immigration.models import (
            ImmigrationActuacio,
            ImmigrationCase,
            ImmigrationTrainingModule,
        )

        cases = ImmigrationCase.objects.all()
        self.assertGreaterEqual(cases.count(), 4)
        self.assertTrue(any(case.process_expired() for case in cases))
        self.assertTrue(any(not case.process_expired() for case in cases))
        self.assertTrue(cases.filter(state=ExpedientState.CLOSED).exists())
        self.assertTrue(cases.filter(reception_certificate_on__isnull=False).exists())
        self.assertTrue(ImmigrationActuacio.objects.exists())
        modules = ImmigrationTrainingModule.objects.all()
        self.assertEqual(
            set(modules.values_list("way", flat=True)), {"own", "accredited"}
        )
        self.assertTrue(modules.filter(way="own", completed_on__isnull=False).exists())
        self.assertTrue(modules.filter(way="own", completed_on__isnull=True).exists())
        self.assertTrue(cases.filter(tramits__isnull=False).exists())

    def test_womens_service_with_actuacions_and_training(self):
        from casework.modules.siad.models import (
            SiadActuacio,
            SiadTrainingAssignment,
            SiadTrainingSession,
            WomensServiceCase,
        )

        self.assertGreaterEqual(WomensServiceCase.objects.count(), 2)
        self.assertTrue(
            WomensServiceCase.objects.filter(confidential=False).count() == 0
        )
        self.assertTrue(SiadActuacio.objects.filter(urgent=True).exists())
        self.assertTrue(SiadTrainingAssignment.objects.exists())
        attended = set(SiadTrainingSession.objects.values_list("attended", flat=True))
        self.assertEqual(attended, {True, False})

    def test_child_protection_in_every_state(self):
        from casework.modules.eaia.alerts import priority_overdue, report_pending
        from casework.modules.eaia.models import (
            ChildProtectionCase,
            EaiaActuacio,
            EaiaEvolution,
        )

        cases = ChildProtectionCase.objects.all()
        self.assertEqual(
            set(cases.values_list("phase", flat=True)), {"registered", "open"}
        )
        self.assertEqual(
            set(cases.values_list("state", flat=True)),
            {ExpedientState.OPEN, ExpedientState.CLOSED},
        )
        self.assertTrue(cases.filter(synthesis_resolved_on__isnull=False).exists())
        pks = list(cases.values_list("pk", flat=True))
        self.assertTrue(priority_overdue(pks, today=date.today()).exists())
        self.assertTrue(report_pending(pks, today=date.today()).exists())
        for case in cases:
            spans = list(
                EaiaEvolution.objects.filter(expedient=case)
                .order_by("starts_on")
                .values_list("starts_on", "ends_on")
            )
            for (_, ends_on), (starts_on, _) in zip(spans, spans[1:], strict=False):
                self.assertEqual(ends_on, starts_on)
            if spans:
                self.assertIsNone(spans[-1][1])
        self.assertTrue(EaiaActuacio.objects.filter(copied_from__isnull=False).exists())
        self.assertEqual(
            set(cases.values_list("area__code", flat=True)), {"NORD", "SUD"}
        )
