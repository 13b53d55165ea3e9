"""The home panel "Alertes i tasques", the alert pages, preferences, dismissal
and the periodic `refresh_alerts` command."""

from io import StringIO
from unittest import mock

from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from casework.enums import PlanState
from casework.models import InterventionPlan, Resource
from directory.models import Person
from helpdesk.alerts.kinds import AlertKind
from helpdesk.alerts.queries import ALERT_TYPES, LISTED_EXPEDIENTS, alert_scope
from helpdesk.alerts.selectors import (
    alert_counts,
    alert_group,
    alerts_summary,
    enabled_kinds,
)
from helpdesk.alerts.services import alert_preferences_save
from helpdesk.enums import NotificationKind
from helpdesk.models import (
    AlertDismissal,
    AlertPreference,
    AlertSnapshot,
    Notification,
)
from tests.factories import UserFactory
from tests.factories.casework import basic_case, resident, territory

from .test_alerts import alerts, days, decease, make_inactive, plan, problem, resource

HOME = reverse("wagtailadmin_home")


def shown(text) -> str:
    """`text` as the admin shows it (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(gettext(text) if isinstance(text, str) else text)


def list_url(kind: str) -> str:
    return reverse("helpdesk_alerts:list", args=[kind])


def dismiss_url(kind: str, pk: int) -> str:
    return reverse("helpdesk_alerts:dismiss", args=[kind, pk])


def count_queries(test: TestCase, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        test.assertEqual(test.client.get(url).status_code, 200)
    return len(captured)


def one_of_each(t, case=None):
    """An expedient with an alert of every kind."""
    person = resident(t)
    case = case or basic_case(t, person)
    plan(case, expires_on=days(-1))
    plan(case, expires_on=days(3))
    resource(case, ends_on=days(-1))
    resource(case, state=0, state_changed_on=days(-70))
    problem(case, ends_on=days(-2))
    homeless = resident(t, first_name="Joan")
    Person.objects.filter(pk=homeless.pk).update(residence_municipality=None)
    case.links.create(person=homeless)
    dead = resident(t, first_name="Pere")
    case.links.create(person=dead)
    decease(dead)
    make_inactive(case)
    return case


class AlertsPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = one_of_each(cls.t)

    def test_every_kind_is_counted_and_linked_to_the_expedient(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(HOME)
        self.assertContains(response, shown("Alerts and tasks"))
        groups = {g.kind: g for g in alerts_summary(self.t.worker)}
        self.assertEqual(set(groups), set(AlertKind.values))
        for kind, group in groups.items():
            self.assertEqual(group.count, 1, kind)
            self.assertContains(response, group.list_url)
            self.assertContains(response, group.rows[0].url)
        self.assertContains(response, self.case.number)

    def test_a_professional_with_no_alerts_is_told_so(self):
        self.client.force_login(self.t.outsider)
        response = self.client.get(HOME)
        self.assertContains(response, shown("No alerts right now."))
        self.assertNotContains(response, self.case.number)

    def test_no_panel_for_the_support_desk_without_an_area(self):
        support = UserFactory(is_superuser=True, area=None)
        self.client.force_login(support)
        response = self.client.get(HOME)
        self.assertNotContains(response, 'id="alerts-section"')

    def test_the_panels_queries_do_not_grow_with_the_alerts(self):
        self.client.force_login(self.t.worker)
        before = count_queries(self, HOME)
        one_of_each(self.t, basic_case(self.t))
        one_of_each(self.t)
        self.assertEqual(count_queries(self, HOME), before)
        self.assertEqual(len(alerts(self.t.worker, AlertKind.PLAN_EXPIRED)), 3)


class AlertPreferencesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        one_of_each(cls.t)

    def test_every_kind_is_on_by_default(self):
        self.assertEqual(enabled_kinds(self.t.worker), AlertKind.values)

    def test_a_kind_switched_off_is_no_longer_shown(self):
        self.client.force_login(self.t.worker)
        url = reverse("helpdesk_alerts:preferences")
        self.assertEqual(self.client.get(url).status_code, 200)
        wanted = [k for k in AlertKind.values if k != AlertKind.PROBLEM_EXPIRED]
        response = self.client.post(url, {"enabled": wanted})
        self.assertRedirects(response, HOME)
        preference = AlertPreference.objects.get(user=self.t.worker)
        self.assertEqual(preference.disabled_kinds, [AlertKind.PROBLEM_EXPIRED])
        kinds = {g.kind for g in alerts_summary(self.t.worker)}
        self.assertNotIn(AlertKind.PROBLEM_EXPIRED, kinds)
        home = self.client.get(HOME)
        self.assertNotContains(home, list_url(AlertKind.PROBLEM_EXPIRED))
        self.assertContains(home, list_url(AlertKind.PLAN_EXPIRED))
        # Someone else's preferences are their own.
        self.assertIn(AlertKind.PROBLEM_EXPIRED, enabled_kinds(self.t.coordinator))

    def test_switching_everything_off_leaves_an_empty_panel(self):
        alert_preferences_save(acting_user=self.t.worker, enabled=[])
        self.assertEqual(alerts_summary(self.t.worker), [])

    def test_an_unknown_kind_is_refused(self):
        self.client.force_login(self.t.worker)
        response = self.client.post(
            reverse("helpdesk_alerts:preferences"), {"enabled": ["nonsense"]}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AlertPreference.objects.exists())


class AlertDismissTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        case = basic_case(cls.t)
        cls.resource = resource(case, ends_on=days(-1))
        cls.plan = plan(case, expires_on=days(-1))

    def dismiss(self, user, kind=AlertKind.RESOURCE_EXPIRED, pk=None):
        self.client.force_login(user)
        return self.client.post(dismiss_url(kind, pk or self.resource.pk))

    def test_a_dismissed_resource_never_comes_back_for_anyone(self):
        response = self.dismiss(self.t.worker)
        self.assertRedirects(response, list_url(AlertKind.RESOURCE_EXPIRED))
        dismissal = AlertDismissal.objects.get()
        self.assertEqual(dismissal.user, self.t.worker)
        for user in (self.t.worker, self.t.coordinator):
            self.assertEqual(alerts(user, AlertKind.RESOURCE_EXPIRED), set())
        # Still dismissed once it expires again after an extension.
        Resource.objects.filter(pk=self.resource.pk).update(ends_on=days(-1))
        self.assertEqual(alerts(self.t.worker, AlertKind.RESOURCE_EXPIRED), set())

    def test_the_dismissal_is_in_the_audit_trail(self):
        self.dismiss(self.t.coordinator)
        entry = LogEntry.objects.get(additional_data__event="alert_dismissed")
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.object_pk, str(self.resource.pk))

    def test_someone_without_the_alert_gets_404(self):
        for user in (self.t.teammate, self.t.outsider):
            self.assertEqual(self.dismiss(user).status_code, 404)
        self.assertFalse(AlertDismissal.objects.exists())

    def test_other_kinds_cannot_be_dismissed(self):
        response = self.dismiss(self.t.worker, AlertKind.PLAN_EXPIRED, self.plan.pk)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.dismiss(self.t.worker, "nonsense").status_code, 404)
        self.assertFalse(AlertDismissal.objects.exists())

    def test_dismissing_takes_a_post(self):
        self.client.force_login(self.t.worker)
        url = dismiss_url(AlertKind.RESOURCE_EXPIRED, self.resource.pk)
        self.assertEqual(self.client.get(url).status_code, 405)


class AlertListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)
        cls.resource = resource(cls.case, ends_on=days(-1))

    def test_the_list_shows_the_users_alerts_with_their_dismiss_button(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(list_url(AlertKind.RESOURCE_EXPIRED))
        self.assertContains(response, self.case.number)
        self.assertContains(
            response, dismiss_url(AlertKind.RESOURCE_EXPIRED, self.resource.pk)
        )

    def test_others_see_an_empty_list(self):
        self.client.force_login(self.t.outsider)
        response = self.client.get(list_url(AlertKind.RESOURCE_EXPIRED))
        self.assertContains(response, shown("No alerts of this type right now."))
        self.assertNotContains(response, self.case.number)

    def test_an_unknown_kind_is_404(self):
        self.client.force_login(self.t.worker)
        self.assertEqual(self.client.get(list_url("nonsense")).status_code, 404)

    def test_the_lists_queries_do_not_grow_with_the_alerts(self):
        self.client.force_login(self.t.worker)
        url = list_url(AlertKind.RESOURCE_EXPIRED)
        before = count_queries(self, url)
        for _ in range(3):
            resource(self.case, ends_on=days(-5))
        self.assertEqual(count_queries(self, url), before)


class RefreshAlertsCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t, resident(cls.t, first_name="Mireia"))
        cls.plan = plan(cls.case, expires_on=days(-1))

    def run_command(self) -> str:
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("refresh_alerts", stdout=out)
        return out.getvalue()

    def notices(self, user):
        return Notification.objects.filter(
            recipient=user, kind=NotificationKind.NEW_ALERTS
        )

    def test_new_alerts_are_notified_once(self):
        output = self.run_command()
        self.assertIn("2 notified", output)  # the worker and their coordinator
        notice = self.notices(self.t.worker).get()
        self.assertIn(f"{shown(AlertKind.PLAN_EXPIRED.label)} (1)", notice.text)
        self.assertEqual(notice.link, list_url(AlertKind.PLAN_EXPIRED))
        self.assertNotIn("Mireia", notice.text)
        self.assertFalse(self.notices(self.t.outsider).exists())
        self.run_command()
        self.assertEqual(self.notices(self.t.worker).count(), 1)

    def test_an_alert_that_appears_later_is_notified(self):
        self.run_command()
        problem(self.case, ends_on=days(-3))
        self.run_command()
        latest = self.notices(self.t.worker).first()
        self.assertEqual(self.notices(self.t.worker).count(), 2)
        self.assertIn(f"{shown(AlertKind.PROBLEM_EXPIRED.label)} (1)", latest.text)
        self.assertNotIn(shown(AlertKind.PLAN_EXPIRED.label), latest.text)

    def test_only_what_changed_is_remembered(self):
        self.run_command()
        self.assertFalse(AlertSnapshot.objects.filter(user=self.t.outsider).exists())
        snapshot = AlertSnapshot.objects.get(
            user=self.t.worker, kind=AlertKind.PLAN_EXPIRED
        )
        self.assertEqual(snapshot.object_ids, [self.plan.pk])
        InterventionPlan.objects.filter(pk=self.plan.pk).update(state=PlanState.CLOSED)
        self.run_command()
        snapshot.refresh_from_db()
        self.assertEqual(snapshot.object_ids, [])

    def test_kinds_switched_off_are_not_notified(self):
        alert_preferences_save(acting_user=self.t.worker, enabled=[])
        self.run_command()
        self.assertFalse(self.notices(self.t.worker).exists())
        self.assertTrue(self.notices(self.t.coordinator).exists())


class AlertScopeShapeTests(TestCase):
    """How the alerts are read at scale (`make bench`'s bench_alerts): a
    coordinator's colleagues once as a list; on PostgreSQL the expedients once
    as a list of ids (a subquery past LISTED_EXPEDIENTS, and elsewhere), every
    kind counted in one query, then the first rows of the kinds that have any.
    Every shape is tried here whatever the engine: the same alerts."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = one_of_each(cls.t)
        held_by_teammate = basic_case(
            cls.t,
            reference_professional=cls.t.teammate,
            co_reference_professional=cls.t.worker,
        )
        one_of_each(cls.t, held_by_teammate)
        for n in range(4):
            plan(cls.case, expires_on=days(-10 - n))

    def listed(self, cap: int):
        return mock.patch.dict(LISTED_EXPEDIENTS, {connection.vendor: cap})

    def every_alert(self, user) -> dict[str, set[int]]:
        return {kind: alerts(user, kind) for kind in AlertKind.values}

    def test_the_scope_is_read_once_as_a_list_of_ids(self):
        with self.listed(100):
            scope = alert_scope(self.t.worker)
            with self.assertNumQueries(1):
                ids = scope.expedient_ids
                self.assertIs(scope.expedient_ids, ids)
        self.assertEqual(len(ids), 2)

    def test_the_list_and_the_subquery_give_the_same_alerts(self):
        users = (self.t.worker, self.t.teammate, self.t.coordinator, self.t.outsider)
        with self.listed(100):
            listed = {user.pk: self.every_alert(user) for user in users}
        for cap in (1, 0):  # past the cap, and an engine that never lists
            with self.listed(cap):
                scope = alert_scope(self.t.worker)
                self.assertIsInstance(scope.expedient_ids, QuerySet)
                for user in users:
                    self.assertEqual(self.every_alert(user), listed[user.pk], user)
        self.assertEqual(len(listed[self.t.coordinator.pk][AlertKind.PLAN_EXPIRED]), 6)
        self.assertEqual(listed[self.t.outsider.pk][AlertKind.PLAN_EXPIRED], set())

    def test_the_listed_ids_go_as_one_array(self):
        # `= ANY(array)` where the kind reaches its table by the expedient's
        # index, a semi-join with the unnested array where its index starts
        # with another column (AlertScope.holds); the same alerts either way.
        probed = {
            AlertKind.PLAN_EXPIRED,
            AlertKind.PLAN_EXPIRING,
            AlertKind.RESOURCE_EXPIRED,
            AlertKind.RESOURCE_PENDING,
            AlertKind.INACTIVE_EXPEDIENT,
            AlertKind.NO_MUNICIPALITY,
            AlertKind.DECEASED_PERSON,
        }
        postgresql = connection.vendor == "postgresql"
        with self.listed(100):
            scope = alert_scope(self.t.coordinator)
            for kind in AlertKind.values:
                sql = str(ALERT_TYPES[kind].rows(scope).query)
                self.assertEqual("= ANY(" in sql, postgresql and kind in probed, kind)
                self.assertEqual("unnest(" in sql, postgresql and kind not in probed)
                # SQLite reads the list as one JSON array, whatever the kind.
                self.assertEqual("json_each(" in sql, connection.vendor == "sqlite")
        for cap in (100, 0):
            with self.listed(cap):
                found = self.every_alert(self.t.coordinator)
            self.assertTrue(all(found.values()), found)
            self.assertEqual(found, self.every_alert_plain(self.t.coordinator))

    def every_alert_plain(self, user) -> dict[str, set[int]]:
        scope = alert_scope(user, plain=True)
        return {
            kind: set(ALERT_TYPES[kind].rows(scope).values_list("pk", flat=True))
            for kind in AlertKind.values
        }

    def test_a_coordinator_gets_what_each_colleague_is_named_on(self):
        coordinator = self.every_alert(self.t.coordinator)
        for user in (self.t.worker, self.t.teammate):
            for kind, found in self.every_alert(user).items():
                self.assertLessEqual(found, coordinator[kind], kind)

    def test_each_group_counts_every_alert_and_keeps_the_first_rows(self):
        oldest = InterventionPlan.objects.filter(expires_on__lt=days(0))
        first = list(oldest.order_by("expires_on", "pk").values_list("pk", flat=True))
        for cap in (100, 0):
            with self.listed(cap):
                groups = {g.kind: g for g in alerts_summary(self.t.worker, shown=3)}
            expired = groups[AlertKind.PLAN_EXPIRED]
            self.assertEqual(expired.count, 6)
            self.assertEqual([row.pk for row in expired.rows], first[:3])
            for kind in AlertKind.values:
                self.assertEqual(
                    groups[kind].count, len(alerts(self.t.worker, kind)), kind
                )

    def test_every_kind_is_counted_in_one_query(self):
        for cap in (100, 0):
            with self.listed(cap):
                scope = alert_scope(self.t.worker)
                self.assertTrue(scope.expedient_ids)  # read before counting
                with self.assertNumQueries(1):
                    counts = alert_counts(scope, AlertKind.values)
            self.assertEqual(counts[AlertKind.PLAN_EXPIRED], 6)
            self.assertEqual(set(counts), set(AlertKind.values))

    def test_a_group_takes_one_query_for_its_rows_and_none_when_empty(self):
        scope = alert_scope(self.t.worker)
        self.assertTrue(scope.expedient_ids)
        with self.assertNumQueries(1):
            group = alert_group(scope, AlertKind.PLAN_EXPIRED, shown=3, count=6)
        self.assertEqual(len(group.rows), 3)
        with self.assertNumQueries(0):
            alert_group(scope, AlertKind.PLAN_EXPIRED, shown=3, count=0)
        with self.assertNumQueries(1):  # counted here when not given
            self.assertEqual(
                alert_group(scope, AlertKind.PLAN_EXPIRED, shown=0).count, 6
            )

    def test_a_group_shown_without_rows_still_counts(self):
        for cap in (100, 0):
            with self.listed(cap):
                groups = {g.kind: g for g in alerts_summary(self.t.worker, shown=0)}
            self.assertEqual(groups[AlertKind.PLAN_EXPIRED].count, 6)
            self.assertEqual(groups[AlertKind.PLAN_EXPIRED].rows, [])
