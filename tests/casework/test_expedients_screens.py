"""The expedient screens: listing, opening from a person, the expedient screen and
its tabs, its actions, and the person record's Traceability tab."""

from auditlog.models import LogEntry
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import BasicCase, Housing, LinkedPerson
from casework.services.expedients import expedient_close
from casework.services.household import housing_save, person_link
from casework.tabs import expedient_url
from configuration import roles
from configuration.enums import ExpedientState
from directory.models import Person
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory

from .test_expedients_services import closing_reason, fresh, relationship


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


class ScreenTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def link_son(self, first_name="Pau") -> Person:
        son = resident(self.t, first_name=first_name)
        person_link(
            expedient=self.case,
            person=son,
            relationship=relationship(),
            acting_user=self.t.worker,
        )
        return son


class ExpedientScreenTests(ScreenTestCase):
    def test_owner_and_teammate_open_it_on_every_tab(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            for tab in ("cover", "persons", "housing", "history"):
                response = self.get(user, expedient_url(self.case.pk, tab))
                self.assertEqual(response.status_code, 200, (user, tab))
                self.assertContains(response, self.case.number)

    def test_an_outsider_and_another_area_get_404(self):
        for user in (self.t.outsider, self.elsewhere):
            self.assertEqual(
                self.get(user, expedient_url(self.case.pk)).status_code, 404
            )
            url = reverse("casework_expedients:edit", args=[self.case.pk])
            self.assertEqual(self.get(user, url).status_code, 404)

    def test_a_confidential_one_only_for_the_named_and_their_coordinator(self):
        secret = basic_case(self.t, resident(self.t), confidential=True)
        url = expedient_url(secret.pk)
        self.assertEqual(self.get(self.t.worker, url).status_code, 200)
        self.assertEqual(self.get(self.t.coordinator, url).status_code, 200)
        # A teammate would see it were it not confidential: break-glass instead
        # of 404 (tests/casework/test_confidentiality.py); an outsider gets 404.
        self.assertRedirects(
            self.get(self.t.teammate, url),
            reverse("casework_expedient_break_glass", args=[secret.pk]),
        )
        self.assertEqual(self.get(self.t.outsider, url).status_code, 404)

    def test_reading_it_writes_an_access_entry(self):
        self.get(self.t.teammate, expedient_url(self.case.pk))
        entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
        self.assertEqual(
            (entry.object_pk, entry.actor), (str(self.case.pk), self.t.teammate)
        )

    def test_administrative_roles_see_no_actuacions_in_the_history(self):
        response = self.get(
            self.t.administrative, expedient_url(self.case.pk, "history")
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Obertura de l'expedient")
        response = self.get(self.t.worker, expedient_url(self.case.pk, "history"))
        self.assertContains(response, "Obertura de l&#x27;expedient")

    def test_the_history_shows_changes_of_links_and_cover(self):
        son = resident(self.t, first_name="Pauet")
        person_link(
            expedient=self.case,
            person=son,
            relationship=relationship(),
            acting_user=self.t.worker,
        )
        response = self.get(self.t.worker, expedient_url(self.case.pk, "history"))
        self.assertContains(response, "Pauet")

    def test_the_screen_does_not_grow_queries_with_persons_and_history(self):
        self.client.force_login(self.t.worker)
        urls = [
            expedient_url(self.case.pk, tab)
            for tab in ("cover", "persons", "housing", "history")
        ]
        kin = relationship()
        # One of each kind first: the history names each related model once.
        person_link(
            expedient=self.case,
            person=resident(self.t, first_name="Primer"),
            relationship=kin,
            acting_user=self.t.worker,
        )
        before = [count_queries(self.client, url) for url in urls]
        for n in range(4):
            person_link(
                expedient=self.case,
                person=resident(self.t, first_name=f"P{n}"),
                relationship=kin,
                acting_user=self.t.worker,
            )
        after = [count_queries(self.client, url) for url in urls]
        self.assertEqual(before, after)


class ListingTests(ScreenTestCase):
    url = reverse("casework_expedients:index")

    def test_it_lists_only_visible_expedients_and_links_to_the_screen(self):
        hidden = basic_case(
            self.t, resident(self.t), sector=self.t.other_sector, by=self.t.outsider
        )
        response = self.get(self.t.teammate, self.url)
        self.assertContains(response, expedient_url(self.case.pk))
        self.assertNotContains(response, hidden.number)

    def test_filters_and_export(self):
        response = self.get(self.t.worker, f"{self.url}?state={ExpedientState.CLOSED}")
        self.assertNotContains(response, expedient_url(self.case.pk))
        response = self.get(self.t.worker, f"{self.url}?export=csv")
        body = b"".join(response.streaming_content).decode()
        self.assertIn(self.case.number, body)

    def test_the_listing_does_not_grow_queries_with_rows(self):
        self.client.force_login(self.t.worker)
        few = count_queries(self.client, self.url)
        for n in range(5):
            basic_case(self.t, resident(self.t, first_name=f"N{n}"))
        self.assertEqual(count_queries(self.client, self.url), few)


class CreateTests(ScreenTestCase):
    url = reverse("casework_expedients:add")

    def test_opened_from_a_person_it_prefills_and_warns(self):
        response = self.get(self.t.worker, f"{self.url}?person={self.person.pk}")
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form.initial["main_person"], self.person)
        self.assertEqual(form.initial["sector"], self.t.sector)
        self.assertContains(response, expedient_url(self.case.pk))

    def test_creating_opens_the_expedient_and_goes_to_it(self):
        newcomer = resident(self.t, first_name="Nova")
        self.client.force_login(self.t.administrative)
        response = self.client.post(
            f"{self.url}?person={newcomer.pk}",
            {
                "main_person": newcomer.pk,
                "family_name": "Serra Vila",
                "sector": self.t.sector.pk,
                "reference_professional": self.t.worker.pk,
                "family_type": 0,
                "family_residence": 0,
                "stage": 1,
                "risk_grade": 0,
            },
        )
        case = BasicCase.objects.get(links__person=newcomer)
        self.assertRedirects(
            response, expedient_url(case.pk), fetch_redirect_response=False
        )
        self.assertEqual(case.created_by, self.t.administrative)
        self.assertTrue(LinkedPerson.objects.get(expedient=case).is_main)


class CoverEditTests(ScreenTestCase):
    def edit(self, user, version, **changes):
        case = fresh(self.case)
        data = {
            "family_name": case.family_name,
            "sector": case.sector_id,
            "reference_professional": case.reference_professional_id,
            "family_type": case.family_type,
            "family_residence": case.family_residence,
            "stage": case.stage,
            "risk_grade": case.risk_grade,
            "expected_version": version,
            **changes,
        }
        self.client.force_login(user)
        return self.client.post(
            reverse("casework_expedients:edit", args=[case.pk]), data
        )

    def test_the_second_of_two_saves_is_refused_with_what_changed(self):
        response = self.edit(self.t.teammate, 1, family_name="Primera")
        self.assertEqual(response.status_code, 302)
        response = self.edit(self.t.worker, 1, family_name="Segona")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Primera")
        self.assertEqual(fresh(self.case).family_name, "Primera")

    def test_the_edit_form_carries_the_version(self):
        response = self.get(
            self.t.worker, reverse("casework_expedients:edit", args=[self.case.pk])
        )
        self.assertContains(response, 'name="expected_version"')


class CloseAndReopenScreenTests(ScreenTestCase):
    def test_a_technician_closes_and_may_not_reopen(self):
        reason = closing_reason()
        self.client.force_login(self.t.worker)
        url = reverse("casework_expedient_close", args=[self.case.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url, {"reason": reason.pk, "on": fresh(self.case).state_date.isoformat()}
        )
        self.assertRedirects(
            response,
            expedient_url(self.case.pk, "cover"),
            fetch_redirect_response=False,
        )
        self.assertEqual(fresh(self.case).state, ExpedientState.CLOSED)
        reopen = reverse("casework_expedient_reopen", args=[self.case.pk])
        self.assertRedirects(self.client.get(reopen), reverse("wagtailadmin_home"))

    def test_a_coordinator_reopens_with_a_reason(self):
        expedient_close(
            case=fresh(self.case), reason=closing_reason(), acting_user=self.t.worker
        )
        self.client.force_login(self.t.coordinator)
        url = reverse("casework_expedient_reopen", args=[self.case.pk])
        self.assertEqual(self.client.post(url, {"reason": ""}).status_code, 200)
        self.client.post(url, {"reason": "Torna"})
        self.assertEqual(fresh(self.case).state, ExpedientState.OPEN)

    def test_outsiders_get_404_on_the_actions(self):
        for name in ("casework_expedient_close", "casework_expedient_reopen"):
            url = reverse(name, args=[self.case.pk])
            self.assertEqual(self.get(self.t.outsider, url).status_code, 404)


class LinkedPersonScreenTests(ScreenTestCase):
    def test_link_make_main_and_unlink(self):
        son = resident(self.t, first_name="Pau")
        kin = relationship()
        self.client.force_login(self.t.worker)
        add = reverse("casework_expedient_person_add", args=[self.case.pk])
        self.client.post(add, {"person": son.pk, "relationship": kin.pk})
        self.assertTrue(self.case.links.filter(person=son).exists())
        main = reverse("casework_expedient_main", args=[self.case.pk, son.pk])
        self.client.post(main, {"former_relationship": kin.pk})
        self.assertTrue(self.case.links.get(person=son).is_main)
        unlink = reverse(
            "casework_expedient_unlink", args=[self.case.pk, self.person.pk]
        )
        self.assertRedirects(self.client.get(unlink), reverse("wagtailadmin_home"))
        self.client.force_login(self.t.coordinator)
        self.client.post(unlink, {})
        self.assertFalse(self.case.links.filter(person=self.person).exists())


class HousingScreenTests(ScreenTestCase):
    def test_save_and_copy_the_address_to_chosen_persons(self):
        son = self.link_son()
        self.client.force_login(self.t.worker)
        save = reverse("casework_expedient_housing", args=[self.case.pk])
        response = self.client.post(
            save,
            {
                "street_name": "Major",
                "street_number": "5",
                "tenure_regime": 0,
                "missing_supplies": ["heating"],
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Housing.objects.get(pk=self.case.pk).missing_supplies, ["heating"]
        )
        copy = reverse("casework_expedient_housing_copy", args=[self.case.pk])
        self.client.post(copy, {"persons": [son.pk], "chosen": ""})
        self.assertEqual(Person.objects.get(pk=son.pk).street_name, "Major")
        self.assertEqual(Person.objects.get(pk=self.person.pk).street_name, "")
        self.client.post(copy, {"all": ""})
        self.assertEqual(Person.objects.get(pk=self.person.pk).street_name, "Major")

    def test_a_stale_housing_form_is_refused(self):
        housing_save(
            housing=Housing(expedient=self.case, street_name="A"),
            acting_user=self.t.worker,
        )
        housing_save(
            housing=Housing.objects.get(pk=self.case.pk), acting_user=self.t.teammate
        )
        self.client.force_login(self.t.worker)
        save = reverse("casework_expedient_housing", args=[self.case.pk])
        response = self.client.post(
            save, {"street_name": "B", "tenure_regime": 0, "expected_version": 1}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Housing.objects.get(pk=self.case.pk).street_name, "A")


class TraceabilityTests(ScreenTestCase):
    def url(self, person):
        return reverse("person:edit", args=[person.pk])

    def test_the_person_record_lists_the_visible_expedients(self):
        response = self.get(self.t.teammate, self.url(self.person))
        self.assertContains(response, expedient_url(self.case.pk))
        self.assertContains(
            response, f"{reverse('casework_expedients:add')}?person={self.person.pk}"
        )

    def test_expedients_the_user_may_not_see_are_not_listed(self):
        hidden = basic_case(
            self.t, self.person, sector=self.t.other_sector, by=self.t.outsider
        )
        response = self.get(self.t.teammate, self.url(self.person))
        self.assertNotContains(response, expedient_url(hidden.pk))

    def test_constant_queries(self):
        self.client.force_login(self.t.worker)
        before = count_queries(self.client, self.url(self.person))
        for _ in range(3):
            basic_case(self.t, self.person)
        self.assertEqual(count_queries(self.client, self.url(self.person)), before)


class ScreenRuleTests(ScreenTestCase):
    def test_the_reference_field_is_locked_outside_ones_sectors(self):
        # Seen by the team through its reference team, in a sector it does not
        # work in.
        elsewhere = basic_case(
            self.t,
            resident(self.t),
            sector=self.t.other_sector,
            reference_team=self.t.team,
        )
        url = reverse("casework_expedients:edit", args=[elsewhere.pk])
        form = self.get(self.t.worker, url).context["form"]
        self.assertTrue(form.fields["reference_professional"].disabled)
        form = self.get(self.t.coordinator, url).context["form"]
        self.assertFalse(form.fields["reference_professional"].disabled)

    def test_the_listing_filters_offer_only_the_areas_sectors(self):
        foreign = territory().sector
        response = self.get(self.t.worker, reverse("casework_expedients:index"))
        sectors = response.context["filters"].form.fields["sector"].queryset
        self.assertIn(self.t.sector, sectors)
        self.assertNotIn(foreign, sectors)

    def test_the_xlsx_export_reads_back(self):
        import io

        from openpyxl import load_workbook

        url = reverse("casework_expedients:index") + "?export=xlsx"
        response = self.get(self.t.worker, url)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        values = [
            cell for row in book.active.iter_rows(values_only=True) for cell in row
        ]
        self.assertIn(self.case.number, values)

    def test_the_traceability_tab_is_only_for_roles_that_see_expedients(self):
        url = reverse("person:edit", args=[self.person.pk])
        administrator = professional(roles.ADMINISTRADOR, area=self.t.area)
        response = self.get(administrator, url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, expedient_url(self.case.pk))
        response = self.get(self.t.administrative, url)
        self.assertContains(response, expedient_url(self.case.pk))

    def test_unlinking_the_main_person_asks_for_a_new_one(self):
        son = self.link_son()
        self.client.force_login(self.t.coordinator)
        url = reverse("casework_expedient_unlink", args=[self.case.pk, self.person.pk])
        self.assertEqual(self.client.post(url, {}).status_code, 200)
        self.assertTrue(self.case.links.filter(person=self.person).exists())
        self.client.post(url, {"new_main": son.pk})
        self.assertEqual(
            list(self.case.links.values_list("person", "is_main")), [(son.pk, True)]
        )

    def test_linking_a_person_with_another_open_expedient_warns(self):
        son = resident(self.t, first_name="Pau")
        other = basic_case(self.t, son)
        self.client.force_login(self.t.worker)
        url = reverse("casework_expedient_person_add", args=[self.case.pk])
        response = self.client.post(
            url, {"person": son.pk, "relationship": relationship().pk}, follow=True
        )
        self.assertContains(response, other.number)

    def test_nothing_is_changed_on_a_closed_expedient(self):
        expedient_close(
            case=fresh(self.case), reason=closing_reason(), acting_user=self.t.worker
        )
        response = self.get(self.t.worker, expedient_url(self.case.pk, "cover"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(
            response, reverse("casework_expedients:edit", args=[self.case.pk])
        )
        url = reverse("casework_expedient_person_add", args=[self.case.pk])
        self.assertRedirects(self.get(self.t.worker, url), reverse("wagtailadmin_home"))
        edit = reverse("casework_expedients:edit", args=[self.case.pk])
        self.assertRedirects(
            self.get(self.t.worker, edit),
            expedient_url(self.case.pk, "cover"),
            fetch_redirect_response=False,
        )


class SearchDeskActionTests(ScreenTestCase):
    def test_each_person_found_offers_a_new_expedient(self):
        url = reverse("directory_search") + "?q=Serra"
        new = f"{reverse('casework_expedients:add')}?person={self.person.pk}"
        self.assertContains(self.get(self.t.administrative, url), new)
        administrator = professional(roles.ADMINISTRADOR, area=self.t.area)
        response = self.get(administrator, url)
        self.assertContains(response, reverse("person:inspect", args=[self.person.pk]))
        self.assertNotContains(response, new)
