"""Chooser columns name what they hold ("Nom", "Document"), never "Títol"."""

import re

from django.test import TestCase
from django.urls import reverse

from configuration import roles
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional


class ChooserColumnTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        person_save(
            person=new_person(cls.area, cls.worker, document_number="12345678Z"),
            acting_user=cls.worker,
        )

    def test_the_person_chooser_shows_name_and_document(self):
        self.client.force_login(self.worker)
        url = reverse("person_chooser:choose_results")
        response = self.client.get(url, {"q": "Garcia"})
        headings = re.findall(r"<th[^>]*>\s*(\w+)", response.content.decode())
        self.assertEqual(headings[:2], ["Nom", "Document"])
        self.assertContains(response, "12345678Z")
        self.assertNotContains(response, "Títol")
