"""The expedient's core: numbering, opening, and who sees it (the scope rule)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase

from casework.enums import ActuacioOrigin, AutomaticEvent, Module
from casework.models import Actuacio, Expedient, LinkedPerson
from casework.services import next_number
from configuration import roles
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory


class NumberingTests(TestCase):
    def test_numbers_are_sequential_per_area_and_year(self):
        t = territory()
        other = AreaFactory()
        self.assertEqual(next_number(area_id=t.area.pk, year=2026), "2026/00001")
        self.assertEqual(next_number(area_id=t.area.pk, year=2026), "2026/00002")
        self.assertEqual(next_number(area_id=t.area.pk, year=2027), "2027/00001")
        self.assertEqual(next_number(area_id=other.pk, year=2026), "2026/00001")


class OpenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()

    def test_opening_numbers_links_the_main_person_and_writes_the_actuacio(self):
        person = resident(self.t)
        case = basic_case(self.t, person)
        self.assertEqual(case.module, Module.SSB)
        self.assertEqual(case.number, f"{date.today().year}/00001")
        self.assertTrue(case.is_open)
        self.assertEqual(case.created_by, self.t.worker)
        link = LinkedPerson.objects.get(expedient=case)
        self.assertEqual((link.person, link.is_main), (person, True))
        actuacio = Actuacio.objects.get(expedient=case)
        self.assertEqual(actuacio.origin, ActuacioOrigin.AUTOMATIC)
        self.assertEqual(actuacio.event, AutomaticEvent.OPENED)
        self.assertEqual(list(actuacio.related_persons.all()), [person])

    def test_a_bad_cover_wastes_no_number(self):
        other_area_sector = territory().sector
        with self.assertRaises(ValidationError):
            basic_case(self.t, sector=other_area_sector)
        self.assertEqual(basic_case(self.t).number, f"{date.today().year}/00001")

    def test_a_person_of_another_area_cannot_be_the_main_person(self):
        stranger = resident(territory())
        with self.assertRaises(ValidationError):
            basic_case(self.t, stranger)


class VisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)
        cls.secret = basic_case(cls.t, confidential=True, family_name="Secret")

    def visible(self, user) -> set:
        return set(Expedient.objects.visible_to(user).values_list("pk", flat=True))

    def test_owner_teammate_and_coordinator_see_the_team_sector(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            self.assertIn(self.case.pk, self.visible(user), user)

    def test_a_professional_of_another_team_or_area_does_not(self):
        self.assertNotIn(self.case.pk, self.visible(self.t.outsider))
        elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        self.assertEqual(self.visible(elsewhere), set())

    def test_named_outsider_sees_it(self):
        self.case.co_reference_professional = self.t.outsider
        self.case.save()
        self.assertIn(self.case.pk, self.visible(self.t.outsider))

    def test_confidential_only_for_the_named_and_their_coordinator(self):
        self.assertIn(self.secret.pk, self.visible(self.t.worker))
        self.assertIn(self.secret.pk, self.visible(self.t.coordinator))
        self.assertNotIn(self.secret.pk, self.visible(self.t.teammate))

    def test_items_follow_their_expedient(self):
        self.assertEqual(
            set(Actuacio.objects.visible_to(self.t.teammate)),
            set(Actuacio.objects.filter(expedient=self.case)),
        )
        self.assertFalse(Actuacio.objects.visible_to(self.t.outsider).exists())

    def test_a_coordinator_sees_their_team_members_cases_in_any_sector(self):
        elsewhere = basic_case(self.t, sector=self.t.other_sector)
        self.assertIn(elsewhere.pk, self.visible(self.t.coordinator))
        self.assertIn(elsewhere.pk, self.visible(self.t.worker))  # named on it
        self.assertNotIn(elsewhere.pk, self.visible(self.t.teammate))
