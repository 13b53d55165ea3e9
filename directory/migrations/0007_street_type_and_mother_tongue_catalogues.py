"""Street types and mother tongues become the TipusVia and LlenguaMaterna catalogues
(issue 17.5). What was typed before is kept, readable, in `*_text` columns; once
the support desk imports a list, typed values naming one of its entries are
mapped to it (directory/services/typed_values.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("configuration", "0005_catalan_order_mother_tongues_street_types"),
        ("directory", "0006_person_extended_kinship_versions"),
    ]

    operations = [
        migrations.RenameField("person", "street_type", "street_type_text"),
        migrations.AlterField(
            model_name="person",
            name="street_type_text",
            field=models.CharField(
                blank=True, max_length=30, verbose_name="street type (as typed before)"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="street_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="configuration.streettype",
                verbose_name="street type",
            ),
        ),
        migrations.RenameField("personextended", "mother_tongue", "mother_tongue_text"),
        migrations.AlterField(
            model_name="personextended",
            name="mother_tongue_text",
            field=models.CharField(
                blank=True,
                max_length=10,
                verbose_name="mother tongue (as typed before)",
            ),
        ),
        migrations.AddField(
            model_name="personextended",
            name="mother_tongue",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="configuration.mothertongue",
                verbose_name="mother tongue",
            ),
        ),
    ]
