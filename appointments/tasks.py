"""Celery entry points of appointments (thin: a service call)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(
    name="appointments.appointment_reminders_prepare_task",
    acks_late=True,
    soft_time_limit=840,
    time_limit=900,
)
def appointment_reminders_prepare_task() -> int:
    """Every quarter of an hour: from the reminder hour of a working day on,
    queue the reminders not yet queued (a booking made after the hour gets
    its reminder in the next run); a second run queues nothing twice."""
    return services.appointment_reminders_prepare(now=timezone.now())
