"""Indicator runs and board reports on the shared background-run base
(core.runs.BackgroundRun): progress as done of total (the old per cent is
done of 100), attempts, heartbeat and the times of a run's life.

Every row keeps its meaning: a finished run finished when it was computed
(or last changed), and a run left queued or running before this migration
has no sent_at or heartbeat, so that the sweeper sends or restarts it
instead of leaving it stuck."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F, Q


def forwards(apps, schema_editor):
    IndicatorRun = apps.get_model("reporting", "IndicatorRun")
    BoardReport = apps.get_model("reporting", "BoardReport")
    for model in (IndicatorRun, BoardReport):
        model.objects.update(progress_done=F("progress"), progress_total=100)
        model.objects.exclude(status__in=["queued", "running"]).update(
            sent_at=F("created_at")
        )
    IndicatorRun.objects.update(queued_at=F("created_at"))
    IndicatorRun.objects.filter(status="done").update(
        finished_at=F("computed_at"), attempts=1
    )
    IndicatorRun.objects.filter(status="failed").update(
        finished_at=F("updated_at"), attempts=1
    )
    BoardReport.objects.update(queued_at=F("requested_at"))
    BoardReport.objects.filter(status__in=["done", "failed"]).update(attempts=1)


def backwards(apps, schema_editor):
    for name in ("IndicatorRun", "BoardReport"):
        model = apps.get_model("reporting", name)
        model.objects.filter(progress_total__gt=0).update(
            progress=F("progress_done") * 100 / F("progress_total")
        )


PROGRESS_FIELDS = [
    ("progress_done", models.PositiveIntegerField(default=0, verbose_name="done")),
    ("progress_total", models.PositiveIntegerField(default=0, verbose_name="in all")),
    ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
    (
        "queued_at",
        models.DateTimeField(
            blank=True,
            default=django.utils.timezone.now,
            null=True,
            verbose_name="queued at",
        ),
    ),
    ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent to the queue at")),
    ("heartbeat_at", models.DateTimeField(blank=True, null=True, verbose_name="last sign of life")),
]
STATUS = models.CharField(
    choices=[
        ("queued", "Queued"),
        ("running", "Running"),
        ("done", "Done"),
        ("failed", "Failed"),
    ],
    default="queued",
    max_length=16,
    verbose_name="status",
)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_definition_sources_without_internal_references"),
    ]

    operations = [
        *[
            migrations.AddField(model_name=model, name=name, field=field.clone())
            for model in ("indicatorrun", "boardreport")
            for name, field in PROGRESS_FIELDS
        ],
        migrations.AddField(
            model_name="indicatorrun",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.AddField(
            model_name="indicatorrun",
            name="finished_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="finished at"
            ),
        ),
        migrations.AddField(
            model_name="boardreport",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveConstraint(
            model_name="boardreport", name="board_report_progress_max_100"
        ),
        migrations.RemoveField(model_name="indicatorrun", name="progress"),
        migrations.RemoveField(model_name="boardreport", name="progress"),
        migrations.AlterField(
            model_name="indicatorrun", name="status", field=STATUS.clone()
        ),
        migrations.AlterField(
            model_name="boardreport", name="status", field=STATUS.clone()
        ),
        *[
            migrations.AddConstraint(
                model_name=model,
                constraint=models.CheckConstraint(
                    condition=Q(progress_done__lte=F("progress_total")),
                    name=f"reporting_{model}_progress_within_total",
                ),
            )
            for model in ("indicatorrun", "boardreport")
        ],
    ]
