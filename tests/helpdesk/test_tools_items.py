"""Coordinators' tools: move items between expedients of the area."""

from unittest import mock

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from casework.enums import AutomaticEvent
from casework.history import ExpedientHistory
from casework.models import Actuacio, Demand, Expedient, LinkedPerson, Resource, Tramit
from casework.services import (
    actuacio_create,
    demand_create,
    problem_create,
    resource_create,
    tramit_create,
)
from casework.services.expedients import ActionNotAllowed
from configuration.models import ActuacioPlace, ActuacioType
from helpdesk.tools.services import items_move
from tests.factories import (
    BenefitFactory,
    DemandTypeFactory,
    ProblemFactory,
    TramitTypeFactory,
)
from tests.factories.casework import basic_case, resident

from .tools_data import ToolsData, tool_entries


class ItemsData(ToolsData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.t
        cls.main = resident(t, first_name="Maria")
        cls.son = resident(t, first_name="Pau")
        cls.source = basic_case(t, cls.main)
        LinkedPerson.objects.create(expedient=cls.source, person=cls.son)
        cls.target = basic_case(t, cls.main)  # Maria only
        atype = ActuacioType.objects.create(code="t-a1", name="Informació")
        place = ActuacioPlace.objects.create(code="t-p1", name="Domicili")
        by = {"expedient": cls.source, "acting_user": t.worker}
        cls.actuacio = actuacio_create(
            topic="Entrevista",
            type=atype,
            place=place,
            responsible=t.worker,
            related_persons=[cls.main],
            **by,
        )
        cls.demand = demand_create(
            beneficiaries=[cls.main], type=DemandTypeFactory(), **by
        )
        cls.problem = problem_create(
            beneficiaries=[cls.son], problem=ProblemFactory(), **by
        )
        cls.tramit = tramit_create(
            tramit=Tramit(
                expedient=cls.source,
                type=TramitTypeFactory(pre_assigns=BenefitFactory()),
                holder=cls.main,
            ),
            acting_user=t.worker,
        )
        cls.resource, _w = resource_create(
            resource=Resource(expedient=cls.source, benefit=BenefitFactory()),
            holder=cls.main,
            acting_user=t.worker,
        )

    def move(self, user=None, **chosen):
        return items_move(
            source=self.source,
            target=self.target,
            chosen=chosen,
            acting_user=user or self.t.coordinator,
        )


class ItemsMoveTests(ItemsData, TestCase):
    def test_each_moved_item_goes_through_the_version_check(self):
        from configuration.versioning import save_versioned

        target = "helpdesk.tools.services.items.save_versioned"
        with mock.patch(target, wraps=save_versioned) as saved:
            self.move(demands=[self.demand])
        self.assertEqual(
            [call.kwargs["obj"] for call in saved.call_args_list], [self.demand]
        )
        self.demand.refresh_from_db()
        self.assertEqual(self.demand.version, 2)  # a form loaded before is stale

    def test_it_moves_the_chosen_items_and_their_companions(self):
        counts = self.move(
            actuacions=[self.actuacio], demands=[self.demand], tramits=[self.tramit]
        )
        self.tramit.refresh_from_db()
        self.assertEqual(self.tramit.expedient_id, self.target.pk)
        self.assertEqual(
            Actuacio.objects.get(pk=self.tramit.actuacio_id).expedient_id,
            self.target.pk,
        )
        pre_assigned = Resource.objects.filter(tramit=self.tramit)
        self.assertEqual(pre_assigned.get().expedient_id, self.target.pk)
        self.assertEqual(counts["tramits"], 1)
        self.assertEqual(counts["actuacions"], 2)  # chosen + tràmit's
        self.assertEqual(counts["resources"], 1)  # the tràmit's
        self.assertEqual(counts["demands"], 1)
        self.resource.refresh_from_db()
        self.assertEqual(self.resource.expedient_id, self.source.pk)

    def test_a_life_actuacio_stays_and_a_demand_tied_to_it_moves_unlinked(self):
        opening = Actuacio.objects.get(
            expedient=self.source, event=AutomaticEvent.OPENED
        )
        self.demand.actuacio = opening
        self.demand.save()
        counts = self.move(demands=[self.demand], actuacions=[opening])
        self.assertEqual(counts["actuacions"], 0)
        self.assertEqual(counts["demands"], 1)
        opening.refresh_from_db()
        self.assertEqual(opening.expedient_id, self.source.pk)
        self.demand.refresh_from_db()
        self.assertEqual(self.demand.expedient_id, self.target.pk)
        self.assertIsNone(self.demand.actuacio_id)

    def test_a_demand_moves_with_its_own_actuacio(self):
        self.demand.actuacio = self.actuacio
        self.demand.save()
        counts = self.move(demands=[self.demand])
        self.assertEqual(counts["actuacions"], 1)
        self.demand.refresh_from_db()
        self.assertEqual(self.demand.actuacio_id, self.actuacio.pk)
        self.actuacio.refresh_from_db()
        self.assertEqual(self.actuacio.expedient_id, self.target.pk)

    def test_it_refuses_items_naming_persons_not_linked_to_the_target(self):
        with self.assertRaises(ValidationError) as caught:
            self.move(problems=[self.problem], demands=[self.demand])
        self.assertIn(str(self.son), " ".join(caught.exception.messages))
        self.demand.refresh_from_db()
        self.assertEqual(self.demand.expedient_id, self.source.pk)

    def test_it_writes_row_entries_and_one_summary(self):
        self.move(demands=[self.demand])
        row = Expedient.objects.get(pk=self.source.pk)
        entry = tool_entries("items_move", row).get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.additional_data["to_expedient"], self.target.pk)
        self.assertEqual(entry.additional_data["demands"], 1)
        moved = LogEntry.objects.get_for_object(self.demand).filter(
            changes__has_key="expedient"
        )
        self.assertEqual(moved.count(), 2)  # created there, moved here

    def test_both_histories_tell_the_move(self):
        self.move(demands=[self.demand])

        def events(expedient):
            history = ExpedientHistory(expedient, self.t.coordinator)
            with translation.override("en"):
                return history.build(list(history.entries()))

        source = Expedient.objects.get(pk=self.source.pk)
        target = Expedient.objects.get(pk=self.target.pk)
        moves = [
            change
            for event in events(target)
            if event.entry.object_id == self.demand.pk
            for change in event.changes
            if getattr(change, "old", None) == str(source)
        ]
        self.assertEqual([change.new for change in moves], [str(target)])
        tool = [e for e in events(source) if e.action == "Coordination tool"]
        self.assertEqual(len(tool), 1)
        self.assertEqual(tool[0].changes[0].label, "Items moved to another expedient")
        self.assertIn("demands: 1", tool[0].changes[0].names)

    def test_a_failure_half_way_changes_nothing(self):
        def fail(item, *args, **kwargs):
            raise ValidationError("boom")

        with (
            mock.patch.object(Demand, "save", fail),
            self.assertRaises(ValidationError),
        ):
            self.move(actuacions=[self.actuacio], demands=[self.demand])
        self.actuacio.refresh_from_db()
        self.assertEqual(self.actuacio.expedient_id, self.source.pk)
        self.assertFalse(tool_entries("items_move").exists())

    def test_it_refuses_technicians_other_areas_and_the_same_expedient(self):
        for user in (self.t.worker, self.stranger):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                self.move(user=user, demands=[self.demand])
        with self.assertRaises(ValidationError):
            items_move(
                source=self.source,
                target=self.source,
                chosen={"demands": [self.demand]},
                acting_user=self.t.coordinator,
            )


