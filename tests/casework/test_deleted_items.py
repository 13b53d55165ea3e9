"""Deleted items (the coordinators' delete tool, domain.md §4.6) are gone from
everything that showed, counted or was decided by them, and still in the audit
trail. Each test is one place that could have leaked: the default manager hides
them, but joins from other rows and through tables have to say so themselves."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import translation

from casework.enums import BeneficiaryRole
from casework.models import Demand, Expedient, ProblemRecord, Resource
from casework.services import resource_warnings
from casework.services.household import person_still_named
from casework.viewsets.record_tabs import demands_tab_context
from configuration.audit.subjects import EXPEDIENT, entries_about
from configuration.enums import ResourceState
from helpdesk.alerts.kinds import AlertKind
from helpdesk.tools.services import items_move, recorded_counts
from tests.factories import BenefitFactory
from tests.helpdesk.test_alerts import alerts, days, make_inactive, problem, resource
from tests.helpdesk.test_tools_delete import DeletionData


class DeletedItemsAreGoneTests(DeletionData, TestCase):
    def test_the_expedients_tab_neither_lists_nor_counts_a_deleted_demand(self):
        self.delete(demands=[self.demand])
        request = RequestFactory().get("/")
        request.user = self.t.worker
        context = demands_tab_context(request=request, expedient=self.source)
        self.assertEqual((context["rows"], context["total"]), ([], 0))

    def test_the_listing_and_export_leave_it_out_and_its_screens_answer_404(self):
        self.delete(demands=[self.demand])
        self.client.force_login(self.t.worker)
        edit = reverse("casework_demands:edit", args=[self.demand.pk])
        listing = reverse("casework_demands:index")
        query = f"?expedient={self.source.pk}"
        self.assertNotContains(self.client.get(listing + query), edit)
        export = self.client.get(f"{listing}{query}&export=csv")
        content = b"".join(export.streaming_content).decode()
        self.assertNotIn(self.demand.type.name, content)
        self.assertEqual(self.client.get(edit).status_code, 404)
        inspect = reverse("casework_demands:inspect", args=[self.demand.pk])
        self.assertEqual(self.client.get(inspect).status_code, 404)

    def test_both_managers_keep_to_what_the_user_sees(self):
        self.delete(demands=[self.demand])
        for user, sees in ((self.t.coordinator, True), (self.stranger, False)):
            with self.subTest(user=user):
                everything = Demand.all_objects.visible_to(user)
                self.assertEqual(everything.filter(pk=self.demand.pk).exists(), sees)
                live = Demand.objects.visible_to(user)
                self.assertFalse(live.filter(pk=self.demand.pk).exists())

    def test_the_counts_a_transfer_locks_leave_them_out(self):
        before = recorded_counts(self.source)
        self.delete(tramits=[self.tramit])
        after = recorded_counts(self.source)
        self.assertEqual(before["tramits"] - 1, after["tramits"])
        self.assertEqual(before["resources"] - 1, after["resources"])
        self.assertEqual(before["actuacions"] - 1, after["actuacions"])

    def test_a_deleted_item_no_longer_stops_unlinking_who_it_names(self):
        resource_row = Resource.objects.create(
            expedient=self.source, benefit=BenefitFactory()
        )
        resource_row.beneficiary_rows.create(
            person=self.son, role=BeneficiaryRole.HOLDER
        )
        with translation.override("en"):
            named = person_still_named(expedient=self.source, person=self.son)
        self.assertIn("1 resource (holder)", named)
        self.delete(resources=[resource_row], problems=[self.problem])
        self.assertEqual(person_still_named(expedient=self.source, person=self.son), "")

    def test_a_deleted_problem_no_longer_counts_as_a_diagnosis(self):
        self.assertEqual(resource_warnings(expedient=self.source), [])
        self.delete(problems=[self.problem])
        self.assertEqual(len(resource_warnings(expedient=self.source)), 1)

    def test_the_move_tool_leaves_deleted_items_where_they_are(self):
        self.delete(demands=[self.demand])
        counts = items_move(
            source=self.source,
            target=self.target,
            chosen={"demands": [self.demand], "problems": []},
            acting_user=self.t.coordinator,
        )
        self.assertEqual(counts["demands"], 0)
        stored = Demand.all_objects.get(pk=self.demand.pk)
        self.assertEqual(stored.expedient_id, self.source.pk)

    def test_the_registres_still_find_a_deleted_items_entries(self):
        self.delete(demands=[self.demand])
        about = LogEntry.objects.filter(entries_about(EXPEDIENT, self.source.pk))
        demand_entries = LogEntry.objects.get_for_object(self.demand)
        self.assertTrue(demand_entries.exists())
        self.assertEqual(
            set(about.filter(pk__in=demand_entries).values_list("pk", flat=True)),
            set(demand_entries.values_list("pk", flat=True)),
        )


class DeletedItemsRaiseNoAlertTests(DeletionData, TestCase):
    def assertAlert(self, kind, row, present=True):
        found = alerts(self.t.worker, kind)
        (self.assertIn if present else self.assertNotIn)(row.pk, found)

    def test_a_deleted_pre_assigned_resource_alerts_no_more(self):
        row = resource(
            self.source,
            state=ResourceState.PRE_ASSIGNED,
            state_changed_on=days(-90),
            holder=self.main,
        )
        self.assertAlert(AlertKind.RESOURCE_PENDING, row)
        self.delete(resources=[row])
        self.assertAlert(AlertKind.RESOURCE_PENDING, row, present=False)

    def test_a_deleted_granted_resource_past_its_end_alerts_no_more(self):
        row = resource(self.source, ends_on=days(-1))
        self.assertAlert(AlertKind.RESOURCE_EXPIRED, row)
        self.delete(resources=[row])
        self.assertAlert(AlertKind.RESOURCE_EXPIRED, row, present=False)

    def test_a_deleted_problem_past_its_end_alerts_no_more(self):
        row = problem(self.source, ends_on=days(-1))
        self.assertAlert(AlertKind.PROBLEM_EXPIRED, row)
        self.delete(problems=[row])
        self.assertAlert(AlertKind.PROBLEM_EXPIRED, row, present=False)

    def test_a_deleted_item_is_no_activity(self):
        make_inactive(self.source)
        expedient = Expedient.objects.get(pk=self.source.pk)
        fresh = ProblemRecord.objects.create(
            expedient=expedient,
            problem=self.problem.problem,
            starts_on=date.today() - timedelta(days=1),
        )
        self.assertAlert(AlertKind.INACTIVE_EXPEDIENT, expedient, present=False)
        self.delete(problems=[fresh])
        self.assertAlert(AlertKind.INACTIVE_EXPEDIENT, expedient)
