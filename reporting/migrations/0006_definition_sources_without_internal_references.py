# The sources of the indicator definitions as readers see them on the
# definitions page and in the board PDF (issue 18): the documents' own names
# instead of seed numbers, no file names, model paths, open-question numbers
# or ⚠ markers. The same definitions, worded again: the loader of 0001
# rewrites the texts of every (code, version) in place.

import importlib

from django.db import migrations, models

load_definitions = importlib.import_module(
    "reporting.migrations.0001_indicators"
).load_definitions


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0005_indicator_value_withheld'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicatordefinition',
            name='computation',
            field=models.CharField(help_text='The name of the computation that implements it.', max_length=64, verbose_name='computation'),
        ),
        migrations.RunPython(load_definitions, migrations.RunPython.noop),
    ]
