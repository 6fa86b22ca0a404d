"""Evaluation runs on the shared background-run base (core.runs.BackgroundRun):
municipalities done of total become progress_done of progress_total, the
status gets its choices, and attempts, heartbeat and queue times are added.

Every row keeps its meaning: finished runs count as one attempt sent when
they were created; a run left queued or running has no sent_at or
heartbeat, so that the sweeper sends or restarts it."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F, Q


def forwards(apps, schema_editor):
    EvaluationRun = apps.get_model("pilots", "EvaluationRun")
    EvaluationRun.objects.update(queued_at=F("created_at"))
    # A municipality counted twice by an old retry cannot exceed the total.
    EvaluationRun.objects.filter(progress_done__gt=F("progress_total")).update(
        progress_total=F("progress_done")
    )
    EvaluationRun.objects.filter(status__in=["done", "failed"]).update(
        sent_at=F("created_at"), attempts=1
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0006_reason_length"),
    ]

    operations = [
        migrations.RenameField(
            model_name="evaluationrun", old_name="done", new_name="progress_done"
        ),
        migrations.RenameField(
            model_name="evaluationrun", old_name="total", new_name="progress_total"
        ),
        migrations.AlterField(
            model_name="evaluationrun",
            name="progress_done",
            field=models.PositiveIntegerField(default=0, verbose_name="done"),
        ),
        migrations.AlterField(
            model_name="evaluationrun",
            name="progress_total",
            field=models.PositiveIntegerField(default=0, verbose_name="in all"),
        ),
        migrations.AddField(
            model_name="evaluationrun",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="evaluationrun",
            name="queued_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                null=True,
                verbose_name="queued at",
            ),
        ),
        migrations.AddField(
            model_name="evaluationrun",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent to the queue at"),
        ),
        migrations.AddField(
            model_name="evaluationrun",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last sign of life"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="evaluationrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("running", "Running"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                ],
                default="queued",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationrun",
            constraint=models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")),
                name="pilots_evaluationrun_progress_within_total",
            ),
        ),
    ]
