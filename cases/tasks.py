"""Celery entry points for cases (thin: a date in, a service call)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="cases.steps_overdue_flag_task", acks_late=True)
def steps_overdue_flag_task(on: str | None = None) -> int:
    """Nightly: flag overdue deadlines and remind; idempotent, so safe to retry."""
    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    return services.steps_overdue_flag(on=day)


@shared_task(name="cases.retention_monthly_task", acks_late=True)
def retention_monthly_task(on: str | None = None) -> dict[str, int]:
    """Monthly: anonymise per the previous dry run, then write a new dry run."""
    from .services.retention import retention_monthly

    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    applied, report = retention_monthly(on=day)
    return {
        "anonymised": applied.anonymised_count if applied else 0,
        "next_candidates": len(report.jobseeker_ids),
    }
