from django.db import migrations


def load(apps, schema_editor):
    from pilots.reference_data import load_pilot_reference_data

    load_pilot_reference_data(
        {
            name: apps.get_model(app, name)
            for app, name in (
                ("organisations", "Organisation"),
                ("organisations", "OrganisationRelation"),
                ("pilots", "EligibilityRuleSet"),
                ("pilots", "Pilot"),
                ("pilots", "PilotMunicipality"),
                ("pilots", "ConditionWaiver"),
                ("pilots", "EmploymentArea"),
                ("pilots", "AreaMunicipality"),
            )
        }
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0001_pilots_areas_eligibility"),
        ("organisations", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
