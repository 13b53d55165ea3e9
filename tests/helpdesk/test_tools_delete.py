"""Coordinators' tools: delete items of an expedient (kept, restorable and
audited) and restore them (domain.md §4.6, §6.3 item 6)."""

from unittest import mock

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casework.enums import AutomaticEvent
from casework.history import ExpedientHistory
from casework.models import (
    Actuacio,
    Demand,
    Expedient,
    LinkedPerson,
    ProblemRecord,
    Resource,
    Tramit,
)
from casework.services import demand_create, problem_create
from casework.services.expedients import ActionNotAllowed
from configuration.enums import ExpedientState
from configuration.models import ClosingReason
from helpdesk.tools.services import items_delete, items_restore
from tests.factories import DemandTypeFactory
from tests.factories.casework import basic_case

from .test_tools_items import ItemsData
from .tools_data import tool_entries


def close(expedient) -> None:
    reason = ClosingReason.objects.create(code="9", name="Resolt")
    Expedient.objects.filter(pk=expedient.pk).update(
        state=ExpedientState.CLOSED, closing_reason=reason
    )


REASON = "Recorded in the wrong expedient"


class DeletionData(ItemsData):
    """The move tool's expedient (tràmit with its actuació and resource, a
    resource, a demand, a problem naming the son…) and deletion helpers."""

    def delete(self, user=None, reason=REASON, **chosen):
        return items_delete(
            expedient=self.source,
            chosen=chosen,
            reason=reason,
            acting_user=user or self.t.coordinator,
        )

    def restore(self, user=None, **chosen):
        return items_restore(
            expedient=self.source, chosen=chosen, acting_user=user or self.t.coordinator
        )

    def summary(self, tool: str):
        return tool_entries(tool, Expedient.objects.get(pk=self.source.pk))

    def tramit_rows(self):
        """The tràmit and what goes with it: (tràmit, actuació, resource)."""
        tramit = Tramit.all_objects.get(pk=self.tramit.pk)
        actuacio = Actuacio.all_objects.get(pk=tramit.actuacio_id)
        resource = Resource.all_objects.get(tramit_id=tramit.pk)
        return tramit, actuacio, resource


