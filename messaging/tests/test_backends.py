"""Real SMTP to a local aiosmtpd server, real HTTP to a local gateway stub."""

from __future__ import annotations

import base64
import datetime as dt
import email
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from messaging import services
from messaging.models import Message

if TYPE_CHECKING:
    from organisations.models import Organisation

    from .conftest import Gateway, Mailbox

pytestmark = pytest.mark.django_db

EVENT = {
    "uid": "appointment-1@polku",
    "starts_at": "2026-06-09T10:00:00+03:00",
    "ends_at": "2026-06-09T11:00:00+03:00",
    "location": "Testikatu 1, 85100 Kalajoki",
    "url": "",
}


def queue(
    sender: Organisation, channel: str, recipient: str, **context: Any
) -> Message:
    return services.message_queue(
        organisation_id=sender.pk,
        channel=channel,
        recipient=recipient,
        language="fi",
        template_key="messaging_tests/note",
        context={"date": "9.6.2026", "time": "10.00", **context},
        idempotency_key=f"test:1:note:{channel}",
    )


def test_an_email_goes_over_smtp_with_its_calendar_invitation(
    sender: Organisation, smtp_server: Mailbox
) -> None:
    message = queue(sender, "email", "testi@example.invalid", event=EVENT)

    assert services.message_send(message_id=message.pk) == "sent"

    (envelope,) = smtp_server.envelopes
    assert envelope.rcpt_tos == ["testi@example.invalid"]
    assert envelope.mail_from == "tyollisyys@kalajoki.invalid"
    received = email.message_from_bytes(envelope.original_content or b"")
    assert received["Subject"] == "Muistutus 9.6.2026"
    assert received["Message-ID"] == "<test.1.note.email@kalajoki.invalid>"
    parts = {part.get_content_type(): part for part in received.walk()}
    text = parts["text/plain"].get_payload(decode=True)
    calendar = parts["text/calendar"].get_payload(decode=True)
    assert isinstance(text, bytes)
    assert isinstance(calendar, bytes)
    assert "Tapaaminen 9.6.2026 klo 10.00." in text.decode()
    assert b"METHOD:REQUEST" in calendar
    assert b"DTSTART:20260609T070000Z" in calendar
    assert b"UID:appointment-1@polku" in calendar


def test_an_email_sent_again_after_a_dead_worker_carries_the_same_message_id(
    sender: Organisation, smtp_server: Mailbox
) -> None:
    # given: an e-mail sent, its outcome lost with the worker that sent it
    message = queue(sender, "email", "testi@example.invalid")
    assert services.message_send(message_id=message.pk) == "sent"
    Message.objects.filter(pk=message.pk).update(
        status="sending", claimed_at=timezone.now() - dt.timedelta(hours=1)
    )

    # when: the sweep takes it as abandoned and sends it again
    assert services.messages_send_due(now=timezone.now()) == {"sent": 1}

    # then: the mail server got one message twice, by its Message-ID
    first, again = (
        email.message_from_bytes(envelope.original_content or b"")
        for envelope in smtp_server.envelopes
    )
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"] == "<test.1.note.email@kalajoki.invalid>"
    assert first.get_payload() == again.get_payload()


def test_an_unreachable_smtp_server_is_a_failure_to_try_again(
    sender: Organisation, settings: Any
) -> None:
    from .conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    message = queue(sender, "email", "testi@example.invalid")

    assert services.message_send(message_id=message.pk) == "queued"
    message.refresh_from_db()
    assert message.last_error


def test_an_sms_goes_to_the_gateway_with_credentials_and_its_key(
    sender: Organisation, sms_gateway: Gateway
) -> None:
    message = queue(sender, "sms", "+358400000000")

    assert services.message_send(message_id=message.pk) == "sent"

    (request,) = sms_gateway.requests
    assert request["body"] == {
        "to": "+358400000000",
        "from": "Kalajoki",
        "text": "Tapaaminen 9.6.2026 klo 10.00.",
    }
    assert request["key"] == "test:1:note:sms"
    assert (
        request["authorization"]
        == "Basic " + base64.b64encode(b"kalajoki:testisalasana").decode()
    )
    message.refresh_from_db()
    assert message.provider_reference == "gw-1"


def test_a_gateway_error_is_retried_with_the_same_key(
    sender: Organisation, sms_gateway: Gateway
) -> None:
    # given: the gateway answers 503 once
    sms_gateway.answers = [503]
    message = queue(sender, "sms", "+358400000000")

    # when: tried, and tried again once due
    assert services.message_send(message_id=message.pk) == "queued"
    Message.objects.filter(pk=message.pk).update(next_try_at=message.created_at)
    assert services.message_send(message_id=message.pk) == "sent"

    # then: both tries carried the one key the gateway deduplicates by
    assert [r["key"] for r in sms_gateway.requests] == ["test:1:note:sms"] * 2
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.last_error == ""


def test_the_development_backend_sends_nothing_and_records_the_message(
    sender: Organisation, settings: Any
) -> None:
    settings.POLKU_SMS_BACKEND = "development"
    message = queue(sender, "sms", "+358400000000")

    assert services.message_send(message_id=message.pk) == "sent"
    message.refresh_from_db()
    assert message.provider_reference == "development:test:1:note:sms"
