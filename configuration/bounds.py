"""How much a professional may type into a search box, checked once for every screen.

A 2,100-character word made PostgreSQL's full-text query fail (a word over 2,047
bytes) and kept SQLite busy for minutes (the typo search measures every name
word against it); a few hundred words broke Wagtail's own page, image and
document searches on PostgreSQL. Nobody types more than a name with two
surnames and a document: "Maria del Carme de la Vall i Puig Ferrer 12345678Z" is
11 words and 51 characters. Up to these bounds every search screen answers in
well under a second on both databases (measured on the demo data).
"""

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
