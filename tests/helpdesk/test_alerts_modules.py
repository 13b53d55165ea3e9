"""The modules' alert kinds on the home panel (casework.modules: a module
declares them; helpdesk counts, lists and offers them): home care's events
waiting over 7 days for a decision and services suspended over 90 days, for
the SAD manager and coordinators only; and the panel's counts and first rows
read in one query agree with each kind's own listing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.modules import get_module, module_alerts
from casework.modules.sad.enums import HomeCareEventKind as Kind
from configuration import roles
from helpdesk.alerts.kinds import AlertKind
from helpdesk.alerts.queries import ALERT_TYPES, alert_scope
from helpdesk.alerts.selectors import (
    alert_counts,
    alert_firsts,
    alert_page,
    alerts_summary,
    enabled_kinds,
)
from helpdesk.alerts.services import alert_preferences_save
from helpdesk.models import AlertPreference
from tests.casework.sad.test_queries import another_case, backdate, days_ago
from tests.casework.sad.world import SadTestCase, approved, member, propose, world
from tests.factories.casework import territory

from .test_alerts_counts import varied

WAITING = "sad_event_waiting"
SUSPENDED = "sad_service_suspended"
SAD_KINDS = [WAITING, SUSPENDED]
HOME = reverse("wagtailadmin_home")


def list_url(kind: str) -> str:
    return reverse("helpdesk_alerts:list", args=[kind])


def home_care_alerts(w):
    """One event waiting 8 days, one 7 days (not yet), a service suspended 91
    days ago and one 90 days ago (not yet); returns the two alerts."""
    waiting = propose(w, another_case(w), Kind.SUSPENSION)
    backdate(waiting, 8)
    backdate(propose(w, another_case(w), Kind.SUSPENSION), 7)
    suspended = another_case(w)
    approved(w, suspended, Kind.SUSPENSION, on=days_ago(91))
    approved(w, another_case(w), Kind.SUSPENSION, on=days_ago(90))
    return waiting, suspended


class DeclarationTests(SadTestCase):
    def test_home_care_declares_its_kinds_and_helpdesk_reads_them(self):
        keys = [alert.key for alert in get_module("sad").alert_kinds]
        self.assertEqual(keys, SAD_KINDS)
        # Every module's kinds, each module's in its order (EAIA's: its tests).
        sad = [a.key for a in module_alerts() if a.key.startswith("sad_")]
        self.assertEqual(sad, SAD_KINDS)
        for key in SAD_KINDS:
            self.assertIn(key, ALERT_TYPES)
            self.assertNotIn(key, AlertKind.values)  # not written out in helpdesk


class ModuleKindsScopeTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.waiting, cls.suspended = home_care_alerts(cls.w)
        cls.other = world()  # another area, with its own home-care alerts
        home_care_alerts(cls.other)

    def groups(self, user):
        return {g.kind: g for g in alerts_summary(user, shown=3)}

    def test_the_sad_manager_and_a_coordinator_get_them(self):
        for user in (self.w.manager, self.w.t.coordinator):
            groups = self.groups(user)
            self.assertEqual(groups[WAITING].count, 1, user)
            self.assertEqual([r.pk for r in groups[WAITING].rows], [self.waiting.pk])
            self.assertEqual(groups[SUSPENDED].count, 1, user)
            self.assertEqual(
                [r.pk for r in groups[SUSPENDED].rows], [self.suspended.pk]
            )
            self.assertEqual(groups[SUSPENDED].rows[0].number, self.suspended.number)
            self.assertIn(str(self.suspended.pk), groups[SUSPENDED].rows[0].url)

    def test_a_technician_never_gets_them(self):
        worker = self.w.t.worker
        self.assertFalse(set(SAD_KINDS) & set(enabled_kinds(worker)))
        self.assertFalse(set(SAD_KINDS) & set(self.groups(worker)))
        self.client.force_login(worker)
        for kind in SAD_KINDS:
            self.assertEqual(self.client.get(list_url(kind)).status_code, 404)

    def test_another_area_sees_only_its_own(self):
        for kind in SAD_KINDS:
            page, rows = alert_page(self.other.manager, ALERT_TYPES[kind])
            self.assertEqual(page.paginator.count, 1)
            self.assertNotIn(rows[0].pk, {self.waiting.pk, self.suspended.pk}, kind)

    def test_each_kind_has_its_page(self):
        self.client.force_login(self.w.manager)
        for kind, row in ((WAITING, self.waiting), (SUSPENDED, self.suspended)):
            response = self.client.get(list_url(kind))
            self.assertEqual(response.status_code, 200)
            self.assertContains(
                response, row.case.number if kind == WAITING else row.number
            )

    def test_they_are_on_the_home_screen(self):
        self.client.force_login(self.w.manager)
        response = self.client.get(HOME)
        for kind in SAD_KINDS:
            self.assertContains(response, list_url(kind))

    def test_the_preferences_offer_them_to_who_gets_them(self):
        self.client.force_login(self.w.manager)
        url = reverse("helpdesk_alerts:preferences")
        self.assertContains(self.client.get(url), f'value="{WAITING}"')
        alert_preferences_save(acting_user=self.w.manager, enabled=[SUSPENDED])
        self.assertEqual(enabled_kinds(self.w.manager)[-1:], [SUSPENDED])
        self.assertNotIn(WAITING, self.groups(self.w.manager))
        self.client.force_login(self.w.t.worker)
        self.assertNotContains(self.client.get(url), f'value="{WAITING}"')
        response = self.client.post(url, {"enabled": [WAITING]})
        self.assertEqual(response.status_code, 200)  # unknown to a technician
        self.assertFalse(AlertPreference.objects.filter(user=self.w.t.worker))

    def test_a_decision_clears_the_alert(self):
        from casework.modules.sad.services import approve_home_care_event

        approve_home_care_event(by=self.w.manager, event=self.waiting)
        self.assertEqual(self.groups(self.w.manager)[WAITING].count, 0)

    def test_the_queries_do_not_grow_with_the_alerts(self):
        manager = self.w.manager
        manager.has_perm("casework.view_basiccase")  # its rights, read once

        def queries():
            counts = {}
            for name, run in (
                ("panel", lambda: alerts_summary(manager, shown=3)),
                *(
                    (kind, lambda k=kind: alert_page(manager, ALERT_TYPES[k]))
                    for kind in SAD_KINDS
                ),
            ):
                with CaptureQueriesContext(connection) as captured:
                    run()
                counts[name] = len(captured)
            return counts

        before = queries()
        for _ in range(3):
            home_care_alerts(self.w)
        self.assertEqual(queries(), before)
        self.assertEqual(self.groups(manager)[WAITING].count, 4)


class OneQueryFirstsTests(SadTestCase):
    """The panel's counts and first rows (one query for every kind) equal
    each kind's count and the first rows of its listing."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        varied(cls.t)

    def test_counts_and_first_rows_agree_with_the_listings(self):
        coordinator_sad = world()
        home_care_alerts(coordinator_sad)
        home_care_alerts(coordinator_sad)
        users = (
            self.t.worker,
            self.t.coordinator,
            self.t.outsider,
            coordinator_sad.manager,
            coordinator_sad.t.coordinator,
            member(roles.GESTOR_SAD, self.t),
        )
        for user in users:
            scope = alert_scope(user)
            kinds = enabled_kinds(user)
            alert_firsts(scope, kinds, shown=2)  # the scope's teams, read once
            with self.assertNumQueries(1):
                firsts = alert_firsts(scope, kinds, shown=2)
            counts = alert_counts(scope, kinds)
            groups = {g.kind: g for g in alerts_summary(user, shown=2)}
            for kind in kinds:
                rows = list(ALERT_TYPES[kind].rows(scope)[:2])
                label = (user.username, kind)
                self.assertEqual(firsts[kind][0], counts[kind], label)
                self.assertEqual(firsts[kind][1], [r.pk for r in rows], label)
                self.assertEqual(groups[kind].count, counts[kind], label)
                self.assertEqual([r.pk for r in groups[kind].rows], firsts[kind][1])
        self.assertEqual(alerts_summary(coordinator_sad.manager)[-1].count, 2)
