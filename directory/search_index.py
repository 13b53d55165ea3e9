"""The full-text index of person names, one per database engine.

PostgreSQL: a GIN index on `to_tsvector('simple', search_name)` (the expression
Django's `SearchVector("search_name", config="simple")` produces, so queries use
it) and a trigram index on the typo dictionary (pg_trgm).
SQLite: an FTS5 table over `search_name` (external content, kept in step by
triggers; `remove_diacritics 2` as a second line of defence).

SQLite drops a table's triggers whenever a migration rebuilds the table, so
`install` is idempotent and also runs after every `migrate` (see apps.py): a
later migration of the person table can never leave the index stale.
"""

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS directory_person_fts ON directory_person "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_name, '')))",
    "CREATE INDEX IF NOT EXISTS directory_nametoken_trgm ON directory_nametoken "
    "USING gin (token gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS directory_person_fts",
    "DROP INDEX IF EXISTS directory_nametoken_trgm",
]

FTS_TABLE = "directory_person_fts"
SQLITE_TRIGGERS = {
    "directory_person_fts_ai": (
        "AFTER INSERT ON directory_person BEGIN "
        "INSERT INTO directory_person_fts(rowid, search_name) "
        "VALUES (new.id, new.search_name); END"
    ),
    "directory_person_fts_ad": (
        "AFTER DELETE ON directory_person BEGIN "
        "INSERT INTO directory_person_fts(directory_person_fts, rowid, search_name) "
        "VALUES ('delete', old.id, old.search_name); END"
    ),
    "directory_person_fts_au": (
        "AFTER UPDATE OF search_name ON directory_person BEGIN "
        "INSERT INTO directory_person_fts(directory_person_fts, rowid, search_name) "
        "VALUES ('delete', old.id, old.search_name); "
        "INSERT INTO directory_person_fts(rowid, search_name) "
        "VALUES (new.id, new.search_name); END"
    ),
}


def install(connection) -> None:
    """Create the engine's name index if it is missing (safe to run again)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in POSTGRES:
                cursor.execute(statement)
        elif connection.vendor == "sqlite":
            _install_sqlite(cursor)


def _install_sqlite(cursor) -> None:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE name = %s OR name LIKE %s",
        [FTS_TABLE, "directory_person_fts_a_"],
    )
    present = {row[0] for row in cursor.fetchall()}
    if present >= {FTS_TABLE, *SQLITE_TRIGGERS}:
        return
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_name, "
        "content='directory_person', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    for name, body in SQLITE_TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    # Rows written while the triggers were missing are indexed again.
    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in POSTGRES_DROP:
                cursor.execute(statement)
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
