"""Identity documents: normalise what people type, check DNI and NIE letters.

Normalising keeps only [0-9A-Z] in upper case, so "12.345.678-z", "12345678 Z" and
"12345678Z" are one document; search and the uniqueness constraint use this form.
"""

import re
from dataclasses import dataclass

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


def _digits_of(document: str) -> tuple[str, str] | None:
    """(number part as typed, digits the letter is computed from) of a DNI or
    NIE typed with or without its letter; None for anything else."""
    if match := re.fullmatch(r"(\d{8})[A-Z]?", document):
        return match.group(1), match.group(1)
    if match := re.fullmatch(r"([XYZ])(\d{7})[A-Z]?", document):
        prefix, rest = match.groups()
        return prefix + rest, NIE_PREFIX[prefix] + rest
    return None


@dataclass(frozen=True)
class DocumentReading:
    """What a document typed at the desk may stand for.

    `candidates` are the normalised documents to look up. A DNI typed without
    its letter (or with a wrong one) also finds the record under the right
    letter, and a full DNI also finds a record kept as "DNI sense lletra";
    `corrected` is the document with its right letter when the typed one had
    none (`letter_missing`) or a wrong one.
    """

    candidates: tuple[str, ...]
    corrected: str = ""
    letter_missing: bool = False


def read_document(document: str) -> DocumentReading:
    """Read a normalised document typed at the search desk."""
    parts = _digits_of(document)
    if parts is None:
        return DocumentReading((document,))
    number, digits = parts
    right = number + expected_letter(digits)
    candidates = tuple(dict.fromkeys((document, right, number)))
    if document == right:
        return DocumentReading(candidates)
    return DocumentReading(
        candidates, corrected=right, letter_missing=document == number
    )


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
