"""How much a professional may type: searches, dates and free text.

Searches are checked once for every screen (`BoundedSearchMiddleware`).

A 2,100-character word made PostgreSQL's full-text query fail (a word over 2,047
bytes) and kept SQLite busy for minutes (the typo search measures every name
word against it); a few hundred words broke Wagtail's own page, image and
document searches on PostgreSQL. Nobody types more than a name with two
surnames and a document: "Maria del Carme de la Vall i Puig Ferrer 12345678Z" is
11 words and 51 characters. Up to these bounds every search screen answers in
well under a second on both databases (measured on the demo data).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext

SEARCH_MAX_CHARACTERS = 100
SEARCH_MAX_WORDS = 12


def search_error(text: str | None) -> str | None:
    """Why `text` is too long to search for, or None when it may be searched."""
    text = text or ""
    if len(text) > SEARCH_MAX_CHARACTERS:
        return gettext(
            "The search is too long (%(typed)s characters): type at most "
            "%(max)s characters, such as a name with its surnames or a document."
        ) % {"typed": len(text), "max": SEARCH_MAX_CHARACTERS}
    words = len(text.split())
    if words > SEARCH_MAX_WORDS:
        return gettext(
            "The search has too many words (%(typed)s): type at most %(max)s words."
        ) % {"typed": words, "max": SEARCH_MAX_WORDS}
    return None


# What a date may plausibly be, per kind (issue #16.10): year 1 or 2999 was
# accepted everywhere. Each bound is inclusive and moves with today.
EARLIEST_LIFE_DATE = datetime.date(1900, 1, 1)  # no one attended was born earlier
EARLIEST_RECORD_DATE = datetime.date(1980, 1, 1)  # the services' oldest records
RECORD_YEARS_AHEAD = 10  # a plan's expiry or a resource's end, planned ahead
DOCUMENT_YEARS_AHEAD = 20  # a residence or work permit's expiry
UNBORN_DAYS_AHEAD = 300  # the expected birth of an unborn child (nasciturus)
# Free text (observations, notes, descriptions): about three printed pages.
FREE_TEXT_MAX_LENGTH = 10_000


def _years_ahead(years: int) -> datetime.date:
    today = datetime.date.today()
    return today.replace(year=today.year + years, day=min(today.day, 28))


def _check_window(value, earliest, latest) -> None:
    if value is None:
        return
    if value < earliest or value > latest:
        raise ValidationError(
            gettext("Type a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={
                "earliest": earliest.strftime("%d/%m/%Y"),
                "latest": latest.strftime("%d/%m/%Y"),
            },
        )


def validate_birth_date(value) -> None:
    """From 1900 to the expected birth of an unborn child; that a born person's
    date is not in the future is the person record's own check."""
    latest = datetime.date.today() + datetime.timedelta(days=UNBORN_DAYS_AHEAD)
    _check_window(value, EARLIEST_LIFE_DATE, latest)


def validate_past_date(value) -> None:
    """What has already happened in a life: a death, an arrival, a consent."""
    _check_window(value, EARLIEST_LIFE_DATE, datetime.date.today())


def validate_record_date(value) -> None:
    """What is recorded in an expedient: done since 1980, or planned ahead."""
    _check_window(value, EARLIEST_RECORD_DATE, _years_ahead(RECORD_YEARS_AHEAD))


def validate_document_expiry(value) -> None:
    _check_window(value, EARLIEST_RECORD_DATE, _years_ahead(DOCUMENT_YEARS_AHEAD))


def validate_kinship_date(value) -> None:
    """A relationship may go back to a birth and be known to end ahead."""
    _check_window(value, EARLIEST_LIFE_DATE, _years_ahead(RECORD_YEARS_AHEAD))


# Field options shared by the models (free text, optional expedient dates).
FREE_TEXT = {
    "max_length": FREE_TEXT_MAX_LENGTH,  # the form's limit and its textarea's
    "validators": [MaxLengthValidator(FREE_TEXT_MAX_LENGTH)],  # the model's
}
OPTIONAL_RECORD_DATE = {
    "null": True,
    "blank": True,
    "validators": [validate_record_date],
}
