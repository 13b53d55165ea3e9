"""The alerts as the panel and the pages read them at scale (one COUNT query for
every kind, the scope as an array of ids, the kinds' partial indexes) give what
the plain definitions of domain.md §4.8 give, evaluated here in Python on
varied data; and the panel and the pages keep a constant number of queries."""

from datetime import datetime, time, timedelta
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.enums import PlanState
from casework.models import (
    Actuacio,
    Demand,
    Expedient,
    InterventionPlan,
    LinkedPerson,
    ProblemRecord,
    Resource,
    ResourceBeneficiary,
    Tramit,
)
from configuration.enums import PersonStatus, ResourceState
from helpdesk.alerts.kinds import AlertKind
from helpdesk.alerts.queries import (
    ALERT_TYPES,
    INACTIVITY_DAYS,
    LISTED_EXPEDIENTS,
    PROBLEM_LOOKBACK_DAYS,
    alert_expedients,
    alert_scope,
    one_month_before,
)
from helpdesk.alerts.selectors import alert_counts, alert_page, alerts_summary
from helpdesk.models import AlertDismissal
from tests.factories import DemandTypeFactory
from tests.factories.casework import basic_case, resident, territory

from .test_alerts import (
    TODAY,
    close,
    days,
    decease,
    make_inactive,
    plan,
    problem,
    resource,
)
from .test_alerts_views import one_of_each


