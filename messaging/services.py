"""Writes of the outbox: queue a message once, claim and send it, record
the outcome (STYLE.md 2.3)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.runs import task_hand_over

from . import rules
from .backends import Backend, EmailBackend, SendError, sms_backend
from .models import Message
from .rendering import message_render
from .signals import messages_outcome

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from accounts.models import User

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
        Message.objects.filter(pk__in=queued, next_try_at__lte=now)
        # Letters are printed, not sent (appointments.letters).
        .exclude(channel=Message.Channel.LETTER)
        .values_list("pk", flat=True)
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
    """Queued and due, or claimed by a worker that died mid-send. Letters
    are not sent but printed (appointments.letters), so never claimed."""
    return (
        Q(status=Message.Status.QUEUED, next_try_at__lte=now)
        | Q(status=Message.Status.SENDING, claimed_at__lt=now - _lease())
    ) & ~Q(channel=Message.Channel.LETTER)


def messages_claim(
    *, now: dt.datetime, message_ids: Sequence[int] | None = None, limit: int
) -> list[Message]:
    """Take up to `limit` due messages (of `message_ids` when given) for
    sending in one committed transaction: SELECT ... FOR UPDATE SKIP LOCKED
    and one UPDATE, so a second worker (a duplicate task, the sweep) skips
    them. Messages tried to the limit (the last try by a worker that died)
    are failed instead; in the quiet hours nothing is taken and the
    messages wait for the morning."""
    with transaction.atomic():
        found = Message.objects.select_for_update(skip_locked=True).filter(
            _claimable(now)
        )
        if message_ids is not None:
            found = found.filter(pk__in=message_ids)
        rows = list(found.order_by("next_try_at", "id")[:limit])
        if not rows:
            return []
        exhausted = [m for m in rows if rules.is_final_failure(m.attempts)]
        if exhausted:
            Message.objects.filter(pk__in=[m.pk for m in exhausted]).update(
                status=Message.Status.FAILED, claimed_at=None, updated_at=now
            )
            for message in exhausted:
                message.status = Message.Status.FAILED
                message.claimed_at = None
            messages_outcome.send(sender=Message, messages=exhausted)
        rows = [m for m in rows if not rules.is_final_failure(m.attempts)]
        quiet_end = _quiet_hours_end(now)
        if quiet_end is not None:
            # Nobody gets a text message or e-mail from the employment
            # services at night: they wait until the quiet hours end.
            Message.objects.filter(pk__in=[m.pk for m in rows]).update(
                status=Message.Status.QUEUED,
                claimed_at=None,
                next_try_at=quiet_end,
                updated_at=now,
            )
            return []
        Message.objects.filter(pk__in=[m.pk for m in rows]).update(
            status=Message.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    for message in rows:
        message.status = Message.Status.SENDING
        message.claimed_at = now
        message.attempts += 1
    return rows


def message_claim(*, message_id: int, now: dt.datetime) -> Message | None:
    """Take one message for sending (`messages_claim` of one id); None when
    it is not due, already sent, or taken."""
    claimed = messages_claim(now=now, message_ids=[message_id], limit=1)
    return claimed[0] if claimed else None


def _quiet_hours_end(now: dt.datetime) -> dt.datetime | None:
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


@dataclass
class _Outcome:
    """What became of one claimed message, as the batch's UPDATE writes it."""

    message: Message
    status: str
    sent_at: dt.datetime | None = None
    next_try_at: dt.datetime | None = None
    reference: str = ""
    error: str = ""
    # Not tried at all (the batch ran out of its share of the lease): the
    # claim's attempt is given back.
    untried: bool = False


def _outcome_of(message: Message, reference: str | None, error: str) -> _Outcome:
    if reference is not None:
        return _Outcome(
            message, Message.Status.SENT, sent_at=timezone.now(), reference=reference
        )
    status = (
        Message.Status.FAILED
        if rules.is_final_failure(message.attempts)
        else Message.Status.QUEUED
    )
    return _Outcome(
        message,
        status,
        next_try_at=timezone.now() + rules.retry_pause(message.attempts),
        error=error[:2000],
    )


def _deliver(claimed: list[Message], *, claimed_at: dt.datetime) -> list[_Outcome]:
    """Hand each claimed message to its channel's backend, on up to
    POLKU_MESSAGE_SEND_CONCURRENCY threads: a provider's answer takes tens
    of milliseconds, which one message after another would wait out in
    turn. Each thread keeps one backend (and connection) per channel for
    the batch. Sending stops when half the lease since the claim has
    passed: the rest go back to the queue untried, long before any other
    worker could take them as abandoned."""
    stop_at = claimed_at + _lease() / 2
    local = threading.local()
    opened: list[Backend] = []
    lock = threading.Lock()

    def backend_for(channel: str) -> Backend:
        backends: dict[str, Backend] = local.__dict__.setdefault("backends", {})
        if channel not in backends:
            backends[channel] = _backend(channel)
            with lock:
                opened.append(backends[channel])
        return backends[channel]

    def deliver(message: Message) -> _Outcome:
        if timezone.now() > stop_at:
            return _Outcome(message, Message.Status.QUEUED, untried=True)
        try:
            reference = backend_for(message.channel).send(message_render(message))
        except SendError as exc:
            return _outcome_of(message, None, str(exc))
        return _outcome_of(message, reference[:200], "")

    threads = max(1, min(settings.POLKU_MESSAGE_SEND_CONCURRENCY, len(claimed)))
    try:
        if threads == 1:
            return [deliver(message) for message in claimed]
        with ThreadPoolExecutor(threads, thread_name_prefix="outbox") as pool:
            return list(pool.map(deliver, claimed))
    finally:
        for backend in opened:
            backend.close()


