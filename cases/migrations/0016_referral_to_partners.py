"""Referral now belongs to partners (partners 0004): Django forgets it here
without touching its table, which partners keeps using."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0015_step_kind_multisectoral_assessment"),
        ("partners", "0004_referral_from_cases"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Referral")],
            database_operations=[],
        ),
    ]
