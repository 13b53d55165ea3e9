"""Names in the order Catalan readers expect, on both databases.

Neither database does it by default: PostgreSQL's database collation here is
C.UTF-8 and SQLite compares bytes, so "Àlaba" and "Ávila" sort after "Zamora".
`CatalanOrder(field)` orders by the field under the Catalan ICU collation on
PostgreSQL ("ca-x-icu") and under `llar_ca`, a collation registered on every
SQLite connection, on SQLite. Both are used for the short lists (professionals,
provinces, municipalities); the person listings, which can be a million rows,
sort by the indexed normalised name instead (directory.Person.search_name).

`Folded(expression)` is a text as a "contains" filter compares it, on both
databases alike: the Latin letters with an accent or a cedilla as their plain
letter ("À", "à", "á" → "a"; "Ç" → "c"), "·" left out, then lower case. SQLite's
own LOWER and LIKE fold only ASCII letters, so it reads `llar_fold`, a function
registered on every SQLite connection; PostgreSQL says the same with
TRANSLATE and LOWER (no extension: `unaccent` is not in every installation).
`fold_text` folds what was typed the same way.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func, TextField

POSTGRESQL_COLLATION = "ca-x-icu"
SQLITE_COLLATION = "llar_ca"


def catalan_key(text: str) -> tuple[str, str]:
    """Letters without accents or case first ("avila"); the text breaks ties."""
    decomposed = unicodedata.normalize("NFKD", text.replace("·", "").casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain, text


def _compare(left: str, right: str) -> int:
    a, b = catalan_key(left), catalan_key(right)
    return (a > b) - (a < b)


class CatalanOrder(Func):
    """`field COLLATE <the Catalan collation of this database>`, for order_by."""

    template = "%(expressions)s COLLATE %(collation)s"

    def as_sql(self, compiler, connection, **extra_context):
        collation = {
            "postgresql": POSTGRESQL_COLLATION,
            "sqlite": SQLITE_COLLATION,
        }.get(connection.vendor)
        if collation is None:
            return compiler.compile(self.source_expressions[0])
        extra_context["collation"] = connection.ops.quote_name(collation)
        return super().as_sql(compiler, connection, **extra_context)


class ByteOrder(Func):
    """`field COLLATE "C"` on PostgreSQL, the field itself elsewhere: for keys that
    are already normalised (lower-case ASCII), so the indexes built in byte
    order (directory/search_index.py) serve the ORDER BY."""

    template = '%(expressions)s COLLATE "C"'

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return compiler.compile(self.source_expressions[0])
        return super().as_sql(compiler, connection, **extra_context)


def _fold_table() -> tuple[str, str]:
    """The letters of Latin-1 and Latin Extended-A/B whose decomposition is a
    plain ASCII letter with marks, and that letter in lower case."""
    accented, plain = [], []
    for code in range(0xC0, 0x250):
        letter = chr(code)
        decomposed = unicodedata.normalize("NFKD", letter)
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if len(base) == 1 and base.isascii() and base.isalpha() and base != letter:
            accented.append(letter)
            plain.append(base.lower())
    return "".join(accented), "".join(plain)


FOLD_FROM, FOLD_TO = _fold_table()
LEFT_OUT = "·"  # "col·lectiu" is found by "collectiu"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO, LEFT_OUT)
SQLITE_FOLD = "llar_fold"


def fold_text(text: str | None) -> str | None:
    """`text` without accents, cedillas or "·", in lower case (None: None)."""
    if text is None:
        return None
    return str(text).translate(_FOLD).lower()


class Folded(Func):
    """`expression` folded as `fold_text` folds a text, in the database."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(TRANSLATE({sql}, %s, %s))", (
            *params,
            FOLD_FROM + LEFT_OUT,
            FOLD_TO,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{SQLITE_FOLD}({sql})", params


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)
        connection.connection.create_function(
            SQLITE_FOLD, 1, fold_text, deterministic=True
        )


def connect() -> None:
    connection_created.connect(
        register_sqlite_collation, dispatch_uid="configuration.catalan_collation"
    )
