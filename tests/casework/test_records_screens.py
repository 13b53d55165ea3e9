"""The screens of actuacions, demandes and problemàtiques: who reaches them,
the read-only actuació, extend and reopen, the tabs and their query counts."""

from datetime import date, timedelta

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Actuacio, Demand, ProblemRecord
from casework.services import actuacio_create, demand_create, problem_create
from casework.tabs import expedient_url, tabs_for
from configuration import roles
from tests.factories import AreaFactory, ProblemFactory, professional

from .records_data import RecordsData, close

SCREENS = ("casework_actuacions", "casework_demands", "casework_problems")


class RecordsScreenData(RecordsData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.t
        cls.actuacio = actuacio_create(
            expedient=cls.case,
            acting_user=t.worker,
            related_persons=[cls.main],
            type=cls.atype,
            place=cls.place,
            topic="Entrevista",
            responsible=t.worker,
        )
        cls.demand = demand_create(
            expedient=cls.case,
            acting_user=t.worker,
            beneficiaries=[cls.main],
            type=cls.dtype,
        )
        cls.record = problem_create(
            expedient=cls.case,
            acting_user=t.worker,
            beneficiaries=[cls.main],
            problem=cls.problem,
        )
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())

    def items(self) -> dict:
        return {
            "casework_actuacions": self.actuacio,
            "casework_demands": self.demand,
            "casework_problems": self.record,
        }

    def urls(self, namespace: str) -> dict:
        pk = self.case.pk
        return {
            "add": reverse(f"{namespace}:add") + f"?expedient={pk}",
            "edit": reverse(f"{namespace}:edit", args=[self.items()[namespace].pk]),
            "index": reverse(f"{namespace}:index") + f"?expedient={pk}",
        }

    def status(self, user, url) -> int:
        self.client.force_login(user)
        return self.client.get(url).status_code


class AccessTests(RecordsScreenData, TestCase):
    def test_owner_teammate_and_coordinator_reach_every_screen(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            for namespace in SCREENS:
                for action, url in self.urls(namespace).items():
                    with self.subTest(user=user.username, url=url):
                        self.assertEqual(self.status(user, url), 200, action)

    def test_an_outsider_and_another_area_get_404(self):
        for user in (self.t.outsider, self.elsewhere):
            for namespace in SCREENS:
                for url in self.urls(namespace).values():
                    with self.subTest(user=user.username, url=url):
                        self.assertEqual(self.status(user, url), 404)

    def test_administrative_roles_never_see_them(self):
        # As every scoped screen answers a role without the right: the listing
        # and the add form send it to the admin home, the rows answer 404.
        expected = {"add": 302, "index": 302, "edit": 404}
        for namespace in SCREENS:
            for action, url in self.urls(namespace).items():
                with self.subTest(url=url):
                    status = self.status(self.t.administrative, url)
                    self.assertEqual(status, expected[action])
        keys = {tab.key for tab in tabs_for(self.t.administrative, self.case)}
        self.assertFalse(keys & {"actuacions", "demands", "problems"})

    def test_a_reading_role_opens_items_read_only(self):
        reader = professional(roles.TECNIC_SIAD, area=self.t.area)
        reader.teams.add(self.t.team)
        request = RequestFactory().get("/")
        request.user = reader
        tab = next(t for t in tabs_for(reader, self.case) if t.key == "demands")
        context = tab.context(request=request, expedient=self.case)
        self.assertEqual(context["add_url"], "")
        [row] = context["rows"]
        self.assertEqual(
            row.open_url, reverse("casework_demands:inspect", args=[self.demand.pk])
        )
        self.assertEqual(self.status(reader, row.open_url), 200)
        self.assertEqual(
            self.status(reader, self.urls("casework_demands")["edit"]), 302
        )

    def test_the_listing_of_an_expedient_lists_only_its_items(self):
        other = ProblemFactory()
        problem_create(
            expedient=self.case,
            acting_user=self.t.worker,
            beneficiaries=[self.partner],
            problem=other,
        )
        self.client.force_login(self.t.worker)
        response = self.client.get(self.urls("casework_problems")["index"])
        self.assertContains(response, other.name)
        self.assertEqual(len(response.context["object_list"]), 2)

    def test_exports_are_xlsx(self):
        self.client.force_login(self.t.worker)
        for namespace in SCREENS:
            url = self.urls(namespace)["index"] + "&export=xlsx"
            with self.subTest(namespace):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("spreadsheetml", response["Content-Type"])


class ExpedientScreenTests(RecordsScreenData, TestCase):
    def test_each_tab_shows_on_the_expedient_screen(self):
        self.client.force_login(self.t.worker)
        for key, namespace in zip(
            ("actuacions", "demands", "problems"), SCREENS, strict=True
        ):
            with self.subTest(key):
                response = self.client.get(expedient_url(self.case.pk, key))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, self.urls(namespace)["add"])
                self.assertContains(response, self.urls(namespace)["index"])

    def test_administrative_roles_get_no_such_tabs(self):
        self.client.force_login(self.t.administrative)
        response = self.client.get(expedient_url(self.case.pk, "actuacions"))
        self.assertNotContains(response, self.urls(SCREENS[0])["index"])
        self.assertNotContains(response, "Entrevista")


