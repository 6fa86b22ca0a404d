"""Celery entry points for pilots (thin: ids in, a service call)."""

from __future__ import annotations

import datetime as dt

from celery import group, shared_task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import runs

from . import services
from .models import EvaluationRun, Pilot


@shared_task(
    name="pilots.evaluation_run_task", acks_late=True, reject_on_worker_lost=True
)
def evaluation_run_task(run_id: int) -> int:
    """Start a queued bulk evaluation: one task per member municipality on
    the indicators queue, so that the queue's worker processes evaluate
    municipalities side by side (docs/scaling.md); the last one to finish
    closes the run. Safe to retry (a started run is not started again; a
    run the sweeper queued again after its worker died starts afresh)."""
    try:
        municipalities = services.evaluation_run_begin(run_id=run_id)
    except Exception:
        _failed(run_id)
        raise
    group(
        evaluation_municipality_task.s(run_id, municipality_id)
        for municipality_id in municipalities
    ).apply_async()
    return len(municipalities)


@shared_task(
    name="pilots.evaluation_municipality_task",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=3600,
)
def evaluation_municipality_task(run_id: int, municipality_id: int) -> None:
    try:
        services.evaluation_run_municipality(
            run_id=run_id, municipality_id=municipality_id
        )
    except Exception:
        _failed(run_id)
        raise


def _failed(run_id: int) -> None:
    run = EvaluationRun.objects.select_related("requested_by").get(pk=run_id)
    with translation.override(run.message_language()):
        runs.run_fail(
            model=EvaluationRun,
            pk=run_id,
            error=_(
                "The evaluation failed. Start it again; if it fails again, "
                "contact support."
            ),
        )


@shared_task(name="pilots.eligibility_reevaluate_jobseeker_task", acks_late=True)
def eligibility_reevaluate_jobseeker_task(jobseeker_id: int) -> int:
    """After a relevant fact of one person changed (benefit, municipality...)."""
    return services.eligibility_reevaluate_jobseeker(
        jobseeker_id=jobseeker_id, on=timezone.localdate()
    )


@shared_task(name="pilots.eligibility_nightly_task", acks_late=True)
def eligibility_nightly_task(on: str | None = None) -> int:
    """Nightly: re-evaluate every running pilot, so that time alone (a 30th
    birthday, a job search that ended) changes results too."""
    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    count = 0
    for pilot in Pilot.objects.filter(starts_on__lte=day, ends_on__gte=day):
        run = services.evaluation_run_start(pilot=pilot, on=day, actor=None)
        count += 1 if run else 0
    return count
