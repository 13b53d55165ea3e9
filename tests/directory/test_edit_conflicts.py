"""The person record, its extended block and kinship are version-checked like an
expedient's items: a stale second save is refused (every time the same stale
form is sent) instead of reverting the first, as a phone number and a school
were reverted on PostgreSQL (issue 16.5)."""

from django.test import TestCase
from django.urls import reverse

from configuration import roles
from directory.enums import KinshipKind
from directory.models import Kinship, Person, PersonExtended
from directory.services import kinship_add, person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional
from tests.form_data import form_data


class StaleSaveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.teammate = professional(roles.TECNIC, area=cls.area)
        cls.person = person_save(
            person=new_person(cls.area, cls.worker, phone1="600000001"),
            acting_user=cls.worker,
        )
        cls.extended = PersonExtended.objects.create(person=cls.person, school="A")
        cls.relative = person_save(
            person=new_person(cls.area, cls.worker, first_name="Pau"),
            acting_user=cls.worker,
        )
        cls.kinship = kinship_add(
            person=cls.person,
            relative=cls.relative,
            kind=KinshipKind.SIBLING,
            acting_user=cls.worker,
        )

    def open_form(self, user, url):
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response

    def race(self, url, theirs: dict, mine: dict):
        """Both open the form, the teammate saves `theirs`, then the worker
        sends `mine` twice from the same stale form; return the last answer."""
        stale = self.open_form(self.worker, url)
        first = self.open_form(self.teammate, url)
        saved = self.client.post(url, form_data(first, **theirs))
        self.assertEqual(saved.status_code, 302)
        self.client.force_login(self.worker)
        for _attempt in range(2):
            response = self.client.post(url, form_data(stale, **mine))
            self.assertEqual(response.status_code, 200)
        return response

    def test_the_person_record_refuses_a_stale_save(self):
        url = reverse("person:edit", args=[self.person.pk])
        refused = self.race(
            url, theirs={"phone1": "600111222"}, mine={"street_name": "Major"}
        )
        stored = Person.objects.get(pk=self.person.pk)
        self.assertEqual((stored.phone1, stored.street_name), ("600111222", ""))
        form = refused.context["form"]
        self.assertEqual(set(form.errors) - {"__all__"}, {"phone1"})
        self.assertEqual(form["phone1"].value(), "600111222")
        self.assertEqual(form["street_name"].value(), "Major")
        # The next save stores what the refused form shows: both changes.
        self.assertEqual(self.client.post(url, form_data(refused)).status_code, 302)
        stored = Person.objects.get(pk=self.person.pk)
        self.assertEqual((stored.phone1, stored.street_name), ("600111222", "Major"))

    def test_the_extended_block_refuses_a_stale_save(self):
        url = reverse("personextended:edit", args=[self.extended.pk])
        refused = self.race(url, theirs={"school": "B"}, mine={"employed": "on"})
        stored = PersonExtended.objects.get(pk=self.extended.pk)
        self.assertEqual((stored.school, stored.employed), ("B", False))
        self.assertEqual(refused.context["form"]["school"].value(), "B")

    def test_kinship_refuses_a_stale_save(self):
        url = reverse("kinship:edit", args=[self.kinship.pk])
        self.race(url, theirs={"notes": "Seva"}, mine={"notes": "Meva"})
        self.assertEqual(Kinship.objects.get(pk=self.kinship.pk).notes, "Seva")

    def test_the_service_refuses_a_save_based_on_an_older_version(self):
        from configuration.versioning import EditConflict  # new in this change

        mine = Person.objects.get(pk=self.person.pk)
        theirs = Person.objects.get(pk=self.person.pk)
        theirs.phone1 = "600111222"
        person_save(person=theirs, acting_user=self.teammate)
        mine.phone2 = "933000000"
        with self.assertRaises(EditConflict) as caught:
            person_save(person=mine, acting_user=self.worker, expected_version=1)
        self.assertEqual(caught.exception.stored.phone1, "600111222")
        self.assertEqual(Person.objects.get(pk=self.person.pk).phone2, "")
