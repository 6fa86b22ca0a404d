"""The invoice lines' own index of their invoice: the natural key's unique
index (invoice_line_unique) leads with the invoice and serves every look-up
and cascade by it, so the second index only cost each new line an entry
(issue 23).

Django's schema editor drops and adds the foreign key back around the
index (validating every stored line again), so the index is dropped by
name."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "exchange_municipalshareinvoiceline_invoice_id_2d24699f"


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0005_staged_lines_batch_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="municipalshareinvoiceline",
                    name="invoice",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="exchange.municipalshareinvoice",
                        verbose_name="invoice",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX IF NOT EXISTS "{INDEX}" '
                    'ON "exchange_municipalshareinvoiceline" ("invoice_id")',
                ),
            ],
        ),
    ]
