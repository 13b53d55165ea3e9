"""Fuzzing the person record form and the search desk (hypothesis).

Properties: never a 500; a refused form says why and writes nothing; a valid
record is saved as typed; no generated markup reaches a page unescaped, on the
form, the saved record, its Historial, or the desk and its exports.
"""

import datetime

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from configuration import roles
from directory.enums import DocumentType
from directory.models import Person
from tests.factories import AreaFactory, MunicipalityFactory, professional

from .fuzz import (
    FUZZ,
    assert_escaped,
    hostile_dates,
    hostile_documents,
    hostile_text,
    logged_in,
    marked,
    post_data,
    valid_documents,
    wrong_letter,
)

NAME_ALPHABET = st.characters(
    whitelist_categories=("Lu", "Ll"), whitelist_characters=" '-·"
)
plain_names = (
    st.text(NAME_ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
)


class PersonFormFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.municipality = MunicipalityFactory()

    def add_form(self) -> dict:
        self.client = logged_in(self.worker)
        response = self.client.get(reverse("person:add"))
        data = post_data(response.context["form"])
        data["reference_professional"] = str(self.worker.pk)
        data["confirm_distinct"] = "1"  # the duplicates question has its own tests
        return data

    def submit(self, **values):
        data = {**self.add_form(), **values}
        before = Person.objects.count()
        response = self.client.post(reverse("person:add"), data)
        self.assertIn(response.status_code, (200, 302))
        for value in values.values():
            assert_escaped(self, response, value)
        if response.status_code == 200:
            self.assertTrue(response.context["form"].errors, "refused without a reason")
            self.assertEqual(Person.objects.count(), before)
            return None
        self.assertEqual(Person.objects.count(), before + 1)
        person = Person.objects.latest("pk")
        self.assert_pages_escape(person, values)
        return person

    def assert_pages_escape(self, person, values) -> None:
        for url in (
            reverse("person:edit", args=[person.pk]),
            reverse("person_historial", args=[person.pk]),
            reverse("directory_search") + f"?q={person.surname1[:30]}",
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            for value in values.values():
                assert_escaped(self, response, value)
        for export in ("csv", "xlsx"):
            url = reverse("directory_search")
            response = self.client.get(
                url, {"q": person.document_number, "export": export}
            )
            self.assertEqual(response.status_code, 200)
            b"".join(response.streaming_content)

    @FUZZ
    @given(
        first_name=hostile_text,
        surname1=hostile_text,
        observations=hostile_text,
        street_name=hostile_text,
    )
    def test_hostile_text_is_saved_escaped_or_refused(self, **texts):
        values = {name: marked(text) for name, text in texts.items()}
        # A document the desk's export can find the record by.
        person = self.submit(document_type="0", document_number="12345678Z", **values)
        if person is not None:
            self.assertEqual(person.first_name, values["first_name"].strip())

    @FUZZ
    @given(
        document_type=st.sampled_from(DocumentType.values),
        document_number=hostile_documents,
        birth_date=hostile_dates,
    )
    def test_malformed_documents_and_dates_never_break_the_form(self, **values):
        values = {name: str(value) for name, value in values.items()}
        self.submit(first_name="Pol", surname1="Riera", **values)

    @FUZZ
    @given(document=valid_documents)
    def test_a_document_with_a_wrong_letter_is_refused(self, document):
        data = self.add_form()
        data["document_type"] = str(DocumentType.NIF_NIE)
        data["document_number"] = wrong_letter(document)
        data |= {"first_name": "Pol", "surname1": "Riera"}
        response = self.client.post(reverse("person:add"), data)
        self.assertEqual(response.status_code, 200, response.get("Location"))
        self.assertIn("document_number", response.context["form"].errors)
        self.assertFalse(Person.objects.exists())

    @FUZZ
    @given(
        first_name=plain_names,
        surname1=plain_names,
        document_number=valid_documents,
        birth_date=st.dates(datetime.date(1900, 1, 1), datetime.date.today()),
    )
    def test_a_valid_record_is_saved_as_typed(self, birth_date, **values):
        values["document_type"] = str(DocumentType.NIF_NIE)
        person = self.submit(birth_date=birth_date.isoformat(), **values)
        self.assertIsNotNone(person)
        self.assertEqual(
            (person.first_name, person.surname1, person.document_number),
            (values["first_name"], values["surname1"], values["document_number"]),
        )


class SearchDeskFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)

    @FUZZ
    @given(query=hostile_text, birth_date=hostile_dates)
    def test_any_query_answers_without_breaking_or_echoing_markup(
        self, query, birth_date
    ):
        query = marked(query)
        self.client = logged_in(self.worker)
        url = reverse("directory_search")
        for params in (
            {"q": query},
            {"q": query, "birth_date": birth_date},
            {"q": query, "export": "csv"},
        ):
            response = self.client.get(url, params)
            self.assertEqual(response.status_code, 200, params)
            assert_escaped(self, response, query)
