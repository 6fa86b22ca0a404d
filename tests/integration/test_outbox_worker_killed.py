"""A worker SIGKILLed in the middle of sending batches of text messages and
e-mails: a new worker and the minute's sweep
(messaging.services.messages_send_due) send the rest, every status ends
sent, and what goes again is only what the dead worker had sent without
recording, at most its threads plus one chunk of outcomes a batch, under
the same idempotency key (SMS) and Message-ID (e-mail) (issue 22 item 3).

The gateway stub and the SMTP server (aiosmtpd) in this process answer
slowly (so that the kill lands mid-batch on any machine) and record every
delivery; the gateway drops a second delivery of a key as a real gateway
does, the mail server keeps it, as most do. Runs against
CELERY_TEST_BROKER_URL with real worker processes; skips without Redis
except in CI.
"""

from __future__ import annotations

import asyncio
import email
import json
import os
import signal
import socket
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from messaging import services
from messaging.models import Message
from messaging.tasks import messages_send_due_task
from tests.integration.workers import wait_for

if TYPE_CHECKING:
    from collections.abc import Iterator

    from organisations.models import Organisation
    from tests.integration.workers import Workers

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Half text messages, half e-mails: two batches (messaging.services.SEND_BATCH).
MESSAGES = 300
# Each answer takes this long: a batch of 200 takes about a second.
ANSWER_SECONDS = 0.03
# A claim older than this is a dead worker's (the workers get it too).
LEASE_SECONDS = 4
FROM = "tyollisyys@kalajoki.invalid"


def _key(n: int, channel: str) -> str:
    return f"integration:{n}:reminder:{channel}"


