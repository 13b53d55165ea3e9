"""A user's teams and sectors are read once within `remembered_reach()` (the
alerts panel builds several scoped querysets for the same user), and read
afresh outside it, so a change of teams is seen at once."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from casework.models import Expedient
from casework.permissions import remembered_reach, user_sector_ids, user_team_ids
from helpdesk.alerts.panels import SHOWN
from helpdesk.alerts.selectors import alerts_summary
from tests.factories.casework import basic_case, territory


def reach_reads(queries) -> int:
    """The queries that read a user's teams or sectors."""
    return sum(
        1
        for query in queries
        if '"configuration_user_teams"."user_id" =' in query["sql"]
        and "configuration_expedient" not in query["sql"]
        and ('FROM "configuration_team"' in query["sql"] or "sector" in query["sql"])
        and 'FROM "casework_' not in query["sql"]
    )


class RememberedReachTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t, by=cls.t.worker)

    def visible(self, user) -> list[int]:
        return list(Expedient.objects.visible_to(user).values_list("pk", flat=True))

    def test_inside_the_block_each_user_is_read_once(self):
        with CaptureQueriesContext(connection) as outside:
            self.visible(self.t.coordinator)
            self.visible(self.t.coordinator)
        with remembered_reach(), CaptureQueriesContext(connection) as inside:
            first = self.visible(self.t.coordinator)
            second = self.visible(self.t.coordinator)
            teammate = self.visible(self.t.teammate)
        self.assertEqual(first, second)
        self.assertEqual(first, [self.case.pk])
        self.assertEqual(teammate, [self.case.pk])
        self.assertEqual(reach_reads(outside.captured_queries), 4)
        # the coordinator's teams and sectors once, then the teammate's
        self.assertEqual(reach_reads(inside.captured_queries), 4)

    def test_a_change_of_teams_is_seen_outside_the_block(self):
        with remembered_reach():
            self.assertEqual(user_team_ids(self.t.outsider), [self.t.other_team.pk])
            self.assertEqual(self.visible(self.t.outsider), [])
        self.t.outsider.teams.add(self.t.team)
        self.assertEqual(self.visible(self.t.outsider), [self.case.pk])
        self.assertIn(self.t.sector.pk, user_sector_ids(self.t.outsider))

    def test_blocks_nest_and_a_read_list_cannot_be_changed_from_outside(self):
        with remembered_reach():
            teams = user_team_ids(self.t.worker)
            teams.append(-1)
            with remembered_reach(), self.assertNumQueries(0):
                self.assertEqual(user_team_ids(self.t.worker), [self.t.team.pk])

    def test_the_alerts_panel_reads_the_coordinator_reach_once(self):
        with CaptureQueriesContext(connection) as panel:
            alerts_summary(self.t.coordinator, shown=SHOWN)
        # teams and sectors, once each, for the scope and the modules' kinds
        self.assertEqual(reach_reads(panel.captured_queries), 2)
