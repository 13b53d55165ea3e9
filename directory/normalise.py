"""Search keys: names as people type them, whatever accents, case and order.

"García Martí", "garcia marti" and "GARCIA  MARTÍ" all give "garcia marti"; the
search desk matches typed words against these keys (full-text index on each
database), never with `icontains` over raw columns (performance.md §3).
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[^0-9a-z]+")


def normalise_name(*parts: str | None) -> str:
    """Return the parts joined, lower-cased, without accents or punctuation.

    The Catalan "l·l" becomes "ll"; apostrophes and hyphens separate words, so
    "d'Amat" is found by "amat" and "Puig-Ventós" by "ventos".
    """
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.replace("·", "").lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_SEPARATORS.split(plain)).strip()


def search_words(query: str) -> list[str]:
    """Return the normalised words of what was typed in the search box."""
    return [word for word in normalise_name(query).split(" ") if word]
