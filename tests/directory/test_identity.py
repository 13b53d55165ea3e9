from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from directory.identity import (
    normalise_document,
    validate_dni_without_letter,
    validate_nif,
)
from directory.normalise import normalise_name, search_words


class NormaliseDocumentTests(SimpleTestCase):
    def test_however_it_is_typed_it_is_one_document(self):
        for typed in ("12.345.678-Z", "12345678z", " 12345678 Z ", "12-345-678/z"):
            with self.subTest(typed=typed):
                self.assertEqual(normalise_document(typed), "12345678Z")

    def test_empty_input_gives_an_empty_document(self):
        self.assertEqual(normalise_document(None), "")
        self.assertEqual(normalise_document(" - "), "")


class ValidateNifTests(SimpleTestCase):
    def test_valid_dnis_and_nies_pass_normalised(self):
        for typed, stored in (
            ("12345678Z", "12345678Z"),
            ("00000000t", "00000000T"),
            ("X1234567L", "X1234567L"),
            ("y-1234567-x", "Y1234567X"),
            ("Z 1234567 R", "Z1234567R"),
        ):
            with self.subTest(typed=typed):
                self.assertEqual(validate_nif(typed), stored)

    def test_a_wrong_letter_names_the_right_one(self):
        with self.assertRaises(ValidationError) as raised:
            validate_nif("12345678A")
        self.assertEqual(raised.exception.code, "nif_letter")
        self.assertIn("Z", raised.exception.messages[0])

    def test_a_wrong_nie_letter_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            validate_nif("X1234567A")
        self.assertIn("L", raised.exception.messages[0])

    def test_malformed_documents_are_refused_with_the_format(self):
        for typed in ("1234567Z", "123456789Z", "A1234567L", "12345678", "", "ZZZ"):
            with self.subTest(typed=typed), self.assertRaises(ValidationError) as r:
                validate_nif(typed)
            self.assertEqual(r.exception.code, "nif_format")

    def test_a_dni_without_letter_has_eight_digits(self):
        self.assertEqual(validate_dni_without_letter("12.345.678"), "12345678")
        with self.assertRaises(ValidationError):
            validate_dni_without_letter("1234567")


class NormaliseNameTests(SimpleTestCase):
    def test_accents_case_and_spaces_do_not_matter(self):
        for typed in ("García Martí", "garcia marti", "GARCIA   MARTÍ"):
            self.assertEqual(normalise_name(typed), "garcia marti")

    def test_catalan_and_spanish_letters(self):
        self.assertEqual(
            normalise_name("Núria", "Puigventós", "Castañer"),
            "nuria puigventos castaner",
        )
        self.assertEqual(normalise_name("Paral·lel"), "parallel")
        self.assertEqual(normalise_name("Çelik"), "celik")

    def test_apostrophes_and_hyphens_separate_words(self):
        self.assertEqual(
            normalise_name("Jordi d'Amat Puig-Ventós"), "jordi d amat puig ventos"
        )

    def test_search_words_drop_empty_parts(self):
        self.assertEqual(search_words("  martí,  garcía "), ["marti", "garcia"])
        self.assertEqual(search_words(""), [])