class ItemsDeleteTests(DeletionData, TestCase):
    def test_it_deletes_the_chosen_items_and_their_companions(self):
        counts = self.delete(tramits=[self.tramit])
        self.assertEqual(
            counts,
            {
                "actuacions": 1,
                "demands": 0,
                "problems": 0,
                "resources": 1,
                "tramits": 1,
                "documents": 0,
            },
        )
        for row in self.tramit_rows():
            self.assertIsNotNone(row.deleted_at)
            self.assertEqual(row.deleted_by, self.t.coordinator)
            self.assertEqual(row.deletion_reason, "Recorded in the wrong expedient")
            self.assertFalse(type(row).objects.filter(pk=row.pk).exists())
        self.assertTrue(Resource.objects.filter(pk=self.resource.pk).exists())
        self.assertTrue(Actuacio.objects.filter(pk=self.actuacio.pk).exists())

    def test_a_demand_goes_with_its_actuacio_and_that_actuacios_other_demands(self):
        by = {"expedient": self.source, "acting_user": self.t.worker}
        first = demand_create(
            beneficiaries=[self.main],
            type=DemandTypeFactory(),
            actuacio=self.actuacio,
            **by,
        )
        second = demand_create(
            beneficiaries=[self.main],
            type=DemandTypeFactory(),
            actuacio=self.actuacio,
            **by,
        )
        counts = self.delete(demands=[first])
        self.assertEqual((counts["demands"], counts["actuacions"]), (2, 1))
        self.assertFalse(Demand.objects.filter(pk__in=[first.pk, second.pk]).exists())
        self.assertFalse(Actuacio.objects.filter(pk=self.actuacio.pk).exists())
        self.assertTrue(Demand.objects.filter(pk=self.demand.pk).exists())

    def test_the_expedients_life_actuacions_are_never_taken_along(self):
        opening = Actuacio.objects.get(
            expedient=self.source, event=AutomaticEvent.OPENED
        )
        Demand.objects.filter(pk=self.demand.pk).update(actuacio=opening)
        counts = self.delete(demands=[self.demand])
        self.assertEqual((counts["demands"], counts["actuacions"]), (1, 0))
        self.assertTrue(Actuacio.objects.filter(pk=opening.pk).exists())

    def test_it_refuses_the_actuacions_of_the_expedients_life(self):
        opening = Actuacio.objects.get(
            expedient=self.source, event=AutomaticEvent.OPENED
        )
        with self.assertRaises(ValidationError) as caught, translation.override("en"):
            self.delete(actuacions=[opening, self.actuacio])
        self.assertIn("record its life", " ".join(caught.exception.messages))
        self.assertTrue(Actuacio.objects.filter(pk=self.actuacio.pk).exists())

    def test_it_writes_row_entries_and_one_summary(self):
        self.delete(demands=[self.demand])
        entry = self.summary("items_delete").get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.additional_data["demands"], 1)
        self.assertEqual(
            entry.additional_data["reason"], "Recorded in the wrong expedient"
        )
        row = LogEntry.objects.get_for_object(self.demand).filter(
            action=LogEntry.Action.UPDATE, changes__has_key="deleted_at"
        )
        self.assertEqual(row.get().changes["deletion_reason"][1], REASON)

    def test_the_history_tells_the_deletion_with_its_reason(self):
        self.delete(demands=[self.demand])
        history = ExpedientHistory(self.source, self.t.coordinator)
        with translation.override("en"):
            events = history.build(list(history.entries()))
        tool = [e for e in events if e.action == "Coordination tool"]
        self.assertEqual(tool[0].changes[0].label, "Items deleted")
        self.assertIn("demands: 1", tool[0].changes[0].names)
        self.assertIn("Recorded in the wrong expedient", tool[0].changes[0].names)
        # The deleted demand's own entries stay, its deletion as "Deleted"
        # with the reason.
        demand = LogEntry.objects.get_for_object(self.demand)
        mine = [e for e in events if e.entry in demand]
        self.assertEqual([e.action for e in mine][0], "Deleted")
        self.assertIn("Created", [e.action for e in mine])
        self.assertEqual(mine[0].changes[0].new, REASON)

    def test_a_failure_writing_the_summary_deletes_nothing(self):
        with (
            mock.patch(
                "helpdesk.tools.services.deletion.log_tool",
                side_effect=RuntimeError("audit down"),
            ),
            self.assertRaises(RuntimeError),
        ):
            self.delete(tramits=[self.tramit], demands=[self.demand])
        self.assertTrue(Tramit.objects.filter(pk=self.tramit.pk).exists())
        self.assertTrue(Demand.objects.filter(pk=self.demand.pk).exists())
        self.assertEqual(Resource.objects.filter(tramit=self.tramit).count(), 1)

    def test_it_refuses_a_closed_expedient(self):
        close(self.source)
        with self.assertRaises(ValidationError):
            self.delete(demands=[self.demand])
        self.assertTrue(Demand.objects.filter(pk=self.demand.pk).exists())

    def test_it_refuses_without_a_reason(self):
        with self.assertRaises(ValidationError) as caught:
            self.delete(reason="  ", demands=[self.demand])
        self.assertIn("reason", caught.exception.error_dict)
        self.assertTrue(Demand.objects.filter(pk=self.demand.pk).exists())

    def test_it_refuses_technicians_and_other_areas_coordinators(self):
        for user in (self.t.worker, self.stranger):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                self.delete(user=user, demands=[self.demand])
        self.assertTrue(Demand.objects.filter(pk=self.demand.pk).exists())

    def test_it_refuses_items_of_another_expedient(self):
        other = basic_case(self.t, self.main)
        foreign = demand_create(
            expedient=other,
            beneficiaries=[self.main],
            type=DemandTypeFactory(),
            acting_user=self.t.worker,
        )
        with self.assertRaises(ValidationError):
            self.delete(demands=[foreign, self.demand])
        both = Demand.objects.filter(pk__in=[foreign.pk, self.demand.pk])
        self.assertEqual(both.count(), 2)


