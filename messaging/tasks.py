"""Celery entry points of the outbox (thin: an id in, a service call)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(
    name="messaging.message_send_task",
    acks_late=True,
    soft_time_limit=100,
    time_limit=120,
)
def message_send_task(message_id: int) -> str:
    """Send one message; a second delivery finds it taken or sent."""
    return services.message_send(message_id=message_id)


@shared_task(
    name="messaging.messages_send_task",
    acks_late=True,
    soft_time_limit=540,
    time_limit=600,
)
def messages_send_task(message_ids: list[int]) -> dict[str, int]:
    """Send a batch of messages queued together (a day's reminders): claimed
    together, sent, and recorded in one statement; a redelivered batch finds
    them sent or taken and sends nothing twice."""
    return services.messages_send_ids(message_ids=message_ids)


@shared_task(
    name="messaging.messages_send_due_task",
    acks_late=True,
    soft_time_limit=540,
    time_limit=600,
)
def messages_send_due_task() -> dict[str, int]:
    """Every minute: retries whose pause has passed, messages the broker never
    took, and messages a dead worker left half-sent."""
    return services.messages_send_due(now=timezone.now())
