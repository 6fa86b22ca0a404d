"""Celery entry points for reporting (thin: ids and dates in, services called).

The run tasks are idempotent (a month's figures are replaced with identical
ones, a finished report is never rendered again) and claim their run first
(core.runs), so they are acknowledged late and given back to the queue when
their worker dies.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from celery import group, shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from core import runs

from . import services, surveys
from .models import BoardReport, IndicatorRun

if TYPE_CHECKING:
    from celery.result import GroupResult


@shared_task(
    name="reporting.run_execute_task", acks_late=True, reject_on_worker_lost=True
)
def run_execute_task(run_id: int) -> int:
    runs.run_in_task(
        model=IndicatorRun,
        pk=run_id,
        work=lambda: services.run_execute(run_id=run_id),
        failure=lambda: _(
            "The computation failed. Compute the month again; if it fails "
            "again, contact support."
        ),
    )
    return run_id


def run_execute_many(run_ids: list[int]) -> GroupResult:
    """Queue each month as its own task on the `indicators` queue
    (CELERY_TASK_ROUTES) and return the group, for a caller that waits on
    the results (services.runs_start queues them one by one after commit)."""
    result = group(run_execute_task.s(pk) for pk in run_ids).apply_async()
    return cast("GroupResult", result)


@shared_task(
    name="reporting.previous_month_task", acks_late=True, reject_on_worker_lost=True
)
def previous_month_task(today: str | None = None) -> int:
    """Monthly (beat): compute last month unless it is already published."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    month = services.previous_month(day)
    published = IndicatorRun.objects.filter(
        month=month, published_at__isnull=False
    ).exists()
    if published:
        return 0
    # Computed here rather than sent on: a worker dying now leaves the run
    # running without a heartbeat, and the sweeper queues it again.
    run = services.run_start(month=month, send=False)
    runs.run_claim(model=IndicatorRun, pk=run.pk)
    return services.run_execute(run_id=run.pk).pk


@shared_task(
    name="reporting.board_report_task", acks_late=True, reject_on_worker_lost=True
)
def board_report_task(report_id: int) -> str:
    runs.run_in_task(
        model=BoardReport,
        pk=report_id,
        work=lambda: services.board_report_render(report_id=report_id),
        failure=lambda: _("The report could not be made. Ask for it again."),
    )
    return str(
        BoardReport.objects.filter(pk=report_id).values_list("status", flat=True)[0]
    )


@shared_task(
    name="reporting.survey_invite_task",
    acks_late=True,
    soft_time_limit=50,
    time_limit=60,
)
def survey_invite_task(appointment_id: int) -> int | None:
    """Queue the satisfaction survey about a meeting held; a second delivery
    finds the message queued and sends nothing twice."""
    message = surveys.survey_invite(appointment_id=appointment_id, now=timezone.now())
    return message.pk if message is not None else None


@shared_task(
    name="reporting.survey_invitations_expire_task",
    soft_time_limit=240,
    time_limit=300,
)
def survey_invitations_expire_task() -> int:
    """Nightly: delete the survey links past their validity."""
    return surveys.survey_invitations_expire(now=timezone.now())
