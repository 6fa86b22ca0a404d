"""The national follow-up set (issue 23 item 4): a median of calendar days
(time from the job search's start to open-market employment) joins the
units, and the loader of 0001 adds the three definitions."""

import importlib

from django.db import migrations, models

load_definitions = importlib.import_module(
    "reporting.migrations.0001_indicators"
).load_definitions


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0008_attendance'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='indicatordefinition',
            name='indicator_definition_unit_valid',
        ),
        migrations.AlterField(
            model_name='indicatordefinition',
            name='unit',
            field=models.CharField(choices=[('count', 'Count'), ('percent', 'Per cent'), ('euro', 'Euros'), ('median_days', 'Median, working days'), ('median_calendar', 'Median, calendar days')], max_length=16, verbose_name='unit'),
        ),
        migrations.AddConstraint(
            model_name='indicatordefinition',
            constraint=models.CheckConstraint(condition=models.Q(('unit__in', ['count', 'percent', 'euro', 'median_days', 'median_calendar'])), name='indicator_definition_unit_valid'),
        ),
        migrations.RunPython(load_definitions, migrations.RunPython.noop),
    ]
