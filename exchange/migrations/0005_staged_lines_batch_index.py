"""The staged lines' second index of their batch: the primary key (batch,
line) leads with it, so the index only cost each staged line an entry.

Django's schema editor leaves a composite primary key's first column's
foreign-key index alone when db_index changes (sqlmigrate printed a no-op),
so the index is dropped by name."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "exchange_stagedinvoiceline_batch_id_4b20e665"


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0004_staged_invoice_lines"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="stagedinvoiceline",
                    name="batch",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="exchange.importbatch",
                        verbose_name="import batch",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX IF NOT EXISTS "{INDEX}" '
                    'ON "exchange_stagedinvoiceline" ("batch_id")',
                ),
            ],
        ),
    ]
