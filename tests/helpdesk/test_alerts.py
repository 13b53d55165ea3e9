"""Alerts (domain.md §4.8): each kind appears while its condition holds and
disappears when it no longer does; who gets which alerts."""

from datetime import date, datetime, time, timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from casework.enums import BeneficiaryRole, PlanState
from casework.models import (
    Actuacio,
    Demand,
    Expedient,
    InterventionPlan,
    ProblemRecord,
    Resource,
    ResourceBeneficiary,
    Tramit,
)
from configuration.enums import ExpedientState, PersonStatus, ResourceState
from configuration.models import AreaSettings, ClosingReason
from directory.models import Person
from helpdesk.alerts.kinds import AlertKind
from helpdesk.alerts.queries import ALERT_TYPES, alert_scope, one_month_before
from helpdesk.models import AlertDismissal
from tests.factories import BenefitFactory, DemandTypeFactory, ProblemFactory
from tests.factories.casework import basic_case, resident, territory

TODAY = date.today()


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def plan(case, *, expires_on: date, **fields) -> InterventionPlan:
    starts_on = min(expires_on, TODAY) - timedelta(days=60)
    return InterventionPlan.objects.create(
        expedient=case,
        title="Pla de suport",
        starts_on=starts_on,
        expires_on=expires_on,
        **fields,
    )


def resource(case, *, state=ResourceState.GRANTED, holder=None, **fields):
    row = Resource.objects.create(
        expedient=case, benefit=BenefitFactory(), state=state, **fields
    )
    if holder is not None:
        ResourceBeneficiary.objects.create(
            resource=row, person=holder, role=BeneficiaryRole.HOLDER
        )
    return row


def problem(case, *, ends_on: date) -> ProblemRecord:
    return ProblemRecord.objects.create(
        expedient=case,
        problem=ProblemFactory(),
        starts_on=ends_on - timedelta(days=30),
        ends_on=ends_on,
    )


def make_inactive(case, *, since: date | None = None) -> None:
    """Opened, and everything in it recorded, over a year ago."""
    since = since or days(-400)
    recorded = timezone.make_aware(datetime.combine(since, time(9)))
    Expedient.objects.filter(pk=case.pk).update(state_date=since)
    Actuacio.objects.filter(expedient=case).update(date=since, created_at=recorded)
    for model in (Demand, InterventionPlan, ProblemRecord, Resource, Tramit):
        model.objects.filter(expedient=case).update(created_at=recorded)


def close(case) -> None:
    reason = ClosingReason.objects.create(code="9", name="Resolt")
    Expedient.objects.filter(pk=case.pk).update(
        state=ExpedientState.CLOSED, closing_reason=reason
    )


def decease(person) -> None:
    Person.objects.filter(pk=person.pk).update(
        status=PersonStatus.DECEASED, death_date=days(-5)
    )


def alerts(user, kind: str) -> set[int]:
    return set(ALERT_TYPES[kind].rows(alert_scope(user)).values_list("pk", flat=True))


class AlertKindTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.me = cls.t.worker

    def assertAlert(self, kind, row, present=True):
        found = alerts(self.me, kind)
        (self.assertIn if present else self.assertNotIn)(row.pk, found)

    def test_a_new_expedient_raises_no_alert(self):
        for kind in AlertKind.values:
            self.assertEqual(alerts(self.me, kind), set(), kind)

    def test_an_open_plan_past_its_expiry_date_until_it_is_closed(self):
        row = plan(self.case, expires_on=days(-1))
        self.assertAlert(AlertKind.PLAN_EXPIRED, row)
        self.assertAlert(AlertKind.PLAN_EXPIRING, row, present=False)
        InterventionPlan.objects.filter(pk=row.pk).update(state=PlanState.CLOSED)
        self.assertAlert(AlertKind.PLAN_EXPIRED, row, present=False)

    def test_a_plan_expired_in_a_closed_expedient_is_no_alert(self):
        row = plan(self.case, expires_on=days(-1))
        close(self.case)
        self.assertAlert(AlertKind.PLAN_EXPIRED, row, present=False)

    def test_a_plan_expiring_within_the_areas_window(self):
        soon, later = (
            plan(self.case, expires_on=TODAY),
            plan(self.case, expires_on=days(40)),
        )
        self.assertAlert(AlertKind.PLAN_EXPIRING, soon)
        self.assertAlert(AlertKind.PLAN_EXPIRED, soon, present=False)
        self.assertAlert(AlertKind.PLAN_EXPIRING, later, present=False)  # default 30
        AreaSettings.objects.update_or_create(
            area=self.t.area, defaults={"plan_expiry_warning_days": 45}
        )
        self.assertAlert(AlertKind.PLAN_EXPIRING, later)
        InterventionPlan.objects.filter(pk=later.pk).update(expires_on=days(60))
        self.assertAlert(AlertKind.PLAN_EXPIRING, later, present=False)

    def test_a_granted_resource_past_its_end_date_until_extended_or_dismissed(self):
        row = resource(self.case, ends_on=days(-1))
        self.assertAlert(AlertKind.RESOURCE_EXPIRED, row)
        Resource.objects.filter(pk=row.pk).update(ends_on=days(10))
        self.assertAlert(AlertKind.RESOURCE_EXPIRED, row, present=False)
        Resource.objects.filter(pk=row.pk).update(ends_on=days(-1))
        AlertDismissal.objects.create(
            kind=AlertKind.RESOURCE_EXPIRED, object_id=row.pk, user=self.me
        )
        self.assertAlert(AlertKind.RESOURCE_EXPIRED, row, present=False)

    def test_only_granted_resources_expire(self):
        row = resource(self.case, ends_on=days(-1), state=ResourceState.DENIED)
        self.assertAlert(AlertKind.RESOURCE_EXPIRED, row, present=False)

    def test_a_resource_pre_assigned_for_over_a_month_until_answered(self):
        row = resource(
            self.case,
            state=ResourceState.PRE_ASSIGNED,
            state_changed_on=one_month_before(TODAY) - timedelta(days=1),
            holder=self.person,
        )
        self.assertAlert(AlertKind.RESOURCE_PENDING, row)
        Resource.objects.filter(pk=row.pk).update(state=ResourceState.GRANTED)
        self.assertAlert(AlertKind.RESOURCE_PENDING, row, present=False)

    def test_a_resource_pre_assigned_this_month_is_no_alert(self):
        row = resource(
            self.case,
            state=ResourceState.PRE_ASSIGNED,
            state_changed_on=one_month_before(TODAY),
        )
        self.assertAlert(AlertKind.RESOURCE_PENDING, row, present=False)

    def test_a_pre_assigned_resource_of_a_deceased_holder_is_no_alert(self):
        row = resource(
            self.case,
            state=ResourceState.PRE_ASSIGNED,
            state_changed_on=days(-90),
            holder=self.person,
        )
        decease(self.person)
        self.assertAlert(AlertKind.RESOURCE_PENDING, row, present=False)

    def test_one_month_before_keeps_to_the_months_last_day(self):
        self.assertEqual(one_month_before(date(2026, 3, 31)), date(2026, 2, 28))
        self.assertEqual(one_month_before(date(2026, 1, 15)), date(2025, 12, 15))

    def test_an_expedient_with_nothing_recorded_for_a_year(self):
        make_inactive(self.case)
        self.assertAlert(AlertKind.INACTIVE_EXPEDIENT, self.case)
        Demand.objects.create(expedient=self.case, type=DemandTypeFactory())
        self.assertAlert(AlertKind.INACTIVE_EXPEDIENT, self.case, present=False)

    def test_a_recent_actuacio_is_activity(self):
        make_inactive(self.case)
        Actuacio.objects.filter(expedient=self.case).update(date=days(-10))
        self.assertAlert(AlertKind.INACTIVE_EXPEDIENT, self.case, present=False)

    def test_an_expedient_reopened_this_year_is_active(self):
        make_inactive(self.case)
        Expedient.objects.filter(pk=self.case.pk).update(state_date=days(-20))
        self.assertAlert(AlertKind.INACTIVE_EXPEDIENT, self.case, present=False)

    def test_a_linked_person_without_a_municipality_of_residence(self):
        link = self.case.links.get()
        Person.objects.filter(pk=self.person.pk).update(residence_municipality=None)
        self.assertAlert(AlertKind.NO_MUNICIPALITY, link)
        Person.objects.filter(pk=self.person.pk).update(
            residence_municipality=self.t.sector.municipality
        )
        self.assertAlert(AlertKind.NO_MUNICIPALITY, link, present=False)

    def test_a_deceased_person_in_an_open_expedient(self):
        link = self.case.links.get()
        decease(self.person)
        self.assertAlert(AlertKind.DECEASED_PERSON, link)
        close(self.case)
        self.assertAlert(AlertKind.DECEASED_PERSON, link, present=False)

    def test_a_problem_past_its_end_date_until_reopened(self):
        row = problem(self.case, ends_on=days(-1))
        self.assertAlert(AlertKind.PROBLEM_EXPIRED, row)
        ProblemRecord.objects.filter(pk=row.pk).update(ends_on=days(30))
        self.assertAlert(AlertKind.PROBLEM_EXPIRED, row, present=False)

    def test_a_problem_ended_over_a_year_ago_is_no_longer_an_alert(self):
        row = problem(self.case, ends_on=days(-400))
        self.assertAlert(AlertKind.PROBLEM_EXPIRED, row, present=False)

    def test_each_alert_links_to_its_expedient_tab(self):
        plan(self.case, expires_on=days(-1))
        make_inactive(self.case)
        for kind, tab in (
            (AlertKind.PLAN_EXPIRED, "plans"),
            (AlertKind.INACTIVE_EXPEDIENT, "actuacions"),
        ):
            alert_type = ALERT_TYPES[kind]
            row = alert_type.rows(alert_scope(self.me)).get()
            url = reverse("casework_expedient", args=[self.case.pk])
            self.assertEqual(alert_type.link(row), f"{url}?tab={tab}")


