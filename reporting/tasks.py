"""Celery entry points for reporting (thin: ids and dates in, services called)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="reporting.run_execute_task", acks_late=True)
def run_execute_task(run_id: int) -> int:
    return services.run_execute(run_id=run_id).pk


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
