"""Changing a work plan that has not started yet: for the SAD manager and
coordinators, version-checked against a stale second save, audited, 404
outside the scope."""

from datetime import date, timedelta
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casework.models import HomeCareWorkPlan
from casework.modules.sad.services import add_work_plan, update_work_plan
from casework.tabs import expedient_url
from configuration import roles
from tests.factories import AreaFactory, professional

from .world import SadTestCase, member, open_case, world

IN_A_WEEK = date.today() + timedelta(days=7)


def typed(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class EditWorkPlanTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        cls.sad_elsewhere = professional(roles.GESTOR_SAD, area=AreaFactory())

    def setUp(self):
        super().setUp()
        self.case = open_case(self.w)
        self.plan = add_work_plan(
            by=self.w.manager,
            case=self.case,
            starts_on=IN_A_WEEK,
            weekdays=[0, 2],
            hours=Decimal(2),
            periodicity="weekly",
        )
        self.url = reverse(
            "casework_sad_work_plan_edit", args=[self.case.pk, self.plan.pk]
        )
        self.tab = expedient_url(self.case.pk, "sad_work_plans")

    def data(self, **extra) -> dict:
        values = {
            "starts_on": typed(IN_A_WEEK),
            "periodicity": "fortnightly",
            "weekdays": ["1", "3"],
            "hours": "3",
            "notes": "Canvi d'horari",
            "expected_version": str(self.plan.version),
        }
        return values | extra

    def as_user(self, user):
        self.client.force_login(user)
        return self.client

    def stored(self) -> HomeCareWorkPlan:
        return HomeCareWorkPlan.objects.get(pk=self.plan.pk)

    def test_the_manager_and_coordinator_change_a_future_plan(self):
        for user, hours in ((self.w.manager, "3"), (self.w.t.coordinator, "4")):
            page = self.as_user(user).get(self.url)
            self.assertEqual(page.status_code, 200)
            self.assertContains(page, typed(IN_A_WEEK))
            response = self.client.post(
                self.url,
                self.data(hours=hours, expected_version=str(self.stored().version)),
            )
            self.assertRedirects(response, self.tab, fetch_redirect_response=False)
            plan = self.stored()
            self.assertEqual(plan.hours, Decimal(hours))
            self.assertEqual(plan.weekdays, [1, 3])
            self.assertEqual(plan.periodicity, "fortnightly")
            self.assertEqual(plan.updated_by, user)

    def test_the_tab_offers_the_change_only_for_a_future_plan_to_planners(self):
        page = self.as_user(self.w.manager).get(self.tab)
        self.assertContains(page, self.url)
        for user in (self.w.t.worker, self.w.t.teammate):
            self.assertNotContains(self.as_user(user).get(self.tab), self.url)

    def test_a_stale_second_save_is_refused_with_what_changed(self):
        loaded = self.data()
        update_work_plan(
            by=self.w.t.coordinator,
            plan=self.stored(),
            expected_version=self.plan.version,
            starts_on=IN_A_WEEK,
            weekdays=[4],
            hours=Decimal(5),
            periodicity="monthly",
        )
        response = self.as_user(self.w.manager).post(self.url, loaded)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "save again")
        self.assertEqual(self.stored().hours, Decimal(5))

    def test_the_change_is_audited_and_opening_it_is_a_read(self):
        self.as_user(self.w.manager).get(self.url)
        self.assertTrue(
            LogEntry.objects.filter(
                action=LogEntry.Action.ACCESS, actor=self.w.manager
            ).exists()
        )
        self.client.post(self.url, self.data())
        entry = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(HomeCareWorkPlan),
            object_pk=str(self.plan.pk),
            action=LogEntry.Action.UPDATE,
        ).get()
        self.assertEqual(entry.actor, self.w.manager)
        self.assertIn("hours", entry.changes_dict)

    def test_owner_and_teammate_may_read_but_not_change(self):
        home = reverse("wagtailadmin_home")
        for user in (self.w.t.worker, self.w.t.teammate):
            response = self.as_user(user).post(self.url, self.data())
            self.assertRedirects(response, home, fetch_redirect_response=False)
        self.assertEqual(self.stored().hours, Decimal(2))

    def test_outsider_and_other_areas_get_404(self):
        for user in (self.w.t.outsider, self.elsewhere, self.sad_elsewhere):
            self.assertEqual(self.as_user(user).get(self.url).status_code, 404, user)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 404)
        self.assertEqual(self.stored().hours, Decimal(2))

    def test_a_plan_of_another_expedient_is_404(self):
        other = member(roles.GESTOR_SAD, self.w.t)
        url = reverse("casework_sad_work_plan_edit", args=[self.w.ssb.pk, self.plan.pk])
        self.assertEqual(self.as_user(other).get(url).status_code, 404)
        missing = reverse("casework_sad_work_plan_edit", args=[self.case.pk, 999999])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_bad_inputs_are_refused_on_the_form(self):
        self.as_user(self.w.manager)
        for bad in (
            {"starts_on": "2026-13-45"},
            {"starts_on": "01/01/2020"},
            {"weekdays": []},
            {"weekdays": ["9"]},
            {"hours": "0"},
            {"hours": "13"},
            {"hours": "abc"},
            {"periodicity": "yearly"},
        ):
            response = self.client.post(self.url, self.data(**bad))
            self.assertEqual(response.status_code, 200, bad)
        self.assertEqual(self.stored().hours, Decimal(2))

    def test_a_plan_already_applying_stays_as_it_was(self):
        HomeCareWorkPlan.objects.filter(pk=self.plan.pk).update(starts_on=date.today())
        response = self.as_user(self.w.manager).post(
            self.url, self.data(starts_on=typed(date.today()))
        )
        self.assertContains(response, "add a new plan")
        self.assertEqual(self.stored().hours, Decimal(2))
