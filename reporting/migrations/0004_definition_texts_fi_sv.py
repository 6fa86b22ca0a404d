# The Finnish and Swedish numerator, denominator and source of each
# indicator definition (issue 10); the unsuffixed fields stay English.

import importlib

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0003_board_report'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicatordefinition',
            name='numerator',
            field=models.TextField(verbose_name='numerator in English'),
        ),
        migrations.AlterField(
            model_name='indicatordefinition',
            name='denominator',
            field=models.TextField(blank=True, verbose_name='denominator in English'),
        ),
        migrations.AlterField(
            model_name='indicatordefinition',
            name='source',
            field=models.TextField(verbose_name='source in English'),
        ),
        # The empty default only carries the existing rows until the loader
        # below fills them.
        migrations.AddField(
            model_name='indicatordefinition',
            name='numerator_fi',
            field=models.TextField(default='', verbose_name='numerator in Finnish'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='indicatordefinition',
            name='numerator_sv',
            field=models.TextField(default='', verbose_name='numerator in Swedish'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='indicatordefinition',
            name='denominator_fi',
            field=models.TextField(blank=True, verbose_name='denominator in Finnish'),
        ),
        migrations.AddField(
            model_name='indicatordefinition',
            name='denominator_sv',
            field=models.TextField(blank=True, verbose_name='denominator in Swedish'),
        ),
        migrations.AddField(
            model_name='indicatordefinition',
            name='source_fi',
            field=models.TextField(default='', verbose_name='source in Finnish'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='indicatordefinition',
            name='source_sv',
            field=models.TextField(default='', verbose_name='source in Swedish'),
            preserve_default=False,
        ),
    ]


# The idempotent loader of 0001, as in 0002: it fills the new texts of every
# (code, version) from reporting/definitions.py and rewrites the rest unchanged.
load_definitions = importlib.import_module(
    "reporting.migrations.0001_indicators"
).load_definitions

Migration.operations.append(
    migrations.RunPython(load_definitions, migrations.RunPython.noop)
)
