# The user's own index goes; access_log_user_idx (user, -occurred_at) serves
# every lookup by user (audit.models.AccessLog.user).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0007_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Only the index is dropped. Django's AlterField would also drop and
        # re-add the foreign key, which checks every row of a log of tens of
        # millions while holding its lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "audit_accesslog_user_id_7f87e501"',
                    reverse_sql=(
                        'CREATE INDEX IF NOT EXISTS "audit_accesslog_user_id_7f87e501" '
                        'ON "audit_accesslog" ("user_id")'
                    ),
                ),
            ],
        ),
    ]
