"""Writes of the outbox: queue a message once, claim and send it, record
the outcome (STYLE.md 2.3)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.runs import task_hand_over

from . import rules
from .backends import Backend, EmailBackend, SendError, sms_backend
from .models import Message
from .rendering import message_render
from .signals import message_outcome

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewMessage:
    """One message to queue: what `message_queue` takes, for many at once."""

    organisation_id: int
    channel: str
    recipient: str
    language: str
    template_key: str
    context: Mapping[str, Any]
    idempotency_key: str
    jobseeker_id: int | None = None
    # Not sent before this time (a reminder prepared ahead of its hour).
    not_before: dt.datetime | None = None


# Rows per INSERT and ids per sending task when many messages are queued.
QUEUE_BATCH = 2000
SEND_BATCH = 200


def messages_queue(*, messages: Sequence[NewMessage]) -> list[int]:
    """Queue many messages, each at most once under its idempotency key
    (the set-based variant of `message_queue`); the ids of those still
    queued, sent in batches once the caller's transaction commits."""
    for new in messages:
        problems = rules.context_problems(new.context)
        if problems:
            # A programming error, not a user's: refuse loudly before it leaves.
            raise ValueError(f"Message context must not carry {', '.join(problems)}.")
    now = timezone.now()
    queued: list[int] = []
    for start in range(0, len(messages), QUEUE_BATCH):
        batch = messages[start : start + QUEUE_BATCH]
        # INSERT ... ON CONFLICT DO NOTHING: a retried booking or a second
        # worker queuing the same message finds the first row, without an
        # aborted transaction to recover from.
        Message.objects.bulk_create(
            [
                Message(
                    organisation_id=new.organisation_id,
                    jobseeker_id=new.jobseeker_id,
                    channel=new.channel,
                    recipient=new.recipient,
                    language=new.language,
                    template_key=new.template_key,
                    context=dict(new.context),
                    idempotency_key=new.idempotency_key,
                    next_try_at=max(new.not_before or now, now),
                )
                for new in batch
            ],
            ignore_conflicts=True,
        )
        queued += Message.objects.filter(
            idempotency_key__in=[new.idempotency_key for new in batch],
            status=Message.Status.QUEUED,
        ).values_list("pk", flat=True)
    due = list(
        Message.objects.filter(pk__in=queued, next_try_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    # Later ones are the minute's sweep's (messages_send_due).
    if due:
        transaction.on_commit(lambda: messages_send_soon(message_ids=due))
    return queued


def message_queue(
    *,
    organisation_id: int,
    channel: str,
    recipient: str,
    language: str,
    template_key: str,
    context: Mapping[str, Any],
    idempotency_key: str,
    jobseeker_id: int | None = None,
) -> Message:
    """Queue a message under `idempotency_key`: the message already queued
    under that key when there is one, else a new one, sent once the caller's
    transaction commits."""
    messages_queue(
        messages=[
            NewMessage(
                organisation_id=organisation_id,
                channel=channel,
                recipient=recipient,
                language=language,
                template_key=template_key,
                context=context,
                idempotency_key=idempotency_key,
                jobseeker_id=jobseeker_id,
            )
        ]
    )
    return Message.objects.get(idempotency_key=idempotency_key)


def _hand_over(task_name: str, argument: int | list[int]) -> bool:
    """Give one sending task to the broker; False (logged) when it cannot be
    reached, in which case the minute's sweep (messages_send_due) sends."""
    # Imported here: the tasks module imports this one.
    from . import tasks

    return task_hand_over(
        getattr(tasks, task_name), argument, fallback="the sweep sends it"
    )


def messages_send_soon(*, message_ids: Sequence[int]) -> None:
    """Give the messages to the broker: one task per message when few, a
    task per batch when many (a day's reminders)."""
    if len(message_ids) == 1:
        message_send_soon(message_id=message_ids[0])
        return
    for start in range(0, len(message_ids), SEND_BATCH):
        if not _hand_over(
            "messages_send_task", list(message_ids[start : start + SEND_BATCH])
        ):
            return


def message_send_soon(*, message_id: int) -> bool:
    """Give the sending task to the broker; False (logged) when it cannot be
    reached, in which case the minute's sweep (messages_send_due) sends it."""
    return _hand_over("message_send_task", message_id)


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.POLKU_MESSAGE_CLAIM_LEASE_SECONDS)


def _claimable(now: dt.datetime) -> Q:
    """Queued and due, or claimed by a worker that died mid-send."""
    return Q(status=Message.Status.QUEUED, next_try_at__lte=now) | Q(
        status=Message.Status.SENDING, claimed_at__lt=now - _lease()
    )


def message_claim(*, message_id: int, now: dt.datetime) -> Message | None:
    """Take the message for sending in a committed transaction, so a second
    worker (a duplicate task, the sweep) skips it; None when it is not due,
    already sent, or taken."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), pk=message_id)
            .first()
        )
        if message is None:
            return None
        if rules.is_final_failure(message.attempts):
            # Tried to the limit, the last try by a worker that died.
            message.status = Message.Status.FAILED
            message.claimed_at = None
            message.save(update_fields=["status", "claimed_at", "updated_at"])
            message_outcome.send(sender=Message, message=message)
            return None
        quiet_end = _quiet_hours_end(message, now)
        if quiet_end is not None:
            # Nobody gets a text message or e-mail from the employment
            # services at night: it waits until the quiet hours end.
            message.status = Message.Status.QUEUED
            message.claimed_at = None
            message.next_try_at = quiet_end
            message.save(
                update_fields=["status", "claimed_at", "next_try_at", "updated_at"]
            )
            return None
        message.status = Message.Status.SENDING
        message.claimed_at = now
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts", "updated_at"])
    return message


def _quiet_hours_end(message: Message, now: dt.datetime) -> dt.datetime | None:
    if message.channel == Message.Channel.LETTER:
        return None
    return rules.quiet_hours_end(
        now,
        quiet_from=settings.POLKU_MESSAGE_QUIET_FROM_HOUR,
        quiet_until=settings.POLKU_MESSAGE_QUIET_UNTIL_HOUR,
        zone=timezone.get_default_timezone(),
    )


def _backend(channel: str) -> Backend:
    if channel == Message.Channel.EMAIL:
        return EmailBackend()
    if channel == Message.Channel.SMS:
        return sms_backend()
    raise ImproperlyConfigured(f"No sending backend for {channel} messages.")


def message_send(*, message_id: int) -> str:
    """Send one message if it is due and nobody else is sending it; the
    message's status afterwards ("" when it was not taken)."""
    now = timezone.now()
    message = message_claim(message_id=message_id, now=now)
    if message is None:
        return ""
    try:
        reference = _backend(message.channel).send(message_render(message))
    except SendError as exc:
        return _record_failure(message, str(exc))
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.claimed_at = None
    message.provider_reference = reference[:200]
    message.last_error = ""
    with transaction.atomic():
        message.save(
            update_fields=[
                "status",
                "sent_at",
                "claimed_at",
                "provider_reference",
                "last_error",
                "updated_at",
            ]
        )
        message_outcome.send(sender=Message, message=message)
    return Message.Status.SENT


def _record_failure(message: Message, error: str) -> str:
    """Back to the queue after a growing pause, or failed for good."""
    status = (
        Message.Status.FAILED
        if rules.is_final_failure(message.attempts)
        else Message.Status.QUEUED
    )
    message.status = status
    message.claimed_at = None
    message.next_try_at = timezone.now() + rules.retry_pause(message.attempts)
    message.last_error = error[:2000]
    with transaction.atomic():
        message.save(
            update_fields=[
                "status",
                "claimed_at",
                "next_try_at",
                "last_error",
                "updated_at",
            ]
        )
        if status == Message.Status.FAILED:
            message_outcome.send(sender=Message, message=message)
    return status


def message_resend(*, message: Message) -> bool:
    """Try a failed message again from the start (the caseworker asked, e.g.
    after correcting nothing but waiting out the provider's outage); False
    when it is not failed any more. The idempotency key stays: the provider
    never accepted it, so it drops nothing."""
    now = timezone.now()
    updated = Message.objects.filter(
        pk=message.pk, status=Message.Status.FAILED
    ).update(
        status=Message.Status.QUEUED,
        attempts=0,
        next_try_at=now,
        updated_at=now,
    )
    if updated:
        pk = message.pk
        transaction.on_commit(lambda: message_send_soon(message_id=pk))
    return bool(updated)


def messages_send_due(*, now: dt.datetime, limit: int = 500) -> dict[str, int]:
    """Send the messages due at `now` (queued ones whose pause has passed,
    and those left claimed by dead workers), at most `limit`; counts by outcome."""
    ids = list(
        Message.objects.filter(_claimable(now))
        .order_by("next_try_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    counts: dict[str, int] = {}
    for message_id in ids:
        status = message_send(message_id=message_id) or "skipped"
        counts[status] = counts.get(status, 0) + 1
    return counts