class ItemsRestoreTests(DeletionData, TestCase):
    def test_it_restores_an_item_with_those_deleted_with_it(self):
        self.delete(tramits=[self.tramit])
        resource = Resource.all_objects.get(tramit_id=self.tramit.pk)
        counts = self.restore(resources=[resource])
        self.assertEqual(
            (counts["tramits"], counts["actuacions"], counts["resources"]), (1, 1, 1)
        )
        for row in self.tramit_rows():
            self.assertIsNone(row.deleted_at)
            self.assertIsNone(row.deleted_by)
            self.assertEqual(row.deletion_reason, "")
            self.assertTrue(type(row).objects.filter(pk=row.pk).exists())
        entry = self.summary("items_restore").get()
        self.assertEqual(entry.additional_data["tramits"], 1)
        self.assertEqual(entry.actor, self.t.coordinator)
        history = ExpedientHistory(self.source, self.t.coordinator)
        with translation.override("en"):
            events = history.build(list(history.entries()))
        actions = [e.action for e in events]
        self.assertIn("Restored", actions)
        tools = [e.changes[0].label for e in events if e.action == "Coordination tool"]
        self.assertEqual(tools, ["Deleted items restored", "Items deleted"])

    def test_it_refuses_when_a_person_named_is_no_longer_linked(self):
        self.delete(problems=[self.problem])
        LinkedPerson.objects.filter(expedient=self.source, person=self.son).delete()
        with self.assertRaises(ValidationError) as caught, translation.override("en"):
            self.restore(problems=[self.problem])
        message = " ".join(caught.exception.messages)
        self.assertIn(str(self.son), message)
        self.assertIn("link them again", message)
        self.assertFalse(ProblemRecord.objects.filter(pk=self.problem.pk).exists())

    def test_it_refuses_a_problem_recorded_again_since(self):
        self.delete(problems=[self.problem])
        # A deleted problem no longer stops recording the same one again…
        again = problem_create(
            expedient=self.source,
            beneficiaries=[self.son],
            problem=self.problem.problem,
            acting_user=self.t.worker,
        )
        # …so it cannot come back beside it.
        with self.assertRaises(ValidationError) as caught, translation.override("en"):
            self.restore(problems=[self.problem])
        self.assertIn("extend that record", " ".join(caught.exception.messages))
        self.assertEqual(
            list(ProblemRecord.objects.filter(expedient=self.source)), [again]
        )

    def test_it_refuses_a_closed_expedient_and_items_not_deleted(self):
        self.delete(demands=[self.demand])
        with self.assertRaises(ValidationError):
            self.restore(problems=[self.problem])  # not deleted
        close(self.source)
        with self.assertRaises(ValidationError):
            self.restore(demands=[self.demand])
        self.assertFalse(Demand.objects.filter(pk=self.demand.pk).exists())

    def test_it_refuses_technicians_and_other_areas_coordinators(self):
        self.delete(demands=[self.demand])
        for user in (self.t.worker, self.stranger):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                self.restore(user=user, demands=[self.demand])
        self.assertFalse(tool_entries("items_restore").exists())

    def test_a_failure_writing_the_summary_restores_nothing(self):
        self.delete(tramits=[self.tramit])
        with (
            mock.patch(
                "helpdesk.tools.services.deletion.log_tool",
                side_effect=RuntimeError("audit down"),
            ),
            self.assertRaises(RuntimeError),
        ):
            self.restore(tramits=[self.tramit])
        self.assertTrue(all(row.deleted_at for row in self.tramit_rows()))


