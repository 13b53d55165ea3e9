"""The home-care screens: opening from a person, the "Actuacions de SAD" tab
with its proposal form, an event's page (the service at that stage) and the
decision (approve or deny), for each persona."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy

from casework.models import HomeCareCase, HomeCareEvent
from casework.modules import modules_openable_by
from casework.modules.sad.enums import HomeCareEventKind, HomeCareEventStatus
from casework.modules.sad.services import open_home_care_expedient
from casework.panels import new_expedient_links
from casework.tabs import expedient_url
from configuration import roles
from configuration.enums import ExpedientState, PromotingEntity, SadKind
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory

from .world import (
    SadTestCase,
    approved,
    characteristics,
    open_case,
    pre_assign,
    propose,
    world,
)

Kind = HomeCareEventKind
TAB = "sad_events"


def add_url(person) -> str:
    return f"{reverse('casework_sad_add')}?person={person.pk}"


class ScreensTestCase(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())

    def as_user(self, user):
        self.client.force_login(user)
        return self.client


class OpeningScreenTests(ScreensTestCase):
    def test_new_expedient_offers_it_to_those_who_may_open(self):
        self.assertIn("sad", [m.key for m in modules_openable_by(self.w.t.worker)])
        links = new_expedient_links(self.w.person, self.w.manager)
        self.assertIn(add_url(self.w.person), [link["url"] for link in links])
        administrative = self.w.t.administrative
        self.assertNotIn("sad", [m.key for m in modules_openable_by(administrative)])

    def test_the_owner_opens_it_and_lands_on_the_expedient(self):
        response = self.as_user(self.w.t.worker).post(add_url(self.w.person), {})
        case = HomeCareCase.objects.get()
        self.assertRedirects(
            response, expedient_url(case.pk, TAB), fetch_redirect_response=False
        )
        self.assertEqual(case.origin_id, self.w.ssb.pk)
        page = self.client.get(expedient_url(case.pk, TAB))
        self.assertContains(page, "Information gathering")

    def test_the_sad_manager_opens_it(self):
        self.assertEqual(
            self.as_user(self.w.manager).get(add_url(self.w.person)).status_code, 200
        )
        self.client.post(add_url(self.w.person), {})
        self.assertEqual(HomeCareCase.objects.count(), 1)

    def test_without_the_resource_pre_assigned_it_says_so_on_the_form(self):
        self.w.resource.delete()
        response = self.as_user(self.w.t.worker).post(add_url(self.w.person), {})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "is not pre-assigned in expedient")
        self.assertContains(response, self.w.ssb.number)
        self.assertFalse(HomeCareCase.objects.exists())

    def test_a_second_one_is_refused_on_the_form(self):
        first = open_case(self.w)
        response = self.as_user(self.w.t.worker).post(add_url(self.w.person), {})
        self.assertContains(response, first.number)
        self.assertEqual(HomeCareCase.objects.count(), 1)

    def test_another_area_and_an_unknown_person_get_404(self):
        self.assertEqual(
            self.as_user(self.elsewhere).get(add_url(self.w.person)).status_code, 404
        )
        self.assertEqual(
            self.as_user(self.w.t.worker).get(reverse("casework_sad_add")).status_code,
            404,
        )

    def test_a_role_that_does_not_open_is_refused(self):
        response = self.as_user(self.w.t.administrative).post(
            add_url(self.w.person), {}
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(HomeCareCase.objects.exists())


class EventsTabTests(ScreensTestCase):
    def setUp(self):
        super().setUp()
        self.case = open_case(self.w)
        self.tab = expedient_url(self.case.pk, TAB)
        self.propose_url = reverse("casework_sad_propose", args=[self.case.pk])

    def start_data(self, **extra) -> dict:
        return {
            "kind": Kind.START,
            "on": date.today().strftime("%d/%m/%Y"),
            "service_type": SadKind.SOCIAL,
            "tasks": [self.w.task.pk],
            "weekly_hours": "6",
            "funding": PromotingEntity.LOCAL,
            "copayment": "10",
            **extra,
        }

    def test_owner_and_manager_see_the_tab_another_area_gets_404(self):
        for user in (self.w.t.worker, self.w.t.teammate, self.w.manager):
            response = self.as_user(user).get(self.tab)
            self.assertContains(response, "Information gathering", msg_prefix=str(user))
        for user in (self.w.t.outsider, self.elsewhere):
            self.assertEqual(self.as_user(user).get(self.tab).status_code, 404)

    def test_the_owner_proposes_a_start_with_its_characteristics(self):
        response = self.as_user(self.w.t.worker).post(
            self.propose_url, self.start_data()
        )
        self.assertRedirects(response, self.tab, fetch_redirect_response=False)
        event = HomeCareEvent.objects.get(kind=Kind.START)
        self.assertEqual(event.status, HomeCareEventStatus.PROPOSED)
        self.assertEqual(event.definition.weekly_hours, 6)
        self.assertEqual(list(event.definition.tasks.all()), [self.w.task])

    def test_a_start_without_its_characteristics_is_refused_on_the_form(self):
        data = self.start_data(service_type="", weekly_hours="", funding="")
        response = self.as_user(self.w.t.worker).post(self.propose_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "required for a start or a modification")
        self.assertFalse(HomeCareEvent.objects.filter(kind=Kind.START).exists())

    def test_a_rule_of_the_service_shows_as_a_form_error(self):
        data = {"kind": Kind.RESUMPTION, "on": date.today().strftime("%d/%m/%Y")}
        response = self.as_user(self.w.t.worker).post(self.propose_url, data)
        self.assertContains(response, "only a suspended service resumes")

    def test_an_end_needs_its_reason(self):
        approved(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        data = {"kind": Kind.END, "on": date.today().strftime("%d/%m/%Y")}
        response = self.as_user(self.w.t.worker).post(self.propose_url, data)
        self.assertContains(response, "Choose the reason for the end of service.")
        data["closing_reason"] = self.w.reason.pk
        self.client.post(self.propose_url, data)
        self.assertTrue(HomeCareEvent.objects.filter(kind=Kind.END).exists())

    def test_another_area_gets_404_proposing(self):
        for user in (self.w.t.outsider, self.elsewhere):
            response = self.as_user(user).post(self.propose_url, self.start_data())
            self.assertEqual(response.status_code, 404)
        self.assertFalse(HomeCareEvent.objects.filter(kind=Kind.START).exists())

    def test_an_ssb_expedient_has_no_proposal_screen(self):
        url = reverse("casework_sad_propose", args=[self.w.ssb.pk])
        self.assertEqual(self.as_user(self.w.t.worker).get(url).status_code, 404)

    def test_decide_buttons_only_for_those_who_decide(self):
        propose(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        button = 'class="button button-small" href="/admin/casework/home-care/events/'
        self.assertNotContains(self.as_user(self.w.t.worker).get(self.tab), button)
        self.assertContains(self.as_user(self.w.manager).get(self.tab), button)

    def test_the_tab_keeps_its_queries_however_many_events(self):
        self.as_user(self.w.manager)
        self.client.get(self.tab)
        with CaptureQueriesContext(connection) as before:
            self.client.get(self.tab)
        approved(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        approved(self.w, self.case, Kind.SUSPENSION)
        approved(self.w, self.case, Kind.RESUMPTION)
        with CaptureQueriesContext(connection) as after:
            self.client.get(self.tab)
        self.assertEqual(len(before), len(after))


class EventScreenTests(ScreensTestCase):
    def setUp(self):
        super().setUp()
        self.case = open_case(self.w)
        self.event = propose(
            self.w, self.case, Kind.START, characteristics=characteristics(self.w)
        )
        self.url = reverse("casework_sad_event", args=[self.event.pk])
        self.decide = reverse("casework_sad_decide", args=[self.event.pk])

    def test_it_shows_the_service_at_that_stage(self):
        response = self.as_user(self.w.t.worker).get(self.url)
        self.assertContains(response, self.w.task.label)  # by label, not "3 …"
        self.assertContains(response, "6.00")
        self.assertNotContains(response, "Approve")

    def test_another_area_gets_404(self):
        for user in (self.w.t.outsider, self.elsewhere):
            self.assertEqual(self.as_user(user).get(self.url).status_code, 404)
            response = self.client.post(self.decide, {"approve": "1"})
            self.assertEqual(response.status_code, 404)
        self.event.refresh_from_db()
        self.assertTrue(self.event.is_pending)

    def test_the_manager_approves(self):
        self.assertContains(self.as_user(self.w.manager).get(self.url), "Approve")
        response = self.client.post(self.decide, {"approve": "1"})
        self.assertRedirects(
            response, expedient_url(self.case.pk, TAB), fetch_redirect_response=False
        )
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, HomeCareEventStatus.APPROVED)
        self.assertEqual(self.event.decided_by, self.w.manager)
        case = HomeCareCase.objects.get(pk=self.case.pk)
        self.assertEqual(case.event_in_force, self.event)

    def test_the_manager_denies_with_a_reason(self):
        self.as_user(self.w.manager)
        response = self.client.post(self.decide, {"reason": ""})
        self.assertEqual(response.status_code, 200)
        self.event.refresh_from_db()
        self.assertTrue(self.event.is_pending)
        self.client.post(self.decide, {"reason": "No cal ara."})
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, HomeCareEventStatus.DENIED)
        self.assertEqual(self.event.denial_reason, "No cal ara.")
        self.assertContains(
            self.client.get(expedient_url(self.case.pk, TAB)), "No cal ara."
        )

    def test_the_owner_may_not_decide(self):
        response = self.as_user(self.w.t.worker).post(self.decide, {"approve": "1"})
        self.assertNotEqual(response.status_code, 200)
        self.event.refresh_from_db()
        self.assertTrue(self.event.is_pending)

    def test_an_approved_end_closes_the_expedient(self):
        approve = reverse("casework_sad_decide", args=[self.event.pk])
        self.as_user(self.w.manager).post(approve, {"approve": "1"})
        end = propose(self.w, self.case, Kind.END, closing_reason=self.w.reason)
        self.client.post(
            reverse("casework_sad_decide", args=[end.pk]), {"approve": "1"}
        )
        case = HomeCareCase.objects.get(pk=self.case.pk)
        self.assertEqual(case.state, ExpedientState.CLOSED)


class ManagementScreenTests(ScreensTestCase):
    url = reverse_lazy("casework_sad_management")

    def setUp(self):
        super().setUp()
        self.case = open_case(self.w)

    def test_the_queue_and_the_services_in_force_with_their_hours(self):
        approved(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        pending = propose(self.w, self.case, Kind.SUSPENSION)
        response = self.as_user(self.w.manager).get(self.url)
        self.assertContains(response, reverse("casework_sad_event", args=[pending.pk]))
        self.assertContains(response, "Suspension")
        # The expedient opens at its events, from the queue and from the
        # services in force alike.
        link = f'<a href="{expedient_url(self.case.pk, "sad_events")}">'
        self.assertContains(response, link, count=2)
        self.assertEqual(response.context["totals"][0]["hours"], 6)
        self.assertEqual(response.context["total_hours"], 6)

    def test_for_the_manager_and_coordinators_only(self):
        for user in (self.w.manager, self.w.t.coordinator):
            self.assertEqual(self.as_user(user).get(self.url).status_code, 200)
        for user in (self.w.t.worker, self.w.t.administrative):
            response = self.as_user(user).get(self.url)
            self.assertNotEqual(response.status_code, 200, user)

    def test_the_menu_offers_it_to_the_manager_only(self):
        menu = reverse("casework_sad_management")
        self.assertContains(
            self.as_user(self.w.manager).get(reverse("wagtailadmin_home")), menu
        )
        self.assertNotContains(
            self.as_user(self.w.t.worker).get(reverse("wagtailadmin_home")), menu
        )

    def test_another_area_sees_nothing_of_it(self):
        propose(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        manager = member_elsewhere()
        response = self.as_user(manager).get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.case.number)
        self.assertEqual(response.context["queue"], [])

    def test_its_queries_do_not_grow_with_the_rows(self):
        self.as_user(self.w.manager)
        approved(self.w, self.case, Kind.START, characteristics=characteristics(self.w))
        propose(self.w, self.case, Kind.SUSPENSION)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as before:
            self.client.get(self.url)
        for _n in range(2):
            other = world_case_in(self.w)
            approved(self.w, other, Kind.START, characteristics=characteristics(self.w))
            propose(self.w, other, Kind.SUSPENSION)
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["queue"]), 3)
        self.assertEqual(len(before), len(after))


def member_elsewhere():
    from .world import member

    t = territory()
    return member(roles.GESTOR_SAD, t)


def world_case_in(w):
    """Another person of the same territory with a home-care expedient."""
    person = resident(w.t)
    ssb = basic_case(w.t, person)
    pre_assign(w.t, ssb, person)
    return open_home_care_expedient(by=w.t.worker, person=person)


class WorkPlansTabTests(ScreensTestCase):
    def setUp(self):
        super().setUp()
        self.case = open_case(self.w)
        self.tab = expedient_url(self.case.pk, "sad_work_plans")
        self.add = reverse("casework_sad_work_plan_add", args=[self.case.pk])
        self.data = {
            "starts_on": date.today().strftime("%d/%m/%Y"),
            "periodicity": "weekly",
            "weekdays": ["0", "2"],
            "hours": "2",
        }

    def test_the_manager_adds_a_plan_shown_in_force(self):
        response = self.as_user(self.w.manager).post(self.add, self.data)
        self.assertRedirects(response, self.tab, fetch_redirect_response=False)
        page = self.client.get(self.tab)
        self.assertContains(page, "Monday, Wednesday")
        self.assertContains(page, "In force")

    def test_a_plan_before_the_opening_is_refused_on_the_form(self):
        self.data["starts_on"] = "01/01/2020"
        response = self.as_user(self.w.manager).post(self.add, self.data)
        self.assertContains(response, "cannot start before")
        self.assertFalse(self.case.work_plans.exists())

    def test_the_owner_reads_it_but_may_not_plan(self):
        page = self.as_user(self.w.t.worker).get(self.tab)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, self.add)
        refused = self.client.post(self.add, self.data)
        home = reverse("wagtailadmin_home")
        self.assertRedirects(refused, home, fetch_redirect_response=False)
        self.assertFalse(self.case.work_plans.exists())

    def test_another_area_gets_404(self):
        for user in (self.w.t.outsider, self.elsewhere):
            self.assertEqual(self.as_user(user).get(self.tab).status_code, 404)
            self.assertEqual(self.client.post(self.add, self.data).status_code, 404)
        self.assertFalse(self.case.work_plans.exists())