class ItemsMoveScreenTests(ItemsData, TestCase):
    def url(self):
        return reverse("helpdesk_tools:items_move", args=[self.source.pk])

    def test_the_preview_counts_and_changes_nothing(self):
        self.client.force_login(self.t.coordinator)
        data = {"target_number": self.target.number, "tramits": [self.tramit.pk]}
        response = self.client.post(self.url(), data)
        self.assertContains(response, "1 actuació")
        self.assertContains(response, "1 resource")
        self.assertContains(response, "1 tràmit")
        self.tramit.refresh_from_db()
        self.assertEqual(self.tramit.expedient_id, self.source.pk)
        response = self.client.post(self.url(), {**data, "confirm": "1"})
        self.assertEqual(response.status_code, 302)
        self.tramit.refresh_from_db()
        self.assertEqual(self.tramit.expedient_id, self.target.pk)

    def test_the_refusal_is_shown_at_the_preview(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(
            self.url(),
            {"target_number": self.target.number, "problems": [self.problem.pk]},
        )
        self.assertContains(response, "help-critical")
        self.assertContains(response, str(self.son))

    def test_technical_roles_and_other_areas_get_404(self):
        data = {
            "target_number": self.target.number,
            "demands": [self.demand.pk],
            "confirm": 1,
        }
        for user in (self.t.worker, self.stranger):
            self.client.force_login(user)
            with self.subTest(user=user):
                self.assertEqual(self.client.get(self.url()).status_code, 404)
                self.assertEqual(self.client.post(self.url(), data).status_code, 404)
        self.demand.refresh_from_db()
        self.assertEqual(self.demand.expedient_id, self.source.pk)