class DeleteScreenTests(DeletionData, TestCase):
    def url(self, tool="items_delete"):
        return reverse(f"helpdesk_tools:{tool}", args=[self.source.pk])

    def setUp(self):
        self.client.force_login(self.t.coordinator)

    def test_both_tools_are_in_the_tools_index(self):
        response = self.client.get(reverse("helpdesk_tools:index"))
        self.assertContains(response, reverse("helpdesk_tools:items_delete_pick"))
        self.assertContains(response, reverse("helpdesk_tools:items_restore_pick"))
        self.assertContains(response, "Restore deleted items")

    def test_the_pick_step_leads_to_the_expedients_tool(self):
        for tool in ("items_delete", "items_restore"):
            response = self.client.get(
                reverse(f"helpdesk_tools:{tool}_pick"),
                {"subject_number": self.source.number},
            )
            self.assertRedirects(
                response, self.url(tool), fetch_redirect_response=False
            )

    def test_the_preview_lists_the_companions_and_changes_nothing(self):
        data = {"tramits": [self.tramit.pk], "reason": "Duplicated"}
        response = self.client.post(self.url(), data)
        tramit, actuacio, resource = self.tramit_rows()
        for text in ("1 actuació", "1 resource", "1 tràmit", "Reason: Duplicated"):
            self.assertContains(response, text)
        self.assertContains(response, f"Tràmit: {tramit}")
        self.assertContains(response, f"Resource: {resource}")
        self.assertContains(response, f"Actuació: {actuacio}")
        self.assertTrue(Tramit.objects.filter(pk=self.tramit.pk).exists())
        self.assertFalse(tool_entries("items_delete").exists())
        response = self.client.post(self.url(), {**data, "confirm": "1"})
        self.assertRedirects(
            response,
            reverse("casework_expedient", args=[self.source.pk]),
            fetch_redirect_response=False,
        )
        self.assertTrue(all(row.deleted_at for row in self.tramit_rows()))
        # Through the screen, auditlog's row entries name the coordinator.
        entries = LogEntry.objects.get_for_object(self.tramit).filter(
            changes__has_key="deleted_at", action=LogEntry.Action.UPDATE
        )
        self.assertEqual(entries.get().actor, self.t.coordinator)

    def test_the_expedients_life_actuacions_are_not_offered(self):
        opening = Actuacio.objects.get(
            expedient=self.source, event=AutomaticEvent.OPENED
        )
        offered = self.client.get(self.url()).context["form"].fields["actuacions"]
        self.assertNotIn(opening, offered.queryset)
        self.assertIn(self.actuacio, offered.queryset)
        data = {"actuacions": [opening.pk], "reason": "x", "confirm": "1"}
        self.assertContains(self.client.post(self.url(), data), "error-message")
        self.assertTrue(Actuacio.objects.filter(pk=opening.pk).exists())

    def test_the_reason_is_required(self):
        response = self.client.post(self.url(), {"demands": [self.demand.pk]})
        self.assertContains(response, "error-message")
        self.assertTrue(Demand.objects.filter(pk=self.demand.pk).exists())

    def test_the_refusal_is_shown_at_the_preview(self):
        close(self.source)
        response = self.client.post(
            self.url(), {"demands": [self.demand.pk], "reason": "Duplicated"}
        )
        self.assertContains(response, "help-critical")
        self.assertContains(response, "is closed")

    def test_a_link_may_choose_the_item_beforehand(self):
        response = self.client.get(self.url(), {"demands": self.demand.pk})
        self.assertEqual(
            response.context["form"]["demands"].value(), [str(self.demand.pk)]
        )

    def test_the_items_own_delete_screen_deletes_nothing_and_links_the_tool(self):
        url = reverse("casework_demands:delete", args=[self.demand.pk])
        response = self.client.get(url)
        self.assertContains(response, f"{self.url()}?demands={self.demand.pk}")
        self.assertEqual(self.client.post(url).status_code, 405)
        self.assertTrue(Demand.objects.filter(pk=self.demand.pk).exists())

    def test_the_items_offered_cost_the_same_queries_however_many(self):
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.url())
        for _n in range(4):
            demand_create(
                expedient=self.source,
                beneficiaries=[self.main],
                type=DemandTypeFactory(),
                acting_user=self.t.worker,
            )
        with self.assertNumQueries(len(one)):
            response = self.client.get(self.url())
        self.assertEqual(len(response.context["form"].fields["demands"].choices), 5)

    def test_technical_roles_and_other_areas_get_404(self):
        self.delete(problems=[self.problem])
        posts = {
            "items_delete": {"demands": [self.demand.pk], "reason": "x"},
            "items_restore": {"problems": [self.problem.pk]},
        }
        for user in (self.t.worker, self.stranger):
            self.client.force_login(user)
            for tool, data in posts.items():
                with self.subTest(user=user, tool=tool):
                    url = self.url(tool)
                    self.assertEqual(self.client.get(url).status_code, 404)
                    response = self.client.post(url, {**data, "confirm": "1"})
                    self.assertEqual(response.status_code, 404)
                    pick = self.client.get(
                        reverse(f"helpdesk_tools:{tool}_pick"),
                        {"subject_number": self.source.number},
                    )
                    if user == self.t.worker:
                        self.assertEqual(pick.status_code, 404)
                    else:  # a coordinator elsewhere: not among theirs
                        self.assertContains(
                            pick, "None of the expedients you may choose here"
                        )
        self.assertTrue(Demand.objects.filter(pk=self.demand.pk).exists())
        self.assertFalse(ProblemRecord.objects.filter(pk=self.problem.pk).exists())


