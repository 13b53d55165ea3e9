"""Issue 15 item 7: the smaller faults of the expedient screens."""

from datetime import date, timedelta

from auditlog.context import set_actor
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from casework.enums import AutomaticEvent
from casework.history import ExpedientHistory
from casework.models import Actuacio, InterventionPlan, Tramit
from casework.services import plan_create, tramit_create, tramit_set_state
from casework.services.expedients import expedient_close
from casework.tabs import expedient_url
from configuration import roles
from configuration.enums import TramitState
from configuration.models import ClosingReason
from tests.factories import BenefitFactory, TramitTypeFactory, professional
from tests.factories.casework import basic_case, territory


class SmallFaultsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)
        cls.person = cls.case.links.get(is_main=True).person
        cls.person.document_number = "12345678Z"
        cls.person.save()
        cls.auxiliar = professional(roles.AUXILIAR, area=cls.t.area)
        cls.auxiliar.teams.add(cls.t.team)
        cls.benefit = BenefitFactory(name="Ajut de menjador")
        cls.supply = BenefitFactory(
            name="Subministrament d'aigua", is_energy_supply=True
        )

    def grant(self):
        with set_actor(self.t.worker):
            tramit = tramit_create(
                tramit=Tramit(
                    expedient=self.case,
                    type=TramitTypeFactory(pre_assigns=self.benefit),
                    holder=self.person,
                ),
                acting_user=self.t.worker,
            )
            tramit_set_state(
                tramit=tramit, state=TramitState.GRANTED, acting_user=self.t.worker
            )
        return tramit

    def test_the_granted_actuacio_names_the_resource(self):
        self.grant()
        actuacio = Actuacio.objects.get(
            expedient=self.case, event=AutomaticEvent.RESOURCE_GRANTED
        )
        self.assertEqual(actuacio.topic, "Recurs concedit: Ajut de menjador")
        self.assertIn("Ajut de menjador", actuacio.text)

    def test_the_energy_block_shows_only_for_household_supplies(self):
        self.client.force_login(self.t.worker)
        url = f"{reverse('casework_resources:add')}?expedient={self.case.pk}"
        response = self.client.get(url)
        rule = f'{{"benefit": ["{self.supply.pk}"]}}'
        self.assertContains(response, f'data-w-rules-show="{escape(rule)}"')

    def test_the_front_desk_history_shows_no_actuacio_or_stage(self):
        self.grant()
        with set_actor(self.t.worker):
            plan_create(  # the first open plan moves the stage to treatment
                plan=InterventionPlan(
                    expedient=self.case,
                    title="Pla",
                    expires_on=date.today() + timedelta(days=90),
                ),
                referents=[self.t.worker],
                affected_persons=[self.person],
                acting_user=self.t.worker,
            )

        def lines(user) -> str:
            history = ExpedientHistory(self.case, user)
            with translation.override("en"):
                events = history.build(list(history.entries()))
            return " | ".join(
                f"{event.part}: {change.label}"
                for event in events
                for change in event.changes
            )

        front_desk = lines(self.auxiliar)
        self.assertIn("Tràmit", front_desk)
        self.assertNotIn("ctuaci", front_desk)  # no actuació, by name or link
        self.assertNotIn("Stage", front_desk)
        self.assertNotIn("Etapa", front_desk)
        worker = lines(self.t.worker)  # the worker still reads them
        self.assertIn("ctuaci", worker)

    def test_the_owner_reads_the_main_persons_document(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(expedient_url(self.case.pk, "persons"))
        self.assertContains(response, "12345678Z")

    def test_a_technician_who_may_not_reopen_is_told_whom_to_ask(self):
        reason = ClosingReason.objects.create(code="99", name="Fi de la intervenció")
        expedient_close(case=self.case, reason=reason, acting_user=self.t.worker)
        self.client.force_login(self.t.worker)
        response = self.client.get(expedient_url(self.case.pk, "cover"))
        self.assertContains(response, "decisió d")
        self.assertContains(response, str(self.t.coordinator))
        self.client.force_login(self.t.coordinator)
        response = self.client.get(expedient_url(self.case.pk, "cover"))
        self.assertNotContains(response, "demaneu-ho a")
