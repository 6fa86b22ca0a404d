"""Celery entry points of appointments (thin: an id in, a service call)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from core import runs

from . import services
from .models import BulkBookingRun, LetterRun


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


@shared_task(
    name="appointments.bulk_booking_run_task",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=540,
    time_limit=600,
)
def bulk_booking_run_task(run_id: int) -> int:
    """Book a bulk booking's steps; a second delivery finds the run claimed,
    and a retried run skips the steps it has results for."""
    runs.run_in_task(
        model=BulkBookingRun,
        pk=run_id,
        work=lambda: services.bulk_booking_run_execute(
            run_id=run_id, now=timezone.now()
        ),
        failure=lambda: _(
            "The booking stopped before it was finished. The times already "
            "booked are kept; start the booking again for the rest."
        ),
    )
    return run_id


@shared_task(
    name="appointments.letter_run_task",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=1740,
    time_limit=1800,
)
def letter_run_task(run_id: int) -> int:
    """Print a day's letters into one PDF; a second delivery finds the run
    claimed, and a retried run prints the same letters again."""
    runs.run_in_task(
        model=LetterRun,
        pk=run_id,
        work=lambda: services.letter_run_execute(run_id=run_id, now=timezone.now()),
        failure=lambda: _(
            "The letters could not be printed. Start the printing again; "
            "the letters already printed are printed again with the rest."
        ),
    )
    return run_id
