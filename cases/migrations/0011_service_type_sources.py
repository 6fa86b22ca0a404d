# The sources of the service catalogue as administrators read them (issue
# 18): documents and acts by name, no seed numbers, domain.md or ⚠ notes.
# Rows an administrator has edited since are left as they are.

from django.db import migrations


def rewrite(apps, schema_editor):
    from cases.service_catalogue import rewrite_sources

    rewrite_sources(apps.get_model("cases", "ServiceType"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_jobseeker_org_id_idx")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
