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
from kombu.exceptions import OperationalError

from . import rules
from .backends import Backend, EmailBackend, SendError, sms_backend
from .models import Message
from .rendering import message_render

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

logger = logging.getLogger(__name__)


def message_queue(
    *,
    organisation_id: int,
    channel: str,
    recipient: str,
    language: str,
    template_key: str,
    context: Mapping[str, Any],
    idempotency_key: str,
) -> Message:
    """Queue a message under `idempotency_key`: the message already queued
    under that key when there is one, else a new one, sent once the caller's
    transaction commits."""
    problems = rules.context_problems(context)
    if problems:
        # A programming error, not a user's: refuse loudly before it leaves.
        raise ValueError(f"Message context must not carry {', '.join(problems)}.")
    now = timezone.now()
    # INSERT ... ON CONFLICT DO NOTHING: a retried booking or a second worker
    # queuing the same message finds the first row, without an aborted
    # transaction to recover from.
    Message.objects.bulk_create(
        [
            Message(
                organisation_id=organisation_id,
                channel=channel,
                recipient=recipient,
                language=language,
                template_key=template_key,
                context=dict(context),
                idempotency_key=idempotency_key,
                next_try_at=now,
            )
        ],
        ignore_conflicts=True,
    )
    message = Message.objects.get(idempotency_key=idempotency_key)
    if message.status == Message.Status.QUEUED:
        pk = message.pk
        transaction.on_commit(lambda: message_send_soon(message_id=pk))
    return message


@dataclass(frozen=True)
class Outgoing:
    """One message to queue (the arguments of message_queue)."""

    organisation_id: int
    channel: str
    recipient: str
    language: str
    template_key: str
    context: Mapping[str, Any]
    idempotency_key: str


def messages_queue_many(outgoing: Sequence[Outgoing]) -> int:
    """Queue many messages in one statement, each at most once by its key
    (the set-based variant of message_queue, for bulk bookings); each still
    queued is sent once the caller's transaction commits. Returns how many
    are queued."""
    for message in outgoing:
        problems = rules.context_problems(message.context)
        if problems:
            raise ValueError(f"Message context must not carry {', '.join(problems)}.")
    if not outgoing:
        return 0
    now = timezone.now()
    Message.objects.bulk_create(
        [
            Message(
                organisation_id=message.organisation_id,
                channel=message.channel,
                recipient=message.recipient,
                language=message.language,
                template_key=message.template_key,
                context=dict(message.context),
                idempotency_key=message.idempotency_key,
                next_try_at=now,
            )
            for message in outgoing
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    queued = list(
        Message.objects.filter(
            idempotency_key__in=[message.idempotency_key for message in outgoing],
            status=Message.Status.QUEUED,
        ).values_list("pk", flat=True)
    )

    def send() -> None:
        for pk in queued:
            message_send_soon(message_id=pk)

    transaction.on_commit(send)
    return len(queued)


def message_send_soon(*, message_id: int) -> bool:
    """Give the sending task to the broker; False (logged) when it cannot be
    reached, in which case the minute's sweep (messages_send_due) sends it."""
    # Imported here: the tasks module imports this one.
    from .tasks import message_send_task

    try:
        message_send_task.apply_async(
            args=(message_id,),
            retry=True,
            retry_policy=settings.POLKU_RUN_SEND_RETRY_POLICY,
            ignore_result=True,
        )
    except (OperationalError, OSError, RuntimeError):
        logger.warning(
            "message %s: the broker did not take it; the sweep sends it", message_id
        )
        return False
    return True


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
            return None
        message.status = Message.Status.SENDING
        message.claimed_at = now
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts", "updated_at"])
    return message


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
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        claimed_at=None,
        provider_reference=reference[:200],
        last_error="",
        updated_at=timezone.now(),
    )
    return Message.Status.SENT


def _record_failure(message: Message, error: str) -> str:
    """Back to the queue after a growing pause, or failed for good."""
    status = (
        Message.Status.FAILED
        if rules.is_final_failure(message.attempts)
        else Message.Status.QUEUED
    )
    Message.objects.filter(pk=message.pk).update(
        status=status,
        claimed_at=None,
        next_try_at=timezone.now() + rules.retry_pause(message.attempts),
        last_error=error[:2000],
        updated_at=timezone.now(),
    )
    return status


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
