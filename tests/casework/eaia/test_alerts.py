"""The EAIA alerts on the home panel (domain.md §3.7, §4.8): the priority's
due date passed without a case synthesis, and a report to DGAIA/SAIA waiting
for its resolution; for the EAIA professionals and coordinators who see the
expedient, nobody else; the panel's queries do not grow with the alerts."""

from datetime import date, timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.modules import get_module, module_alerts
from casework.modules.eaia.alerts import priority_overdue, report_pending
from casework.modules.eaia.enums import EaiaPriority
from casework.modules.eaia.models import ChildProtectionCase
from casework.modules.eaia.services import (
    child_protection_cover_update,
    open_child_protection_expedient,
)
from helpdesk.alerts.queries import ALERT_TYPES, alert_scope
from helpdesk.alerts.selectors import (
    alert_counts,
    alert_firsts,
    alert_page,
    alerts_summary,
    enabled_kinds,
)

from .data import InEnglish, child, eaia_world

OVERDUE = "eaia_priority_overdue"
PENDING = "eaia_report_pending"
KINDS = [OVERDUE, PENDING]
HOME = reverse("wagtailadmin_home")


def opened(w, name, priority, since, **cover) -> ChildProtectionCase:
    return open_child_protection_expedient(
        by=w.owner,
        person=child(w.t, name),
        priority=priority,
        priority_since=since,
        **cover,
    )


def ids(rows) -> list[int]:
    return [row.pk for row in rows]


class AlertRuleTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()

    def test_the_module_declares_its_kinds_and_helpdesk_reads_them(self):
        keys = [alert.key for alert in get_module("eaia").alert_kinds]
        self.assertEqual(keys, KINDS)
        for key in KINDS:
            self.assertIn(key, [a.key for a in module_alerts()])
            self.assertIn(key, ALERT_TYPES)

    def test_a_priority_is_overdue_the_day_after_its_due_date(self):
        today = date(2026, 6, 10)
        w = self.w
        cases = {
            # 72 hours: due 07/06 → overdue from 08/06; due 10/06 → not yet.
            "urgent late": opened(w, "A", EaiaPriority.URGENT, date(2026, 6, 4)),
            "urgent due today": opened(w, "B", EaiaPriority.URGENT, date(2026, 6, 7)),
            "15 days late": opened(w, "C", EaiaPriority.PRIORITY, date(2026, 5, 25)),
            "15 days due today": opened(
                w, "D", EaiaPriority.PRIORITY, date(2026, 5, 26)
            ),
            "3 months late": opened(
                w, "E", EaiaPriority.PREFERENTIAL, date(2026, 3, 9)
            ),
            "3 months due today": opened(
                w, "F", EaiaPriority.PREFERENTIAL, date(2026, 3, 10)
            ),
            "6 months late": opened(w, "G", EaiaPriority.ORDINARY, date(2025, 12, 9)),
            "6 months due today": opened(
                w, "H", EaiaPriority.ORDINARY, date(2025, 12, 10)
            ),
        }
        found = ids(priority_overdue([c.pk for c in cases.values()], today=today))
        late = [cases[k].pk for k in cases if k.endswith("late")]
        self.assertEqual(sorted(found), sorted(late))
        # Longest overdue first.
        self.assertEqual(found[0], cases["6 months late"].pk)

    def test_a_synthesis_or_closing_silences_it(self):
        w = self.w
        late = opened(w, "I", EaiaPriority.URGENT, date.today() - timedelta(days=10))
        self.assertEqual(
            ids(priority_overdue([late.pk], today=date.today())), [late.pk]
        )
        child_protection_cover_update(
            by=w.owner,
            case=ChildProtectionCase.objects.get(pk=late.pk),
            synthesis_generated_on=date.today(),
            synthesis_author=w.owner,
        )
        self.assertFalse(priority_overdue([late.pk], today=date.today()))

    def test_a_report_waits_until_its_resolution(self):
        w = self.w
        case = opened(
            w,
            "J",
            EaiaPriority.ORDINARY,
            date.today(),
            report_prepared_on=date.today() - timedelta(days=3),
        )
        self.assertEqual(ids(report_pending([case.pk], today=date.today())), [case.pk])
        self.assertFalse(report_pending([self.w.case.pk], today=date.today()))
        child_protection_cover_update(
            by=w.owner,
            case=ChildProtectionCase.objects.get(pk=case.pk),
            report_resolved_on=date.today(),
        )
        self.assertFalse(report_pending([case.pk], today=date.today()))


class HomePanelTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        cls.make_alerts()

    @classmethod
    def make_alerts(cls):
        w = cls.w
        long_ago = date.today() - timedelta(days=30)
        late = opened(w, "K", EaiaPriority.PRIORITY, long_ago)
        waiting = opened(
            w, "L", EaiaPriority.ORDINARY, date.today(), report_prepared_on=long_ago
        )
        return late, waiting

    def groups(self, user):
        return {g.kind: g for g in alerts_summary(user, shown=3)}

    def test_its_professionals_and_the_coordinator_get_them(self):
        for user in (self.w.owner, self.w.eaia_mate, self.w.t.coordinator):
            with self.subTest(user=user.username):
                groups = self.groups(user)
                self.assertEqual(groups[OVERDUE].count, 1)
                self.assertEqual(groups[PENDING].count, 1)

    def test_other_roles_never_get_them(self):
        for user in (self.w.t.worker, self.w.siad):
            with self.subTest(user=user.username):
                self.assertFalse(set(KINDS) & set(enabled_kinds(user)))
                self.client.force_login(user)
                for kind in KINDS:
                    url = reverse("helpdesk_alerts:list", args=[kind])
                    self.assertEqual(self.client.get(url).status_code, 404)
        # Another sector's EAIA technician and another area's coordinator
        # have the kinds, not these alerts.
        for user in (self.w.eaia_elsewhere, self.w.foreign):
            groups = self.groups(user)
            self.assertEqual((groups[OVERDUE].count, groups[PENDING].count), (0, 0))

    def test_they_are_on_the_home_screen_with_their_pages(self):
        self.client.force_login(self.w.owner)
        response = self.client.get(HOME)
        for kind in KINDS:
            url = reverse("helpdesk_alerts:list", args=[kind])
            self.assertContains(response, url)
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_one_query_firsts_agree_with_the_listings(self):
        user = self.w.owner
        scope = alert_scope(user)
        kinds = enabled_kinds(user)
        alert_firsts(scope, kinds, shown=2)
        with self.assertNumQueries(1):
            firsts = alert_firsts(scope, kinds, shown=2)
        counts = alert_counts(scope, kinds)
        for kind in KINDS:
            rows = list(ALERT_TYPES[kind].rows(scope)[:2])
            self.assertEqual(firsts[kind], (counts[kind], ids(rows)))

    def test_the_queries_do_not_grow_with_the_alerts(self):
        owner = self.w.owner

        def queries():
            counts = {}
            for name, run in (
                ("panel", lambda: alerts_summary(owner, shown=3)),
                *(
                    (kind, lambda k=kind: alert_page(owner, ALERT_TYPES[k]))
                    for kind in KINDS
                ),
            ):
                with CaptureQueriesContext(connection) as captured:
                    run()
                counts[name] = len(captured)
            return counts

        before = queries()
        for _ in range(3):
            self.make_alerts()
        self.assertEqual(queries(), before)
        self.assertEqual(self.groups(owner)[OVERDUE].count, 4)