def _outcomes_record(outcomes: list[_Outcome], *, claimed_at: dt.datetime) -> None:
    """Write every outcome of a batch in one UPDATE, and tell the apps above
    about the sent and finally failed ones in the same transaction. A row
    whose claim is no longer this batch's (taken over after the lease) is
    left to the worker that has it."""
    table = connection.ops.quote_name(Message._meta.db_table)
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS m SET status = o.status, "  # noqa: S608 - the model's own table
                "sent_at = COALESCE(o.sent_at, m.sent_at), claimed_at = NULL, "
                "next_try_at = COALESCE(o.next_try_at, m.next_try_at), "
                "provider_reference = CASE WHEN o.status = 'sent' "
                "THEN o.reference ELSE m.provider_reference END, "
                "last_error = CASE WHEN o.untried THEN m.last_error "
                "ELSE o.error END, "
                "attempts = m.attempts - o.untried::int, updated_at = %s "
                "FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[], "
                "%s::timestamptz[], %s::text[], %s::text[], %s::boolean[]) "
                "AS o(id, status, sent_at, next_try_at, reference, error, untried) "
                "WHERE m.id = o.id AND m.status = 'sending' AND m.claimed_at = %s "
                "RETURNING m.id",
                [
                    now,
                    [o.message.pk for o in outcomes],
                    [o.status for o in outcomes],
                    [o.sent_at for o in outcomes],
                    [o.next_try_at for o in outcomes],
                    [o.reference for o in outcomes],
                    [o.error for o in outcomes],
                    [o.untried for o in outcomes],
                    claimed_at,
                ],
            )
            written = {row[0] for row in cursor.fetchall()}
        told = []
        for outcome in outcomes:
            message = outcome.message
            if message.pk not in written:
                continue
            message.status = outcome.status
            message.claimed_at = None
            if outcome.status == Message.Status.SENT:
                message.sent_at = outcome.sent_at
                message.provider_reference = outcome.reference
                message.last_error = ""
                told.append(message)
            elif not outcome.untried:
                message.last_error = outcome.error
                message.next_try_at = outcome.next_try_at or message.next_try_at
                if outcome.status == Message.Status.FAILED:
                    told.append(message)
        if told:
            messages_outcome.send(sender=Message, messages=told)


def messages_send(
    *,
    now: dt.datetime,
    message_ids: Sequence[int] | None = None,
    limit: int | None = None,
) -> dict[int, str]:
    """Send a batch: claim the due messages (of `message_ids`, or any, at
    most `limit` or SEND_BATCH), send each with its idempotency key, and
    record the outcomes in one statement; the status of each message taken.

    A worker killed between a send and the record leaves its rows claimed;
    after the lease the sweep sends them again under the same keys, which
    the gateway and mail clients deduplicate by."""
    claimed = messages_claim(
        now=now, message_ids=message_ids, limit=limit or SEND_BATCH
    )
    if not claimed:
        return {}
    outcomes = _deliver(claimed, claimed_at=now)
    _outcomes_record(outcomes, claimed_at=now)
    return {o.message.pk: o.message.status for o in outcomes}


def message_send(*, message_id: int) -> str:
    """Send one message if it is due and nobody else is sending it; the
    message's status afterwards ("" when it was not taken)."""
    statuses = messages_send(now=timezone.now(), message_ids=[message_id], limit=1)
    return statuses.get(message_id, "")


def _counted(statuses: dict[int, str], counts: dict[str, int]) -> None:
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1


def messages_send_ids(*, message_ids: Sequence[int]) -> dict[str, int]:
    """Send the given messages (a task's batch); counts by outcome, those
    not taken (sent already, not due, another worker's) as "skipped"."""
    statuses = messages_send(
        now=timezone.now(), message_ids=message_ids, limit=len(message_ids)
    )
    counts: dict[str, int] = {}
    _counted(statuses, counts)
    skipped = len(set(message_ids)) - len(statuses)
    if skipped:
        counts["skipped"] = skipped
    return counts


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


def letters_printed(
    *, message_ids: Sequence[int], user: User | None, now: dt.datetime
) -> list[int]:
    """Record letters as sent: printed for the post by `user`. Letters
    printed before stay as they were (a reprint is no second send); the ids
    recorded now, each told to the apps above once (timeline, access log),
    in one UPDATE and the receivers' statements."""
    with transaction.atomic():
        printed = list(
            Message.objects.filter(
                pk__in=list(message_ids), channel=Message.Channel.LETTER
            )
            .exclude(status=Message.Status.SENT)
            # Every row at once, in id order: two batches printing the same
            # letters wait for each other instead of both recording them.
            .select_for_update()
            .order_by("pk")
        )
        if not printed:
            return []
        Message.objects.filter(pk__in=[m.pk for m in printed]).update(
            status=Message.Status.SENT,
            sent_at=now,
            claimed_at=None,
            attempts=F("attempts") + 1,
            last_error="",
            updated_at=now,
        )
        for message in printed:
            message.status = Message.Status.SENT
            message.sent_at = now
        messages_outcome.send(sender=Message, messages=printed, user=user)
    return [m.pk for m in printed]


def messages_send_due(*, now: dt.datetime, limit: int = 5000) -> dict[str, int]:
    """Send the messages due at `now` (queued ones whose pause has passed,
    and those left claimed by dead workers), at most `limit`, in batches of
    SEND_BATCH; counts by outcome."""
    counts: dict[str, int] = {}
    handled = 0
    while handled < limit:
        # Each batch claims at its own time: a claim stamped with the
        # sweep's start would look abandoned to other workers a batch early.
        statuses = messages_send(
            now=max(now, timezone.now()), limit=min(SEND_BATCH, limit - handled)
        )
        if not statuses:
            break
        handled += len(statuses)
        _counted(statuses, counts)
    return counts
