"""Celery entry points for partners (thin: a date in, a service call)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="partners.agreements_close_task", acks_late=True)
def agreements_close_task(on: str | None = None) -> int:
    """Nightly: close agreements past their last day and end the access they
    gave; idempotent, so safe to retry."""
    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    return services.agreements_close(on=day)


# The name from when referrals were part of cases: the beat schedule is
# stored under it (django_celery_beat), so it stays.
@shared_task(name="cases.referrals_expire_task", acks_late=True)
def referrals_expire_task(on: str | None = None) -> int:
    """Nightly: end referrals past their period or agreement; idempotent."""
    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    return services.referrals_expire(on=day)
