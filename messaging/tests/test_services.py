"""Queuing, claiming and sending through the outbox, against the database."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from messaging import services
from messaging.backends import SendError
from messaging.models import Message

if TYPE_CHECKING:
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

CONTEXT = {"date": "9.6.2026", "time": "10.00"}


def queue(sender: Organisation, key: str = "test:1:note:email", **kw: Any) -> Message:
    fields: dict[str, Any] = {
        "organisation_id": sender.pk,
        "channel": "email",
        "recipient": "testi@example.invalid",
        "language": "fi",
        "template_key": "messaging_tests/note",
        "context": CONTEXT,
        "idempotency_key": key,
        **kw,
    }
    return services.message_queue(**fields)


def test_queuing_twice_under_one_key_queues_and_sends_once(
    sender: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    # when: the same message is queued twice (a retried booking)
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(sender)
        second = queue(sender, recipient="toinen@example.invalid")

    # then: one row, one e-mail, to the first recipient
    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["testi@example.invalid"]]
    message = Message.objects.get()
    assert message.status == "sent"
    assert message.attempts == 1
    assert message.sent_at is not None


def test_a_context_with_an_identity_code_is_refused(sender: Organisation) -> None:
    with pytest.raises(ValueError, match="identity_code"):
        queue(sender, context={"identity_code": "010190-9876"})

    assert not Message.objects.exists()


def test_a_sent_message_is_not_sent_again(sender: Organisation) -> None:
    message = queue(sender)
    assert services.message_send(message_id=message.pk) == "sent"

    # a duplicate delivery of the task finds nothing to do
    assert services.message_send(message_id=message.pk) == ""
    assert len(mail.outbox) == 1


def test_a_failed_send_waits_longer_each_time_then_fails(
    sender: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a provider that refuses everything
    def refuse(self: object, message: object) -> str:
        raise SendError("421 try later")

    monkeypatch.setattr("messaging.backends.EmailBackend.send", refuse)
    message = queue(sender)
    start = timezone.now()
    pauses = []

    # when: it is tried whenever due
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(6):
            assert services.message_send(message_id=message.pk) in {"queued", "failed"}
            message.refresh_from_db()
            pauses.append(message.next_try_at - timezone.now())
            traveller.move_to(message.next_try_at)

    # then: the pause doubled, and after the sixth try it failed for good
    assert pauses[:3] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert message.status == "failed"
    assert message.attempts == 6
    assert message.last_error == "421 try later"
    assert services.message_send(message_id=message.pk) == ""


def test_a_message_is_not_tried_before_its_pause_has_passed(
    sender: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "messaging.backends.EmailBackend.send",
        lambda self, message: (_ for _ in ()).throw(SendError("down")),
    )
    message = queue(sender)
    services.message_send(message_id=message.pk)

    assert services.message_send(message_id=message.pk) == ""
    assert services.messages_send_due(now=timezone.now()) == {}


def test_a_message_left_claimed_by_a_dead_worker_is_sent_after_the_lease(
    sender: Organisation, settings: Any
) -> None:
    # given: a worker claimed the message and died before recording the send
    message = queue(sender)
    claimed = services.message_claim(message_id=message.pk, now=timezone.now())
    assert claimed is not None

    # then: within the lease nobody else takes it ...
    assert services.messages_send_due(now=timezone.now()) == {}
    # ... and after it the minute's sweep sends it, under the same key
    later = timezone.now() + dt.timedelta(
        seconds=settings.POLKU_MESSAGE_CLAIM_LEASE_SECONDS + 1
    )
    with time_machine.travel(later, tick=False):
        assert services.messages_send_due(now=later) == {"sent": 1}
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.attempts == 2
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<test.1.note.email@")


def test_the_broker_being_down_leaves_the_message_for_the_sweep(
    sender: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from kombu.exceptions import OperationalError

    from messaging import tasks

    def unreachable(*args: object, **kwargs: object) -> None:
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.message_send_task, "apply_async", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(sender)

    assert Message.objects.get(pk=message.pk).status == "queued"
    assert services.messages_send_due(now=timezone.now()) == {"sent": 1}
