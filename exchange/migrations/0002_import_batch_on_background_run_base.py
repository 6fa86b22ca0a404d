"""Import batches on the shared background-run base (core.runs.BackgroundRun):
rows processed become progress_done of progress_total (the file's rows),
with attempts, heartbeat and queue times.

Every row keeps its meaning: a batch that ran counts one attempt, sent and
queued when it started; a batch left queued or running has no sent_at or
heartbeat, so that the sweeper sends or restarts it."""

from django.db import migrations, models
from django.db.models import F, Q


def forwards(apps, schema_editor):
    ImportBatch = apps.get_model("exchange", "ImportBatch")
    ImportBatch.objects.update(progress_total=F("row_count"))
    ImportBatch.objects.filter(status__in=["done", "failed"]).update(
        queued_at=F("started_at"), sent_at=F("started_at"), attempts=1
    )
    ImportBatch.objects.filter(status__in=["queued", "running"]).update(
        queued_at=F("updated_at")
    )


def backwards(apps, schema_editor):
    ImportBatch = apps.get_model("exchange", "ImportBatch")
    ImportBatch.objects.update(row_count=F("progress_total"))


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="importbatch", name="import_batch_progress_within_rows"
        ),
        migrations.RenameField(
            model_name="importbatch", old_name="progress", new_name="progress_done"
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="progress_done",
            field=models.PositiveIntegerField(default=0, verbose_name="done"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="progress_total",
            field=models.PositiveIntegerField(default=0, verbose_name="in all"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="queued at"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent to the queue at"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last sign of life"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddConstraint(
            model_name="importbatch",
            constraint=models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")),
                name="exchange_importbatch_progress_within_total",
            ),
        ),
    ]
