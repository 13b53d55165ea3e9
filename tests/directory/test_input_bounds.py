"""Issue #16.10: dates a person record cannot plausibly hold and free text far
beyond what a form needs are refused, by the form and by the model."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.bounds import FREE_TEXT_MAX_LENGTH
from directory.models import Person
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional
from tests.trust.fuzz import post_data

TWO_MB = "x" * (2 * 1024 * 1024)


def typed(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


class PersonBoundsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)

    def save(self, **fields):
        person = new_person(self.area, self.worker, **fields)
        return person_save(person=person, acting_user=self.worker)

    def test_implausible_birth_dates_are_refused(self):
        tomorrow = date.today() + timedelta(days=1)
        for birth in (date(1, 1, 1), date(2999, 1, 1), date(1899, 12, 31), tomorrow):
            with self.subTest(birth=birth), self.assertRaises(ValidationError) as e:
                self.save(birth_date=birth)
            self.assertIn("birth_date", e.exception.message_dict)

    def test_plausible_birth_dates_are_kept(self):
        self.save(birth_date=date(1900, 1, 1))
        self.save(birth_date=date.today(), first_name="Pau")
        # An unborn child's expected birth lies ahead.
        self.save(birth_date=date.today() + timedelta(days=120), unborn=True)
        self.assertEqual(Person.objects.count(), 3)

    def test_a_death_or_an_arrival_has_already_happened(self):
        with self.assertRaises(ValidationError) as e:
            self.save(death_date=date(2999, 1, 1), consent_date=date(1, 1, 1))
        self.assertEqual(set(e.exception.message_dict), {"death_date", "consent_date"})

    def test_two_megabytes_of_observations_are_refused(self):
        with self.assertRaises(ValidationError) as e:
            self.save(observations=TWO_MB)
        self.assertIn("observations", e.exception.message_dict)
        self.save(observations="x" * FREE_TEXT_MAX_LENGTH)

    def test_the_form_says_why_and_saves_nothing(self):
        self.client.force_login(self.worker)
        form = self.client.get(reverse("person:add")).context["form"]
        data = post_data(form) | {
            "first_name": "Núria",
            "surname1": "Serra",
            "reference_professional": str(self.worker.pk),
            "confirm_distinct": "1",
            "birth_date": typed(date(1, 1, 1)),
            "observations": TWO_MB,
        }
        response = self.client.post(reverse("person:add"), data)
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("birth_date", errors)
        self.assertIn("observations", errors)
        self.assertFalse(Person.objects.exists())
        self.assertContains(response, f'maxlength="{FREE_TEXT_MAX_LENGTH}"')