def recorded(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


def expected(user) -> dict[str, set[int]]:
    """Every kind's alerts of `user`, by the definitions, row by row in Python."""
    scope = set(alert_expedients(user).values_list("pk", flat=True))
    cutoff = TODAY - timedelta(days=INACTIVITY_DAYS)
    since = recorded(cutoff).replace(hour=0)
    warning = TODAY + timedelta(days=30)
    dismissed = set(
        AlertDismissal.objects.filter(kind=AlertKind.RESOURCE_EXPIRED).values_list(
            "object_id", flat=True
        )
    )
    deceased_holders = set(
        ResourceBeneficiary.objects.filter(
            role="holder", person__status=PersonStatus.DECEASED
        ).values_list("resource_id", flat=True)
    )
    plans = [p for p in InterventionPlan.objects.all() if p.expedient_id in scope]
    resources = [r for r in Resource.objects.all() if r.expedient_id in scope]
    links = [
        link
        for link in LinkedPerson.objects.select_related("person")
        if link.expedient_id in scope
    ]

    def active(expedient) -> bool:
        if any(
            a.date >= cutoff or a.created_at >= since
            for a in Actuacio.objects.filter(expedient=expedient)
        ):
            return True
        return any(
            row.created_at >= since
            for model in (Demand, ProblemRecord, Resource, Tramit, InterventionPlan)
            for row in model.objects.filter(expedient=expedient)
        )

    return {
        AlertKind.PLAN_EXPIRED: {
            p.pk for p in plans if p.state == PlanState.OPEN and p.expires_on < TODAY
        },
        AlertKind.PLAN_EXPIRING: {
            p.pk
            for p in plans
            if p.state == PlanState.OPEN and TODAY <= p.expires_on <= warning
        },
        AlertKind.RESOURCE_EXPIRED: {
            r.pk
            for r in resources
            if r.state == ResourceState.GRANTED
            and r.ends_on is not None
            and r.ends_on < TODAY
            and not r.alert_dismissed
            and r.pk not in dismissed
        },
        AlertKind.RESOURCE_PENDING: {
            r.pk
            for r in resources
            if r.state == ResourceState.PRE_ASSIGNED
            and r.state_changed_on < one_month_before(TODAY)
            and r.pk not in deceased_holders
        },
        AlertKind.INACTIVE_EXPEDIENT: {
            e.pk
            for e in Expedient.objects.filter(pk__in=scope)
            if e.state_date < cutoff and not active(e)
        },
        AlertKind.NO_MUNICIPALITY: {
            link.pk
            for link in links
            if link.person.residence_municipality_id is None
            and link.person.status == PersonStatus.ACTIVE
        },
        AlertKind.DECEASED_PERSON: {
            link.pk for link in links if link.person.status == PersonStatus.DECEASED
        },
        AlertKind.PROBLEM_EXPIRED: {
            p.pk
            for p in ProblemRecord.objects.all()
            if p.expedient_id in scope
            and TODAY - timedelta(days=PROBLEM_LOOKBACK_DAYS) <= p.ends_on < TODAY
        },
    }


def varied(t) -> None:
    """Alerts and near misses of every kind, on expedients of the worker, of a
    teammate (co-referred to the worker, one of them confidential), closed,
    inactive in several ways, and of another territory."""
    mine = one_of_each(t)
    teammates = basic_case(
        t, reference_professional=t.teammate, co_reference_professional=t.worker
    )
    one_of_each(t, teammates)
    secret = basic_case(t, reference_professional=t.teammate, confidential=True)
    one_of_each(t, secret)
    closed = one_of_each(t, basic_case(t))
    close(closed)
    elsewhere = basic_case(t, reference_professional=t.outsider)
    one_of_each(t, elsewhere)
    # Near misses: a closed plan, a plan far from expiring, one expiring on the
    # last day of the window and one today.
    plan(mine, expires_on=days(-3), state=PlanState.CLOSED, closed_on=days(-3))
    plan(mine, expires_on=days(31))
    plan(mine, expires_on=days(30))
    plan(mine, expires_on=days(0))
    # Resources: dismissed both ways, deleted, not ended, pre-assigned lately
    # or long ago with a living or a deceased holder, denied.
    resource(mine, ends_on=days(-1), alert_dismissed=True)
    dismissed = resource(mine, ends_on=days(-2))
    AlertDismissal.objects.create(
        kind=AlertKind.RESOURCE_EXPIRED, object_id=dismissed.pk, user=t.worker
    )
    gone = resource(mine, ends_on=days(-3))
    Resource.all_objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    resource(mine, ends_on=days(10))
    resource(mine, state=ResourceState.PRE_ASSIGNED, state_changed_on=days(-10))
    living = resident(t, first_name="Clara")
    resource(
        mine,
        state=ResourceState.PRE_ASSIGNED,
        state_changed_on=days(-90),
        holder=living,
    )
    dead = resident(t, first_name="Lluís")
    decease(dead)
    resource(
        mine, state=ResourceState.PRE_ASSIGNED, state_changed_on=days(-90), holder=dead
    )
    resource(mine, state=ResourceState.DENIED, state_changed_on=days(-90))
    # Problems ended a year ago to the day, yesterday, and deleted.
    problem(mine, ends_on=days(-PROBLEM_LOOKBACK_DAYS))
    problem(mine, ends_on=days(-PROBLEM_LOOKBACK_DAYS - 1))
    deleted_problem = problem(mine, ends_on=days(-1))
    ProblemRecord.all_objects.filter(pk=deleted_problem.pk).update(
        deleted_at=timezone.now()
    )
    # Inactivity: an old expedient whose only recent actuació was deleted
    # (inactive), one with an actuació recorded lately about an old day, and
    # one with only a demand recorded lately (both active).
    quiet = basic_case(t)
    make_inactive(quiet)
    Actuacio.all_objects.filter(expedient=quiet).update(
        date=days(-2), deleted_at=timezone.now()
    )
    late = basic_case(t)
    make_inactive(late)
    Actuacio.objects.filter(expedient=late).update(created_at=recorded(days(-2)))
    via_demand = basic_case(t)
    make_inactive(via_demand)
    Demand.objects.create(expedient=via_demand, type=DemandTypeFactory())


class OptimisedCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        varied(cls.t)
        cls.users = (cls.t.worker, cls.t.teammate, cls.t.coordinator, cls.t.outsider)

    def listed(self, cap: int):
        return mock.patch.dict(LISTED_EXPEDIENTS, {connection.vendor: cap})

    def test_the_data_raises_every_kind_and_its_near_misses(self):
        found = expected(self.t.coordinator)
        for kind in AlertKind.values:
            self.assertTrue(found[kind], kind)
        self.assertTrue(expected(self.t.outsider)[AlertKind.PLAN_EXPIRED])

    def test_counts_and_rows_equal_the_definitions(self):
        wanted = {user.pk: expected(user) for user in self.users}
        for cap in (10_000, 1, 0):  # an array of ids, past the cap, a subquery
            for plain in (False, True):
                with self.listed(cap):
                    for user in self.users:
                        scope = alert_scope(user, plain=plain)
                        counts = alert_counts(scope, AlertKind.values)
                        for kind in AlertKind.values:
                            rows = ALERT_TYPES[kind].rows(scope)
                            found = set(rows.values_list("pk", flat=True))
                            label = (cap, plain, user.username, kind)
                            want = wanted[user.pk][kind]
                            self.assertEqual(found, want, label)
                            self.assertEqual(counts[kind], len(want), label)

    def test_the_panel_and_each_page_agree_with_the_definitions(self):
        for user in self.users:
            wanted = expected(user)
            groups = {g.kind: g for g in alerts_summary(user, shown=50)}
            for kind in AlertKind.values:
                self.assertEqual(groups[kind].count, len(wanted[kind]), kind)
                self.assertEqual({r.pk for r in groups[kind].rows}, wanted[kind])
                page, rows = alert_page(user, ALERT_TYPES[kind])
                self.assertEqual(page.paginator.count, len(wanted[kind]), kind)
                self.assertEqual({r.pk for r in rows}, wanted[kind], kind)

    def test_a_scope_without_expedients_counts_nothing(self):
        # With no expedient in scope, Django compiles a kind's rows to an
        # empty result it will not write as SQL (pk IN ()): each counts 0.
        scope = alert_scope(self.t.worker)
        scope.__dict__["expedient_ids"] = []
        for cap in (10_000, 0):
            with self.listed(cap):
                counts = alert_counts(scope, AlertKind.values)
                self.assertEqual(set(counts.values()), {0}, cap)

    def test_the_first_rows_are_the_oldest(self):
        groups = {g.kind: g for g in alerts_summary(self.t.coordinator, shown=2)}
        expired = InterventionPlan.objects.filter(
            pk__in=expected(self.t.coordinator)[AlertKind.PLAN_EXPIRED]
        ).order_by("expires_on", "pk")
        self.assertEqual(
            [r.pk for r in groups[AlertKind.PLAN_EXPIRED].rows],
            [p.pk for p in expired[:2]],
        )

    def test_kinds_of_one_model_read_their_rows_together(self):
        # Plans expired and about to expire, resources ended and pending,
        # persons deceased and without a municipality: one read per model.
        with CaptureQueriesContext(connection) as captured:
            groups = {g.kind: g for g in alerts_summary(self.t.coordinator, shown=2)}
        shared = (
            (
                "casework_interventionplan",
                AlertKind.PLAN_EXPIRED,
                AlertKind.PLAN_EXPIRING,
            ),
            (
                "casework_resource",
                AlertKind.RESOURCE_EXPIRED,
                AlertKind.RESOURCE_PENDING,
            ),
            (
                "casework_linkedperson",
                AlertKind.DECEASED_PERSON,
                AlertKind.NO_MUNICIPALITY,
            ),
        )
        for table, *kinds in shared:
            reads = [
                query["sql"]
                for query in captured
                if f'FROM "{table}"' in query["sql"] and "UNION ALL" not in query["sql"]
            ]
            self.assertEqual(len(reads), 1, table)
            for kind in kinds:
                self.assertTrue(groups[kind].rows, kind)
        expiring = InterventionPlan.objects.filter(
            pk__in=expected(self.t.coordinator)[AlertKind.PLAN_EXPIRING]
        ).order_by("expires_on", "pk")
        self.assertEqual(
            [r.pk for r in groups[AlertKind.PLAN_EXPIRING].rows],
            [p.pk for p in expiring[:2]],
        )


class ConstantQueriesTests(TestCase):
    """The panel's and the pages' queries do not grow with the alerts, for a
    professional and for their coordinator, however the scope is read."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        one_of_each(cls.t)
        one_of_each(cls.t, basic_case(cls.t, reference_professional=cls.t.teammate))

    def queries(self, run) -> int:
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)

    def test_the_panel_and_the_pages(self):
        screens = {
            "panel": lambda user: alerts_summary(user, shown=3),
            **{
                kind: lambda user, k=kind: alert_page(user, ALERT_TYPES[k])
                for kind in AlertKind.values
            },
        }
        for cap in (10_000, 0):
            with mock.patch.dict(LISTED_EXPEDIENTS, {connection.vendor: cap}):
                for user in (self.t.worker, self.t.coordinator):
                    user.has_perm("casework.view_basiccase")  # its rights, read once
                    before = {
                        name: self.queries(lambda s=screen, u=user: s(u))
                        for name, screen in screens.items()
                    }
                    with self.subTest(cap=cap, user=user.username):
                        for _ in range(3):
                            one_of_each(self.t)
                            one_of_each(
                                self.t,
                                basic_case(
                                    self.t, reference_professional=self.t.teammate
                                ),
                            )
                        after = {
                            name: self.queries(lambda s=screen, u=user: s(u))
                            for name, screen in screens.items()
                        }
                        self.assertEqual(after, before)


class AlertPageTests(TestCase):
    """A kind's page reads its rows and its total in one query (the rows carry
    a window count), and turns pages as Django's get_page does."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        case = basic_case(cls.t)
        # 53 expired plans: a full first page of 50 and a second of 3.
        cls.plans = [plan(case, expires_on=days(-1 - n)) for n in range(53)]

    def page(self, number):
        return alert_page(self.t.worker, ALERT_TYPES[AlertKind.PLAN_EXPIRED], number)

    def test_pages_hold_the_rows_in_order_with_the_total(self):
        oldest_first = [p.pk for p in reversed(self.plans)]
        first, rows = self.page(None)
        self.assertEqual((first.number, first.paginator.count), (1, 53))
        self.assertEqual(first.paginator.num_pages, 2)
        self.assertEqual([r.pk for r in rows], oldest_first[:50])
        self.assertTrue(first.has_next())
        second, rows = self.page("2")
        self.assertEqual((second.number, second.paginator.count), (2, 53))
        self.assertEqual([r.pk for r in rows], oldest_first[50:])
        self.assertFalse(second.has_next())

    def test_a_page_out_of_range_or_not_a_number_is_the_last_or_the_first(self):
        for number, expected_page in (("9", 2), ("-1", 2), ("0", 2), ("x", 1), ("", 1)):
            with self.subTest(number=number):
                page, rows = self.page(number)
                self.assertEqual(page.number, expected_page)
                self.assertEqual(len(rows), 50 if expected_page == 1 else 3)
                self.assertEqual(page.paginator.count, 53)

    def test_a_page_in_range_is_one_query_for_its_rows_and_total(self):
        self.page(None)  # the user's rights, read once
        scope_queries = self.queries(lambda: self.page(None))
        with CaptureQueriesContext(connection) as captured:
            self.page("2")
        # The same count for page 1 and page 2, and only one of them reads plans.
        self.assertEqual(len(captured), scope_queries)
        reads = [q for q in captured if "casework_interventionplan" in q["sql"]]
        self.assertEqual(len(reads), 1, [q["sql"][:80] for q in reads])
        self.assertIn("OVER", reads[0]["sql"])

    def test_no_alerts_is_an_empty_first_page(self):
        page, rows = alert_page(self.t.teammate, ALERT_TYPES[AlertKind.PLAN_EXPIRED])
        self.assertEqual((page.number, page.paginator.count, rows), (1, 0, []))

    def queries(self, run) -> int:
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)
