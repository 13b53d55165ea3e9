"""Full-text index of person names and the trigram index of the typo dictionary."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from directory import search_index


def forwards(apps, schema_editor):
    search_index.install(schema_editor.connection)


def backwards(apps, schema_editor):
    search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_merge")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
