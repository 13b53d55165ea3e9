"""The search desk finds a DNI typed without its letter ("DNI sense lletra",
domain.md §3.1) or with a wrong letter, and says which letter is right."""

from django.test import SimpleTestCase, TestCase

from configuration import roles
from directory.enums import DocumentType
from directory.identity import read_document
from directory.models import Person
from directory.search import search_persons
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional

URL = "/admin/cercador/"


class ReadDocumentTests(SimpleTestCase):
    def test_a_dni_without_its_letter_gets_it(self):
        reading = read_document("12345678")
        self.assertEqual(reading.corrected, "12345678Z")
        self.assertTrue(reading.letter_missing)
        self.assertEqual(set(reading.candidates), {"12345678", "12345678Z"})

    def test_a_wrong_letter_is_corrected(self):
        reading = read_document("12345678A")
        self.assertEqual(reading.corrected, "12345678Z")
        self.assertFalse(reading.letter_missing)
        self.assertIn("12345678Z", reading.candidates)

    def test_a_nie_too(self):
        self.assertEqual(read_document("X1234567").corrected, "X1234567L")
        self.assertEqual(read_document("X1234567A").corrected, "X1234567L")

    def test_a_right_document_needs_no_correction(self):
        reading = read_document("12345678Z")
        self.assertEqual(reading.corrected, "")
        self.assertIn("12345678", reading.candidates)  # kept without letter
        self.assertEqual(read_document("PASSPORT1").candidates, ("PASSPORT1",))


class DeskDniTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.jordi = cls.save(first_name="Jordi", document_number="12.345.678-Z")
        cls.old = cls.save(
            first_name="Pere",
            document_type=DocumentType.DNI_WITHOUT_LETTER,
            document_number="87654321",
        )

    @classmethod
    def save(cls, **fields):
        return person_save(
            person=new_person(cls.area, cls.worker, **fields), acting_user=cls.worker
        )

    def found(self, text) -> list[str]:
        queryset = Person.objects.visible_to(self.worker).current()
        return [person.first_name for person in search_persons(queryset, text)]

    def test_typed_without_letter_or_with_a_wrong_one_it_is_found(self):
        for typed in ("12345678", "12.345.678", "12345678A", "12345678 a"):
            with self.subTest(typed=typed):
                self.assertEqual(self.found(typed), ["Jordi"])

    def test_a_record_kept_without_letter_is_found_with_it(self):
        self.assertEqual(self.found("87654321X"), ["Pere"])
        self.assertEqual(self.found("87654321"), ["Pere"])

    def test_the_desk_says_which_letter_is_right(self):
        self.client.force_login(self.worker)
        response = self.client.get(URL, {"q": "12345678"})
        self.assertContains(response, "Jordi")
        self.assertContains(
            response, "12345678 no té lletra: amb la lletra és 12345678Z."
        )
        response = self.client.get(URL, {"q": "12345678A"})
        self.assertContains(response, "Jordi")
        self.assertContains(
            response, "La lletra de 12345678A no és correcta: ha de ser 12345678Z."
        )
        response = self.client.get(URL, {"q": "12345678Z"})
        self.assertNotContains(response, "no té lletra")
        self.assertNotContains(response, "no és correcta")
