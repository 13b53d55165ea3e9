"""The name indexes of the search desk, one set per database engine.

PostgreSQL:
- a GIN index on `llar_name_prefixes(search_name)`: a tsvector holding every
  prefix of every word ("garcia" → g, ga, … garcia) and every whole word marked
  with "=" ("=garcia"). A typed word is then one exact key whatever its length,
  so several words intersect quickly (a `'garcia':* & 'marti':*` query on the
  plain tsvector had to merge every word starting with "marti": 70 ms at
  1,000,000 persons, against 4 ms);
- a btree on `(area_id, search_name COLLATE "C", id)`: the names of an area that
  start with what was typed, already in order, for the first pages of a common
  name. "C" because a range on the key (`>= 'garcia'` and `< 'garcia~'`) is a
  prefix only in byte order; a language collation may ignore spaces;
- the trigram index of the typo dictionary (pg_trgm).
SQLite: an FTS5 table over `search_name` (external content, kept in step by
triggers; prefix indexes for words typed in part; `remove_diacritics 2` as a
second line of defence) and the same `(area_id, search_name, id)` btree (SQLite
compares text bytewise).

SQLite drops a table's triggers whenever a migration rebuilds the table, so
`install` is idempotent and also runs after every `migrate` (see apps.py): a
later migration of the person table can never leave the index stale.
"""

PREFIX_FUNCTION = "llar_name_prefixes"
POSTGRES = [
    # IMMUTABLE so that an index can use it: it reads nothing but its argument.
    # COST 1000 (the default is 100): a call takes about 50 µs, and the planner
    # must read the index rather than compute it row by row along another index
    # (176 ms for "garcia marti"). Not higher: plan costs would pass the JIT
    # threshold, and JIT compiling costs 100 ms.
    f"CREATE OR REPLACE FUNCTION {PREFIX_FUNCTION}(name text) RETURNS tsvector "  # noqa: S608
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$ "
    "SELECT coalesce(array_to_tsvector(array_agg(DISTINCT key)), ''::tsvector) "
    "FROM unnest(string_to_array(name, ' ')) AS word, "
    "LATERAL (SELECT left(word, n) FROM generate_series(1, length(word)) AS n "
    "UNION ALL SELECT '=' || word) AS keys(key) WHERE word <> '' $$",
    "CREATE INDEX IF NOT EXISTS directory_person_name_prefixes ON directory_person "
    f"USING gin ({PREFIX_FUNCTION}(search_name))",
    # Finer statistics of the keys: with the default (100), a rare word was
    # estimated at 2,000 persons, and the planner intersected its 10 rows with
    # the half a million of the area (40 ms instead of 0.1). 300 estimates it at
    # 228, enough; ANALYZE then takes 14 s at 1,000,000 persons (1000: 31 s).
    "ALTER INDEX directory_person_name_prefixes ALTER COLUMN 1 SET STATISTICS 300",
    "CREATE INDEX IF NOT EXISTS directory_person_area_name ON directory_person "
    '(area_id, search_name COLLATE "C", id)',
    "CREATE INDEX IF NOT EXISTS directory_nametoken_trgm ON directory_nametoken "
    "USING gin (token gin_trgm_ops)",
    # The plain tsvector index of the first version, replaced by the prefixes.
    "DROP INDEX IF EXISTS directory_person_fts",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS directory_person_fts",
    "DROP INDEX IF EXISTS directory_person_name_prefixes",
    "DROP INDEX IF EXISTS directory_person_area_name",
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


FTS_OPTIONS = (
    "content='directory_person', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6'"
)
SQLITE_NAME_INDEX = (
    "CREATE INDEX IF NOT EXISTS directory_person_area_name "
    "ON directory_person (area_id, search_name, id)"
)


def _install_sqlite(cursor) -> None:
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE name = %s OR name LIKE %s",
        [FTS_TABLE, "directory_person_fts_a_"],
    )
    present = dict(cursor.fetchall())
    cursor.execute(SQLITE_NAME_INDEX)
    if present.keys() >= {FTS_TABLE, *SQLITE_TRIGGERS} and "prefix=" in (
        present[FTS_TABLE] or ""
    ):
        return
    if FTS_TABLE in present and "prefix=" not in (present[FTS_TABLE] or ""):
        cursor.execute(f"DROP TABLE {FTS_TABLE}")  # the first version, no prefixes
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_name, "
        f"{FTS_OPTIONS})"
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
            cursor.execute("DROP INDEX IF EXISTS directory_person_area_name")
