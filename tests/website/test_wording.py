"""Wagtail's generic messages agree with the noun they are about (catalan.md):
"Fitxa personal … creada", never "creat"; no "el demanda"."""

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.base import ViewSetGroup

from configuration import roles
from configuration.scope import ScopedModelViewSet
from configuration.wording import FEMININE, MASCULINE
from directory.models import Person
from tests.factories import AreaFactory, professional

PERSON = {
    "document_type": 0,
    "document_number": "00000000t",
    "first_name": "Pol",
    "surname1": "Riera",
    "civil_status": 1,
    "tenure_regime": 0,
}


def registered_viewsets():
    for viewset in viewsets.viewsets:
        if isinstance(viewset, ViewSetGroup):
            yield from viewset.registerables
        else:
            yield viewset


class AgreementTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.auxiliar = professional(roles.AUXILIAR, area=cls.area)

    def messages(self, response) -> list[str]:
        return [str(m).strip() for m in get_messages(response.wsgi_request)]

    def test_every_domain_viewset_declares_its_nouns_gender(self):
        from django.urls import get_resolver

        self.assertTrue(get_resolver().url_patterns)  # registers every viewset
        undeclared = [
            type(viewset).__name__
            for viewset in registered_viewsets()
            if isinstance(viewset, ScopedModelViewSet)
            and str(viewset.noun_gender) not in (MASCULINE, FEMININE)
        ]
        self.assertEqual(undeclared, [])

    def test_a_new_person_record_is_creada(self):
        self.client.force_login(self.auxiliar)
        with translation.override("ca"):
            response = self.client.post(
                reverse("person:add"),
                {**PERSON, "reference_professional": self.auxiliar.pk},
                HTTP_ACCEPT_LANGUAGE="ca",
            )
        self.assertEqual(response.status_code, 302)
        person = Person.objects.get(first_name="Pol")
        [message] = self.messages(response)  # with its buttons' markup
        self.assertTrue(message.startswith(f"Fitxa personal «{person}» creada."))

    def test_a_refused_form_says_no_creada_and_the_add_screen_nova(self):
        self.client.force_login(self.auxiliar)
        response = self.client.post(
            reverse("person:add"), {**PERSON, "document_number": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.messages(response),
            ["Fitxa personal no creada: hi ha errors al formulari."],
        )
        page = self.client.get(reverse("person:add"))
        self.assertContains(page, "Nova: Fitxa personal")
        self.assertNotContains(page, "Nou: Fitxa personal")