class AlertAudienceTests(TestCase):
    """The reference and co-reference professionals and their coordinator;
    nobody else, and never past the expedient's confidentiality."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)
        cls.plan = plan(cls.case, expires_on=days(-1))

    def sees(self, user, row=None) -> bool:
        return (row or self.plan).pk in alerts(user, AlertKind.PLAN_EXPIRED)

    def test_the_reference_professional_and_their_coordinator(self):
        self.assertTrue(self.sees(self.t.worker))
        self.assertTrue(self.sees(self.t.coordinator))

    def test_a_teammate_who_can_open_the_expedient_gets_no_alert(self):
        self.assertTrue(Expedient.objects.visible_to(self.t.teammate).exists())
        self.assertFalse(self.sees(self.t.teammate))

    def test_the_co_reference_professional(self):
        Expedient.objects.filter(pk=self.case.pk).update(
            co_reference_professional=self.t.teammate
        )
        self.assertTrue(self.sees(self.t.teammate))

    def test_outsiders_and_other_areas_get_nothing(self):
        other = territory()
        users = (self.t.outsider, self.t.administrative, other.worker)
        for user in (*users, other.coordinator):
            self.assertFalse(self.sees(user), user)

    def test_the_alert_follows_the_reference_professional(self):
        Expedient.objects.filter(pk=self.case.pk).update(
            reference_professional=self.t.outsider
        )
        self.assertFalse(self.sees(self.t.worker))
        self.assertFalse(self.sees(self.t.coordinator))
        self.assertTrue(self.sees(self.t.outsider))

    def test_a_confidential_expedients_alert_only_for_who_sees_it(self):
        # Held by another team's professional, with ours as co-reference: our
        # coordinator gets its alerts only while it is not confidential.
        case = basic_case(
            self.t,
            reference_professional=self.t.outsider,
            co_reference_professional=self.t.worker,
        )
        row = plan(case, expires_on=days(-1))
        self.assertTrue(self.sees(self.t.coordinator, row))
        Expedient.objects.filter(pk=case.pk).update(confidential=True)
        self.assertFalse(self.sees(self.t.coordinator, row))
        self.assertTrue(self.sees(self.t.worker, row))
        self.assertTrue(self.sees(self.t.outsider, row))
