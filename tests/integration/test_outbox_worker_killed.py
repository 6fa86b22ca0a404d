"""A worker SIGKILLed in the middle of sending a batch of text messages: a
new worker and the minute's sweep (messaging.services.messages_send_due)
send the rest, every message reaches the gateway exactly once by its
idempotency key, and every status ends sent (issue 22 item 3).

The gateway stub in this process answers slowly (so that the kill lands
mid-batch on any machine), records every request's idempotency key, and
drops a second delivery of a key as a real gateway does. Runs against
CELERY_TEST_BROKER_URL with real worker processes; skips without Redis
except in CI.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest
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

MESSAGES = 300
# Each answer takes this long: a batch of 200 takes 6 s or more.
ANSWER_SECONDS = 0.03
# A claim older than this is a dead worker's (the workers get it too).
LEASE_SECONDS = 4


class Gateway:
    """Keys as received; the first request of a key is the delivery."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.bodies: dict[str, set[str]] = {}
        self.lock = threading.Lock()

    @property
    def delivered(self) -> set[str]:
        with self.lock:
            return set(self.keys)


@pytest.fixture
def gateway() -> Iterator[tuple[Gateway, str]]:
    received = Gateway()

    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            key = self.headers.get("Idempotency-Key", "")
            time.sleep(ANSWER_SECONDS)
            with received.lock:
                duplicate = key in received.bodies
                received.keys.append(key)
                received.bodies.setdefault(key, set()).add(body.decode())
            self.send_response(200 if duplicate else 202)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"id": key, "duplicate": duplicate}).encode())

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield received, f"http://127.0.0.1:{server.server_port}/messages"
    finally:
        server.shutdown()
        server.server_close()


def _queue(sender: Organisation) -> list[str]:
    """MESSAGES text messages queued in one transaction: after commit they
    go to the broker as two batches (messaging.services.SEND_BATCH)."""
    new = [
        services.NewMessage(
            organisation_id=sender.pk,
            channel="sms",
            recipient="+358400000000",
            language="fi",
            template_key="appointments/messages/reminder",
            context={"date": "9.6.2026", "time": f"{8 + n % 8}.00"},
            idempotency_key=f"integration:{n}:reminder:sms",
        )
        for n in range(MESSAGES)
    ]
    with transaction.atomic():
        services.messages_queue(messages=new)
    return [m.idempotency_key for m in new]


def test_killing_the_worker_mid_batch_sends_no_message_twice(
    broker: None,
    workers: Workers,
    gateway: tuple[Gateway, str],
    municipality: Organisation,
) -> None:
    received, url = gateway
    env = {
        "POLKU_SMS_BACKEND": "http_gateway",
        "POLKU_SMS_GATEWAY_URL": url,
        "POLKU_MESSAGE_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS),
    }

    # given: a worker sending two batches of text messages
    worker = workers.start(0.0, env)
    with override_settings(POLKU_MESSAGE_CLAIM_LEASE_SECONDS=LEASE_SECONDS):
        keys = _queue(municipality)

    # when: it is killed once the gateway has had a fifth of them
    wait_for(lambda: len(received.delivered) >= MESSAGES // 5, seconds=60)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    time.sleep(ANSWER_SECONDS * 10)  # requests in flight are answered
    at_kill = received.delivered
    left_claimed = Message.objects.filter(status="sending").count()
    assert len(at_kill) < MESSAGES
    # the batches were claimed whole, their statuses not yet recorded
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
    # every message delivered, exactly once by its key ...
    assert received.delivered == set(keys)
    # ... and what went again after the kill went under the same key and text
    # (the gateway dropped it), never as a second message
    assert all(len(bodies) == 1 for bodies in received.bodies.values())
    requests = Counter(received.keys)
    resent = {key for key, n in requests.items() if n > 1}
    # only what the dead worker had sent without recording went again, once
    assert resent == at_kill
    assert max(requests.values()) == 2
    assert Message.objects.filter(attempts__gte=2).count() == left_claimed
    print(  # noqa: T201 - the figures for docs/reliability.md
        f"\n{len(at_kill)} delivered at the kill, {left_claimed} left claimed; "
        f"{len(resent)} sent again under their keys, {MESSAGES} delivered once each"
    )
