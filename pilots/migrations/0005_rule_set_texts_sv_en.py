# The rule versions' names and sources in Swedish and English, and the texts
# of the reference rows loaded by 0002 as users read them (issue 18): the
# documents' own names instead of seed numbers, no developer notes.

from django.db import migrations, models


def translate(apps, schema_editor):
    from pilots.reference_data import translate_reference_texts

    translate_reference_texts(
        {
            name: apps.get_model(app, name)
            for app, name in (
                ("organisations", "Organisation"),
                ("organisations", "OrganisationRelation"),
                ("pilots", "EligibilityRuleSet"),
                ("pilots", "Pilot"),
                ("pilots", "ConditionWaiver"),
                ("pilots", "EmploymentArea"),
            )
        }
    )


class Migration(migrations.Migration):

    dependencies = [
        ('pilots', '0004_evaluation_run_tasks_per_municipality'),
        ('organisations', '0004_organisation_group'),
    ]

    operations = [
        migrations.AddField(
            model_name='eligibilityruleset',
            name='name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='name in English'),
        ),
        migrations.AddField(
            model_name='eligibilityruleset',
            name='name_sv',
            field=models.CharField(blank=True, max_length=200, verbose_name='name in Swedish'),
        ),
        migrations.AddField(
            model_name='eligibilityruleset',
            name='source_en',
            field=models.TextField(blank=True, verbose_name='source in English'),
        ),
        migrations.AddField(
            model_name='eligibilityruleset',
            name='source_sv',
            field=models.TextField(blank=True, verbose_name='source in Swedish'),
        ),
        migrations.RunPython(translate, migrations.RunPython.noop),
    ]
