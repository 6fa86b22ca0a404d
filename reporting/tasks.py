"""Celery entry points for reporting (thin: ids and dates in, services called)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from celery import group, shared_task
from django.utils import timezone

from . import services

if TYPE_CHECKING:
    from celery.result import GroupResult


@shared_task(name="reporting.run_execute_task", acks_late=True)
def run_execute_task(run_id: int) -> int:
    return services.run_execute(run_id=run_id).pk


def run_execute_many(run_ids: list[int]) -> GroupResult:
    """Queue each month as its own task on the `indicators` queue
    (CELERY_TASK_ROUTES), so that the queue's worker processes compute months
    side by side: a month is one PostgreSQL backend busy on one core
    (docs/scaling.md, benchmarks.run indicators)."""
    result = group(run_execute_task.s(pk) for pk in run_ids).apply_async()
    return cast("GroupResult", result)


@shared_task(name="reporting.previous_month_task", acks_late=True)
def previous_month_task(today: str | None = None) -> int:
    """Monthly (beat): compute last month unless it is already published."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    month = services.previous_month(day)
    from .models import IndicatorRun

    published = IndicatorRun.objects.filter(
        month=month, published_at__isnull=False
    ).exists()
    if published:
        return 0
    run = services.run_start(month=month)
    return services.run_execute(run_id=run.pk).pk


@shared_task(name="reporting.board_report_task", acks_late=True)
def board_report_task(report_id: int) -> str:
    return services.board_report_render(report_id=report_id).status
