# A GIN index on the configurable fields of the person record's extended
# block (issue #22), PostgreSQL only.

from django.db import migrations

from configuration.custom_indexes import gin_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_extra_values"),
    ]

    operations = [
        gin_indexes("directory.PersonExtended"),
    ]
