"""A new person record and a new actuació start with the acting professional
as their reference / responsible professional."""

from django.test import TestCase
from django.urls import reverse

from tests.factories.casework import basic_case, territory


class PrefillTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)

    def test_a_new_record_has_the_acting_professional_as_reference(self):
        self.client.force_login(self.t.worker)
        form = self.client.get(reverse("person:add")).context["form"]
        self.assertEqual(form["reference_professional"].value(), self.t.worker.pk)

    def test_a_new_actuacio_has_the_acting_professional_as_responsible(self):
        self.client.force_login(self.t.teammate)
        url = f"{reverse('casework_actuacions:add')}?expedient={self.case.pk}"
        form = self.client.get(url).context["form"]
        self.assertEqual(form["responsible"].value(), self.t.teammate.pk)
