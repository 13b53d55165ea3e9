"""GIN indexes on the `extra` JSON columns, on PostgreSQL only (issue #22).

The listing filters ask an equality or a code among several as containment of
the whole column (`extra @> '{"key": …}'`, configuration.custom_filters), which
a GIN index with jsonb_path_ops answers. SQLite has no such index: the
migrations that call these do nothing there.
"""

from django.db import migrations


def _index_name(table: str) -> str:
    return f"{table}_extra_gin"[:63]


def gin_indexes(*models: str) -> migrations.RunPython:
    """A migration operation indexing `extra` of `models` ("app.Model")."""

    def tables(apps):
        return [apps.get_model(label)._meta.db_table for label in models]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for table in tables(apps):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(_index_name(table))} "
                f"ON {quote(table)} USING gin (extra jsonb_path_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for table in tables(apps):
            schema_editor.execute(f"DROP INDEX IF EXISTS {quote(_index_name(table))}")

    return migrations.RunPython(create, drop, elidable=False)
