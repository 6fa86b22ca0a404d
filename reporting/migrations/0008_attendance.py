"""Indicators of appointments and messages (issue 22): a median unit and the
definitions, loaded by the loader of 0001."""

from django.db import migrations, models


def load_definitions(apps, schema_editor):  # noqa: ANN001, ARG001 - migration API
    from reporting.definitions import ALL_DEFINITIONS

    definition = apps.get_model("reporting", "IndicatorDefinition")
    fields = {field.name for field in definition._meta.get_fields()}
    for row in ALL_DEFINITIONS:
        definition.objects.update_or_create(
            code=row["code"],
            version=row["version"],
            defaults={key: value for key, value in row.items() if key in fields},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0007_runs_on_background_run_base'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='indicatordefinition',
            name='indicator_definition_unit_valid',
        ),
        migrations.AlterField(
            model_name='indicatordefinition',
            name='unit',
            field=models.CharField(choices=[('count', 'Count'), ('percent', 'Per cent'), ('median_days', 'Median, working days')], max_length=16, verbose_name='unit'),
        ),
        migrations.AddConstraint(
            model_name='indicatordefinition',
            constraint=models.CheckConstraint(condition=models.Q(('unit__in', ['count', 'percent', 'median_days'])), name='indicator_definition_unit_valid'),
        ),
        migrations.RunPython(load_definitions, migrations.RunPython.noop),
    ]
