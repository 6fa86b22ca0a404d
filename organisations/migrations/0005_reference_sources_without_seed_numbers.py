# The sources of the reference organisations and relations as administrators
# read them (issue 18): the documents' own names, never seed numbers or
# domain.md. Only rows that still carry a text loaded by 0002 are rewritten.

from django.db import migrations


def rewrite(apps, schema_editor):
    from organisations.reference_data import rewrite_sources

    rewrite_sources(
        apps.get_model("organisations", "Organisation"),
        apps.get_model("organisations", "OrganisationRelation"),
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_organisation_group")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