class RestoreScreenTests(DeletionData, TestCase):
    def url(self):
        return reverse("helpdesk_tools:items_restore", args=[self.source.pk])

    def setUp(self):
        self.client.force_login(self.t.coordinator)

    def test_it_lists_what_was_deleted_when_by_whom_and_why(self):
        self.delete(demands=[self.demand], reason="Asked twice")
        response = self.client.get(self.url())
        self.assertContains(response, str(self.demand))
        self.assertContains(response, "Asked twice")
        self.assertContains(response, str(self.t.coordinator))
        fields = response.context["form"].fields
        self.assertEqual(list(fields["problems"].queryset), [])  # none deleted

    def test_the_preview_then_the_confirmation_restores(self):
        self.delete(tramits=[self.tramit])
        data = {"tramits": [self.tramit.pk]}
        response = self.client.post(self.url(), data)
        self.assertContains(response, "1 resource")
        self.assertFalse(Tramit.objects.filter(pk=self.tramit.pk).exists())
        response = self.client.post(self.url(), {**data, "confirm": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(any(row.deleted_at for row in self.tramit_rows()))

    def test_the_refusal_names_the_person_to_link_again(self):
        self.delete(problems=[self.problem])
        LinkedPerson.objects.filter(expedient=self.source, person=self.son).delete()
        response = self.client.post(self.url(), {"problems": [self.problem.pk]})
        self.assertContains(response, "help-critical")
        self.assertContains(response, str(self.son))

    def test_the_listing_queries_do_not_grow_with_deleted_items(self):
        self.delete(demands=[self.demand])
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.url())
        for _n in range(4):
            demand = demand_create(
                expedient=self.source,
                beneficiaries=[self.main],
                type=DemandTypeFactory(),
                acting_user=self.t.worker,
            )
            self.delete(demands=[demand])
        with self.assertNumQueries(len(one)):
            response = self.client.get(self.url())
        self.assertEqual(len(response.context["form"].fields["demands"].choices), 5)
