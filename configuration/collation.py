"""Names in the order Catalan readers expect, on both databases.

Neither database does it by default: PostgreSQL's database collation here is
C.UTF-8 and SQLite compares bytes, so "Àlaba" and "Ávila" sort after "Zamora".
`CatalanOrder(field)` orders by the field under the Catalan ICU collation on
PostgreSQL ("ca-x-icu") and under `llar_ca`, a collation registered on every
SQLite connection, on SQLite. Both are used for the short lists (professionals,
provinces, municipalities); the person listings, which can be a million rows,
sort by the indexed normalised name instead (directory.Person.search_name).
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func

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


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


def connect() -> None:
    connection_created.connect(
        register_sqlite_collation, dispatch_uid="configuration.catalan_collation"
    )
