"""Indicators of appointments and messages (issue 22): a median unit and the
definitions, loaded by the loader of 0001.

After 0008_euro_indicators (both change the unit's check constraint, so they
cannot run side by side): the constraint allows both new units."""

import importlib

from django.db import migrations, models

load_definitions = importlib.import_module(
    "reporting.migrations.0001_indicators"
).load_definitions


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0008_euro_indicators'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='indicatordefinition',
            name='indicator_definition_unit_valid',
        ),
        migrations.AlterField(
            model_name='indicatordefinition',
            name='unit',
            field=models.CharField(choices=[('count', 'Count'), ('percent', 'Per cent'), ('euro', 'Euros'), ('median_days', 'Median, working days')], max_length=16, verbose_name='unit'),
        ),
        migrations.AddConstraint(
            model_name='indicatordefinition',
            constraint=models.CheckConstraint(condition=models.Q(('unit__in', ['count', 'percent', 'euro', 'median_days'])), name='indicator_definition_unit_valid'),
        ),
        migrations.RunPython(load_definitions, migrations.RunPython.noop),
    ]