class FormTests(RecordsScreenData, TestCase):
    def test_adding_an_actuacio_returns_to_the_expedient_tab(self):
        self.client.force_login(self.t.teammate)
        response = self.client.post(
            self.urls("casework_actuacions")["add"],
            {
                "date": date.today().isoformat(),
                "type": self.atype.pk,
                "place": self.place.pk,
                "topic": "Visita",
                "responsible": self.t.teammate.pk,
                "related_persons": [self.partner.pk],
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].endswith("?tab=actuacions"))
        created = Actuacio.objects.get(topic="Visita")
        self.assertEqual(created.created_by, self.t.teammate)

    def test_person_choices_are_the_linked_persons(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(self.urls("casework_demands")["add"])
        choices = response.context["form"].fields["beneficiaries"].queryset
        self.assertEqual(
            set(choices), {self.main, self.partner, self.away, self.nowhere}
        )

    def test_a_demand_for_all_applies_the_residence_gate(self):
        self.client.force_login(self.t.worker)
        response = self.client.post(
            self.urls("casework_demands")["add"],
            {
                "type": self.dtype.pk,
                "date": date.today().isoformat(),
                "beneficiary_mode": "all",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, str(self.away))
        self.assertEqual(Demand.objects.count(), 1)

    def test_a_demand_for_the_holder(self):
        self.client.force_login(self.t.worker)
        response = self.client.post(
            self.urls("casework_demands")["add"],
            {
                "type": self.dtype.pk,
                "date": date.today().isoformat(),
                "beneficiary_mode": "holder",
            },
        )
        self.assertEqual(response.status_code, 302)
        demand = Demand.objects.latest("pk")
        self.assertEqual(list(demand.beneficiaries.all()), [self.main])

    def test_a_stale_edit_is_refused_with_what_changed(self):
        Actuacio.objects.filter(pk=self.actuacio.pk).update(version=2, topic="Seu")
        self.client.force_login(self.t.worker)
        response = self.client.post(
            self.urls("casework_actuacions")["edit"],
            {
                "date": self.actuacio.date.isoformat(),
                "type": self.atype.pk,
                "place": self.place.pk,
                "topic": "Meu",
                "responsible": self.t.worker.pk,
                "expected_version": 1,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Seu")
        self.assertEqual(Actuacio.objects.get(pk=self.actuacio.pk).topic, "Seu")

    def test_past_the_deadline_the_edit_screen_is_read_only(self):
        Actuacio.objects.filter(pk=self.actuacio.pk).update(
            date=date.today() - timedelta(days=30)
        )
        url = self.urls("casework_actuacions")["edit"]
        for user in (self.t.worker, self.t.coordinator):
            self.client.force_login(user)
            response = self.client.get(url)
            with self.subTest(user=user.username):
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["lock_reason"])
                self.assertContains(response, response.context["lock_reason"])
                self.assertNotContains(response, 'data-w-kbd-key-value="mod+s"')
                self.assertTrue(response.context["form"].fields["topic"].disabled)
                response = self.client.post(url, {"topic": "Canvi"})
                self.assertEqual(response.status_code, 200)
        self.assertEqual(Actuacio.objects.get(pk=self.actuacio.pk).topic, "Entrevista")

    def test_a_closed_expedient_offers_no_add_and_refuses_it(self):
        close(self.case)
        self.client.force_login(self.t.worker)
        for namespace in SCREENS:
            with self.subTest(namespace):
                response = self.client.get(self.urls(namespace)["add"])
                self.assertEqual(response.status_code, 302)
        request = RequestFactory().get("/")
        request.user = self.t.worker
        for tab in tabs_for(self.t.worker, self.case):
            if tab.key in ("actuacions", "demands", "problems"):
                context = tab.context(request=request, expedient=self.case)
                self.assertEqual(
                    (context["add_url"], context["can_change"]), ("", False)
                )

    def test_extend_and_reopen_screens(self):
        self.client.force_login(self.t.teammate)
        extend = reverse("casework_problems:extend", args=[self.record.pk])
        later = date(date.today().year + 1, 12, 31)
        self.assertEqual(self.client.get(extend).status_code, 200)
        response = self.client.post(
            extend, {"ends_on": later.isoformat(), "expected_version": 1}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ProblemRecord.objects.get(pk=self.record.pk).ends_on, later)
        reopen = reverse("casework_problems:reopen", args=[self.record.pk])
        response = self.client.post(
            reopen, {"ends_on": later.isoformat(), "expected_version": 2}
        )
        self.assertEqual(response.status_code, 200)  # still running: refused
        self.client.force_login(self.t.outsider)
        self.assertEqual(self.client.get(extend).status_code, 404)


class QueryCountTests(RecordsScreenData, TestCase):
    def add_rows(self, count: int) -> None:
        for n in range(count):
            actuacio_create(
                expedient=self.case,
                acting_user=self.t.worker,
                related_persons=[self.main, self.partner],
                attendee_persons=[self.main],
                type=self.atype,
                place=self.place,
                topic=f"Seguiment {n}",
                responsible=self.t.teammate,
            )
            demand_create(
                expedient=self.case,
                acting_user=self.t.worker,
                beneficiaries=[self.main, self.partner],
                type=self.dtype,
            )
            problem_create(
                expedient=self.case,
                acting_user=self.t.worker,
                beneficiaries=[self.partner],
                problem=ProblemFactory(),
            )

    def render_tab(self, key: str) -> int:
        tab = next(t for t in tabs_for(self.t.worker, self.case) if t.key == key)
        request = RequestFactory().get("/")
        request.user = self.t.worker
        with CaptureQueriesContext(connection) as queries:
            context = tab.context(request=request, expedient=self.case)
            html = render_to_string(tab.template, context, request=request)
        self.assertIn(f"?expedient={self.case.pk}", html)
        return len(queries)

    def test_tabs_list_the_newest_first(self):
        request = RequestFactory().get("/")
        request.user = self.t.worker
        old = actuacio_create(
            expedient=self.case,
            acting_user=self.t.worker,
            topic="Abans",
            type=self.atype,
            place=self.place,
            responsible=self.t.worker,
            date=date.today() - timedelta(days=5),
        )
        tab = next(
            t for t in tabs_for(self.t.worker, self.case) if t.key == "actuacions"
        )
        rows = tab.context(request=request, expedient=self.case)["rows"]
        self.assertEqual(rows[-1], old)
        self.assertEqual(
            [row.date for row in rows], sorted((r.date for r in rows), reverse=True)
        )

    def test_tabs_do_not_grow_with_rows(self):
        for key in ("actuacions", "demands", "problems"):
            self.add_rows(1)
            before = self.render_tab(key)
            self.add_rows(4)
            with self.subTest(key):
                self.assertEqual(self.render_tab(key), before)

    def test_listings_do_not_grow_with_rows(self):
        self.client.force_login(self.t.worker)
        for namespace in SCREENS:
            url = self.urls(namespace)["index"]
            self.add_rows(1)
            self.client.get(url)  # warm caches (content types, site)
            with CaptureQueriesContext(connection) as before:
                self.client.get(url)
            self.add_rows(4)
            with self.subTest(namespace), self.assertNumQueries(len(before)):
                self.client.get(url)
