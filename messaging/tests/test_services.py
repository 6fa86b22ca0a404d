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


def test_a_message_due_in_quiet_hours_waits_for_the_morning(
    sender: Organisation, settings: Any
) -> None:
    # given: quiet hours 21–8 and a message due at 22.30
    settings.POLKU_MESSAGE_QUIET_FROM_HOUR = 21
    settings.POLKU_MESSAGE_QUIET_UNTIL_HOUR = 8
    evening = dt.datetime(2026, 6, 18, 22, 30, tzinfo=timezone.get_default_timezone())
    with time_machine.travel(evening, tick=False):
        message = queue(sender)
        # when: a worker takes it
        assert services.message_send(message_id=message.pk) == ""
    # then: nothing went; it waits until 8.00, untried
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == ("queued", 0, 0)
    assert message.next_try_at == evening.replace(day=19, hour=8, minute=0)
    with time_machine.travel(message.next_try_at, tick=False):
        assert services.messages_send_due(now=timezone.now()) == {"sent": 1}


def test_many_messages_are_queued_once_each_and_sent_in_batches(
    sender: Organisation,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services, "SEND_BATCH", 2)
    new = [
        services.NewMessage(
            organisation_id=sender.pk,
            channel="email",
            recipient=f"testi{n}@example.invalid",
            language="fi",
            template_key="messaging_tests/note",
            context=CONTEXT,
            idempotency_key=f"test:{n}:note:email",
            jobseeker_id=n,
        )
        for n in range(5)
    ]
    # when: queued twice (a prepared batch run again)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.messages_queue(messages=new)
    second = services.messages_queue(messages=new)

    # then: five rows, each sent once; the second run found them sent
    assert len(first) == 5
    assert second == []
    assert Message.objects.filter(status="sent").count() == 5
    assert set(Message.objects.values_list("jobseeker_id", flat=True)) == set(range(5))
    assert len(mail.outbox) == 5


def test_a_message_prepared_for_later_waits_for_its_time(sender: Organisation) -> None:
    later = timezone.now() + dt.timedelta(hours=3)
    services.messages_queue(
        messages=[
            services.NewMessage(
                organisation_id=sender.pk,
                channel="email",
                recipient="testi@example.invalid",
                language="fi",
                template_key="messaging_tests/note",
                context=CONTEXT,
                idempotency_key="test:1:note:email",
                not_before=later,
            )
        ]
    )
    assert services.messages_send_due(now=timezone.now()) == {}
    with time_machine.travel(later, tick=False):
        assert services.messages_send_due(now=later) == {"sent": 1}


def test_the_outcome_is_told_once_when_sent_and_once_when_failed_for_good(
    sender: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from messaging.signals import messages_outcome

    told: list[tuple[str, str]] = []

    def receiver(sender: object, messages: list[Message], **kwargs: object) -> None:
        told.extend((message.idempotency_key, message.status) for message in messages)

    messages_outcome.connect(receiver)
    try:
        services.message_send(message_id=queue(sender).pk)
        monkeypatch.setattr(
            "messaging.backends.EmailBackend.send",
            lambda self, message: (_ for _ in ()).throw(SendError("550 no such user")),
        )
        failing = queue(sender, key="test:2:note:email")
        start = timezone.now()
        with time_machine.travel(start, tick=False) as traveller:
            for _ in range(6):
                services.message_send(message_id=failing.pk)
                failing.refresh_from_db()
                traveller.move_to(failing.next_try_at)
    finally:
        messages_outcome.disconnect(receiver)
    assert told == [("test:1:note:email", "sent"), ("test:2:note:email", "failed")]


def test_a_failed_message_can_be_sent_again(
    sender: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = queue(sender)
    Message.objects.filter(pk=message.pk).update(
        status="failed", attempts=6, last_error="550"
    )

    assert services.message_resend(message=message) is True
    assert services.message_resend(message=message) is False
    assert services.message_send(message_id=message.pk) == "sent"
    message.refresh_from_db()
    assert message.attempts == 1
