"""Identity documents: normalise what people type, check DNI and NIE letters.

Normalising keeps only [0-9A-Z] in upper case, so "12.345.678-z", "12345678 Z" and
"12345678Z" are one document; search and the uniqueness constraint use this form.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHECK_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
NIE_PREFIX = {"X": "0", "Y": "1", "Z": "2"}
DNI_RE = re.compile(r"^(\d{8})([A-Z])$")
NIE_RE = re.compile(r"^([XYZ])(\d{7})([A-Z])$")


def normalise_document(value: str | None) -> str:
    """Return the document upper-cased, with everything but letters and digits gone."""
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())


def expected_letter(digits: str) -> str:
    return CHECK_LETTERS[int(digits) % 23]


def validate_nif(value: str) -> str:
    """Validate a DNI or NIE (with its letter) and return it normalised.

    The message on a wrong letter names the letter expected, so a typing slip is
    easy to fix.
    """
    document = normalise_document(value)
    if match := DNI_RE.match(document):
        digits, letter = match.groups()
    elif match := NIE_RE.match(document):
        prefix, rest, letter = match.groups()
        digits = NIE_PREFIX[prefix] + rest
    else:
        raise ValidationError(
            _(
                "“%(value)s” is not a DNI (8 digits and a letter) or a NIE "
                "(X, Y or Z, 7 digits and a letter)."
            ),
            code="nif_format",
            params={"value": value},
        )
    if letter != expected_letter(digits):
        raise ValidationError(
            _("The letter of %(value)s is wrong: it must be %(letter)s."),
            code="nif_letter",
            params={"value": value, "letter": expected_letter(digits)},
        )
    return document


def validate_dni_without_letter(value: str) -> str:
    """Validate an old DNI recorded without its letter (8 digits)."""
    document = normalise_document(value)
    if not re.fullmatch(r"\d{8}", document):
        raise ValidationError(
            _("A DNI without letter has exactly 8 digits."), code="dni_digits"
        )
    return document


def check_document(document_type: int, value: str) -> str:
    """Validate a document number for its type; return it tidied (upper case, trimmed).

    NIF/NIE and DNI-without-letter are checked; passports and other documents are
    kept as typed. "None" must have no number.
    """
    from .enums import DocumentType

    value = (value or "").strip().upper()
    if document_type == DocumentType.NIF_NIE and value:
        validate_nif(value)
    elif document_type == DocumentType.DNI_WITHOUT_LETTER and value:
        validate_dni_without_letter(value)
    elif document_type == DocumentType.NONE and value:
        raise ValidationError(
            _("The document type is “none”: leave the number empty."),
            code="no_document",
        )
    return value
