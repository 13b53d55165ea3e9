"""Coordinators' tools: the expedient chooser (search by number, family name or a
linked person's name, only the expedients the tools reach), the pick screens
that use it (typing the number still works) and the "unlink a person" entry."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casework.models import LinkedPerson
from casework.tabs import expedient_url
from tests.casework.records_data import close
from tests.factories.casework import basic_case, resident, territory

from .tools_data import ToolsData

CHOOSE = "tool_expedient_chooser:choose"
RESULTS = "tool_expedient_chooser:choose_results"
CHOSEN = "tool_expedient_chooser:chosen"
OPEN_RESULTS = "tool_open_expedient_chooser:choose_results"
OPEN_CHOSEN = "tool_open_expedient_chooser:chosen"


class ChooserData(ToolsData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.t
        cls.main = resident(t, first_name="Maria", surname1="Puigdemont")
        cls.case = basic_case(t, cls.main, family_name="Família Roca")
        cls.son = resident(t, first_name="Pau", surname1="Ferrer", surname2="Soler")
        LinkedPerson.objects.create(expedient=cls.case, person=cls.son)
        cls.closed = basic_case(t, resident(t, first_name="Clara"))
        close(cls.closed)
        # Confidential, in the coordinator's sector, held by a professional of
        # another team: the coordinator does not see it.
        cls.secret = basic_case(
            t,
            resident(t, first_name="Sílvia"),
            confidential=True,
            reference_professional=t.outsider,
            by=t.outsider,
        )
        other = territory()
        cls.foreign = basic_case(other, resident(other, first_name="Roc"))
        cls.hidden = (cls.secret, cls.foreign)

    def listed(self, name: str = RESULTS, **params) -> list[int]:
        self.client.force_login(self.t.coordinator)
        response = self.client.get(reverse(name), params)
        self.assertEqual(response.status_code, 200)
        return [row.pk for row in response.context["results"]]


class ExpedientChooserTests(ChooserData, TestCase):
    def test_it_lists_only_the_expedients_the_tools_reach(self):
        listed = self.listed()
        self.assertIn(self.case.pk, listed)
        self.assertIn(self.closed.pk, listed)
        for hidden in self.hidden:
            self.assertNotIn(hidden.pk, listed)
        self.assertNotIn(self.closed.pk, self.listed(OPEN_RESULTS))

    def test_it_finds_by_number_family_name_and_linked_person(self):
        year, sequence = self.case.number.split("/")
        short = f"{year}/{int(sequence)}"
        for query in (self.case.number, short, "roca", "familia roca", "Pau Ferrer"):
            with self.subTest(query):
                self.assertEqual(self.listed(q=query), [self.case.pk])
        self.assertEqual(self.listed(q="Maria Ferrer"), [])  # not one person's name

    def test_searching_never_reaches_hidden_expedients(self):
        for hidden in self.hidden:
            with self.subTest(hidden.number):
                found = self.listed(q=hidden.number)
                self.assertNotIn(hidden.pk, found)
        self.assertEqual(self.listed(q="Sílvia"), [])

    def test_choosing_a_hidden_or_closed_pk_by_hand_is_404(self):
        self.client.force_login(self.t.coordinator)
        for hidden in self.hidden:
            url = reverse(CHOSEN, args=[hidden.pk])
            with self.subTest(hidden.number):
                self.assertEqual(self.client.get(url).status_code, 404)
        closed = reverse(OPEN_CHOSEN, args=[self.closed.pk])
        self.assertEqual(self.client.get(closed).status_code, 404)
        chosen = self.client.get(reverse(CHOSEN, args=[self.case.pk]))
        self.assertEqual(chosen.json()["result"]["id"], str(self.case.pk))

    def test_anyone_but_a_coordinator_gets_404(self):
        for user in (self.t.worker, self.t.administrative):
            self.client.force_login(user)
            for url in (
                reverse(CHOOSE),
                reverse(RESULTS),
                reverse(CHOSEN, args=[self.case.pk]),
            ):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_modal_shows_number_family_and_main_person(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(reverse(CHOOSE))
        html = response.json()["html"]
        for text in (self.case.number, "Família Roca", str(self.main)):
            self.assertIn(text, html)

    def test_the_listing_does_not_grow_with_rows(self):
        self.client.force_login(self.t.coordinator)
        url = reverse(RESULTS)
        self.client.get(url)  # warm caches (content types, site)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for n in range(5):
            case = basic_case(self.t, resident(self.t, first_name=f"Rosa {n}"))
            LinkedPerson.objects.create(expedient=case, person=self.son)
        with self.assertNumQueries(len(one)):
            response = self.client.get(url)
        self.assertEqual(len(response.context["results"]), 7)


class PickWithChooserTests(ChooserData, TestCase):
    def setUp(self):
        self.client.force_login(self.t.coordinator)

    def pick(self, name: str, **params):
        return self.client.get(reverse(f"helpdesk_tools:{name}_pick"), params)

    def test_the_pick_screen_offers_the_chooser(self):
        response = self.pick("expedient_transfer")
        self.assertContains(response, reverse(CHOOSE))
        self.assertContains(response, 'name="subject_number"')

    def test_a_chosen_expedient_goes_to_the_tool(self):
        response = self.pick("expedient_transfer", subject=self.case.pk)
        tool = reverse("helpdesk_tools:expedient_transfer", args=[self.case.pk])
        self.assertRedirects(response, tool)

    def test_a_hidden_pk_is_refused_without_showing_it(self):
        for hidden in self.hidden:
            response = self.pick("expedient_transfer", subject=hidden.pk)
            with self.subTest(hidden.number):
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
                self.assertNotContains(response, hidden.number)
        # Numbers run per area: another area's number may be one of ours, so
        # the typed fallback is checked with the confidential one.
        response = self.pick("expedient_transfer", subject_number=self.secret.number)
        self.assertTrue(response.context["form"].errors["subject_number"])

    def test_nothing_chosen_asks_for_an_expedient(self):
        response = self.pick("expedient_transfer", subject="", subject_number="")
        with translation.override("en"):
            self.assertEqual(
                [str(error) for error in response.context["form"].errors["subject"]],
                ["Choose an expedient or type its number."],
            )

    def test_the_move_target_is_an_open_expedient_the_tools_reach(self):
        url = reverse("helpdesk_tools:items_move", args=[self.case.pk])
        for target in (self.closed, *self.hidden):
            for data in ({"target": target.pk}, {"target_number": target.number}):
                if target is self.foreign and "target_number" in data:
                    continue  # numbers run per area (see above)
                response = self.client.post(url, data)
                with self.subTest(target=target.number, data=data):
                    self.assertEqual(response.status_code, 200)
                    errors = response.context["form"].errors
                    self.assertTrue({"target", "target_number"} & set(errors))
        self.assertContains(
            self.client.get(url), reverse("tool_open_expedient_chooser:choose")
        )


class UnlinkToolTests(ChooserData, TestCase):
    def test_the_tools_page_lists_it(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(reverse("helpdesk_tools:index"))
        self.assertContains(response, reverse("helpdesk_tools:person_unlink_pick"))
        self.assertContains(response, "Unlink a person from an expedient")

    def test_its_pick_goes_to_the_expedients_persons_tab(self):
        self.client.force_login(self.t.coordinator)
        pick = reverse("helpdesk_tools:person_unlink_pick")
        response = self.client.get(pick, {"subject": self.case.pk})
        self.assertRedirects(response, expedient_url(self.case.pk, "persons"))
        tab = self.client.get(expedient_url(self.case.pk, "persons"))
        unlink = reverse("casework_expedient_unlink", args=[self.case.pk, self.son.pk])
        self.assertContains(tab, unlink)
        for refused in (self.closed, *self.hidden):
            response = self.client.get(pick, {"subject": refused.pk})
            with self.subTest(refused.number):
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)

    def test_anyone_but_a_coordinator_gets_404(self):
        self.client.force_login(self.t.worker)
        pick = reverse("helpdesk_tools:person_unlink_pick")
        self.assertEqual(self.client.get(pick).status_code, 404)
