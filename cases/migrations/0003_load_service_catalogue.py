from django.db import migrations


def load(apps, schema_editor):
    from cases.service_catalogue import load_service_types

    load_service_types(apps.get_model("cases", "ServiceType"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_process_records")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
