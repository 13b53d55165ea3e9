"""Search desk, issue #4: word-prefix index (PostgreSQL), FTS5 prefix indexes
(SQLite), the (area, name) btree for first pages, and how many persons carry
each word of the typo dictionary (to rank corrections)."""

from django.db import migrations, models

from directory import search_index
from directory.models.search import count_name_words


def forwards(apps, schema_editor):
    search_index.install(schema_editor.connection)
    count_name_words(
        apps.get_model("directory", "Person"), apps.get_model("directory", "NameToken")
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_kinship_messages")]

    operations = [
        migrations.AddField(
            model_name="nametoken",
            name="persons",
            field=models.PositiveIntegerField(default=1),
        ),
        # Backwards keeps the new indexes; the first version's queries still work
        # without its PostgreSQL tsvector index, only slower.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
