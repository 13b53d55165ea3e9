# GIN indexes on the configurable fields' values (issue #22), PostgreSQL only.

from django.db import migrations

from configuration.custom_indexes import gin_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0017_extra_values"),
    ]

    operations = [
        gin_indexes(
            "casework.Expedient",
            "casework.Actuacio",
            "casework.Demand",
            "casework.ProblemRecord",
            "casework.Resource",
            "casework.Tramit",
            "casework.InterventionPlan",
        ),
    ]