class Received:
    """Deliveries in order of arrival, by idempotency key: the gateway's
    header, or for an e-mail its recipient (testi<n>@…), with what each
    delivery of a key carried (text, Message-ID)."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.bodies: dict[str, set[str]] = defaultdict(set)
        self.message_ids: dict[str, set[str]] = defaultdict(set)
        self.lock = threading.Lock()
        # Set when a fifth have arrived: the moment of the kill, as it
        # happens (polling would find both batches nearly sent).
        self.fifth = threading.Event()

    def add(self, key: str) -> None:
        """Under the lock."""
        self.keys.append(key)
        if len(self.keys) >= MESSAGES // 5:
            self.fifth.set()

    @property
    def delivered(self) -> set[str]:
        with self.lock:
            return set(self.keys)


class _Mailbox:
    def __init__(self, received: Received) -> None:
        self.received = received

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook
        await asyncio.sleep(ANSWER_SECONDS)
        mail = email.message_from_bytes(envelope.original_content or b"")
        (recipient,) = envelope.rcpt_tos
        key = _key(int(recipient.removeprefix("testi").partition("@")[0]), "email")
        with self.received.lock:
            self.received.add(key)
            self.received.message_ids[key].add(str(mail["Message-ID"]))
            self.received.bodies[key].add(str(mail.get_payload()))
        return "250 OK"


@pytest.fixture
def received() -> Iterator[tuple[Received, dict[str, str]]]:
    """A gateway stub and an SMTP server, and the worker's settings for them."""
    got = Received()

    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            key = self.headers.get("Idempotency-Key", "")
            time.sleep(ANSWER_SECONDS)
            with got.lock:
                duplicate = key in got.bodies
                got.add(key)
                got.bodies[key].add(body.decode())
            self.send_response(200 if duplicate else 202)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"id": key, "duplicate": duplicate}).encode())

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(_Mailbox(got), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    try:
        yield (
            got,
            {
                "POLKU_SMS_BACKEND": "http_gateway",
                "POLKU_SMS_GATEWAY_URL": f"http://127.0.0.1:{server.server_port}/",
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "DJANGO_DEFAULT_FROM_EMAIL": FROM,
            },
        )
    finally:
        smtp.stop()
        server.shutdown()
        server.server_close()


def _queue(sender: Organisation) -> list[str]:
    """MESSAGES messages queued in one transaction: after commit they go to
    the broker as two batches (messaging.services.SEND_BATCH)."""
    new = [
        services.NewMessage(
            organisation_id=sender.pk,
            channel=channel,
            recipient=(
                f"testi{n}@example.invalid" if channel == "email" else "+358400000000"
            ),
            language="fi",
            template_key="appointments/messages/reminder",
            context={"date": "9.6.2026", "time": f"{8 + n % 8}.00"},
            idempotency_key=_key(n, channel),
        )
        for n in range(MESSAGES)
        for channel in ["sms" if n % 2 else "email"]
    ]
    with transaction.atomic():
        services.messages_queue(messages=new)
    return [m.idempotency_key for m in new]


def test_killing_the_worker_mid_batch_sends_again_at_most_a_window_a_batch(
    broker: None,
    workers: Workers,
    received: tuple[Received, dict[str, str]],
    municipality: Organisation,
) -> None:
    got, env = received
    env["POLKU_MESSAGE_CLAIM_LEASE_SECONDS"] = str(LEASE_SECONDS)
    window = settings.POLKU_MESSAGE_SEND_CONCURRENCY + services.OUTCOME_CHUNK

    # given: a worker sending two batches of text messages and e-mails
    worker = workers.start(0.0, env)
    with override_settings(POLKU_MESSAGE_CLAIM_LEASE_SECONDS=LEASE_SECONDS):
        keys = _queue(municipality)

    # when: it is killed once a fifth of them have arrived
    assert got.fifth.wait(timeout=60)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    time.sleep(ANSWER_SECONDS * 10)  # requests in flight are answered
    at_kill = got.delivered
    recorded_at_kill = Message.objects.filter(status="sent").count()
    # the rows each batch left claimed, by the batch's claim time
    batches: dict[object, set[str]] = defaultdict(set)
    for key, claimed_at in Message.objects.filter(status="sending").values_list(
        "idempotency_key", "claimed_at"
    ):
        batches[claimed_at].add(key)
    left_claimed = sum(len(claimed) for claimed in batches.values())
    assert len(at_kill) < MESSAGES
    assert left_claimed > 0

    # then: a new worker, with the minute's sweep, sends the rest
    workers.start(0.0, env)
    wait_for(
        lambda: Message.objects.filter(status="sent").count() == MESSAGES,
        seconds=120,
        every=messages_send_due_task.delay,
    )
    statuses = Counter(Message.objects.values_list("status", flat=True))
    assert statuses == {"sent": MESSAGES}
    # every message delivered ...
    assert got.delivered == set(keys)
    requests = Counter(got.keys)
    resent = {key for key, n in requests.items() if n > 1}
    # ... and sent again only if the dead worker had sent it without
    # recording it: at most its threads plus one chunk of outcomes a batch
    assert resent <= at_kill
    assert max(requests.values()) <= 2
    assert all(len(claimed & resent) <= window for claimed in batches.values())
    assert len(resent) <= len(batches) * window
    assert Message.objects.filter(attempts__gte=2).count() == left_claimed
    # what went again went with the same text, an e-mail with its Message-ID
    assert all(len(bodies) == 1 for bodies in got.bodies.values())
    domain = FROM.partition("@")[2]
    assert got.message_ids == {
        key: {f"<{key.replace(':', '.')}@{domain}>"}
        for key in keys
        if key.endswith(":email")
    }
    print(  # noqa: T201 - the figures for docs/reliability.md
        f"\n{len(at_kill)} delivered at the kill, {recorded_at_kill} recorded sent, "
        f"{left_claimed} left claimed by {len(batches)} batches; "
        f"{len(resent)} sent again "
        f"({sum(k.endswith(':email') for k in resent)} e-mails), "
        f"at most {max(len(c & resent) for c in batches.values())} a batch "
        f"(bound {window}); {MESSAGES} delivered"
    )
