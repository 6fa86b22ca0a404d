"""The outbox's sending rate: messages/s of one worker process against a
local HTTP SMS gateway stub and a local SMTP server.

    python -m benchmarks.outbox --appointments 1500 --out docs/benchmark-outbox.json
    python -m benchmarks.outbox --appointments 500 --latency-ms 50  # a round trip

Loads N appointments (benchmarks.reminders' data), prepares their
reminders (an e-mail and a text message each), then sends every queued
message through the sending task's body (`messages_send_task`, batches of
`messaging.services.SEND_BATCH` ids, as the broker hands them over), in
this process, to a gateway stub on loopback that records the idempotency
keys, and to an aiosmtpd server (both answering after --latency-ms).
Prints and appends to --out: messages/s, SQL statements per message, the
duplicate keys the stub saw (must be 0), and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import random
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.data import with_benchmark_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appointments", type=int, default=2_500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--label", default="", help="e.g. before/after")
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="how long the stubs take to answer each message (a provider's "
        "round trip; 0 on loopback)",
    )
    args = parser.parse_args()
    with_benchmark_database(
        lambda: _run(
            args.appointments, args.seed, args.out, args.label, args.latency_ms / 1000
        ),
        suffix="outbox",
    )


class _Stub:
    """An SMS gateway on loopback: counts requests and idempotency keys."""

    def __init__(self, latency: float) -> None:
        self.keys: list[str] = []
        lock = threading.Lock()
        keys = self.keys

        class Handler(BaseHTTPRequestHandler):
            # Headers and body go out in two writes: without TCP_NODELAY each
            # answer waits for the client's delayed ACK (40 ms), the stub's
            # cost, not Polku's.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                time.sleep(latency)
                with lock:
                    keys.append(self.headers.get("Idempotency-Key", ""))
                self.send_response(202)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"id": "stub"}')

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class _Mailbox:
    def __init__(self, latency: float) -> None:
        self.count = 0
        self.latency = latency

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook
        await asyncio.sleep(self.latency)
        self.count += 1
        return "250 OK"


def _run(count: int, seed: int, out: Path | None, label: str, latency: float) -> None:
    import time_machine
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from appointments import services
    from appointments.rules import HELSINKI
    from benchmarks.reminders import _load
    from messaging import services as outbox
    from messaging import tasks
    from messaging.models import Message

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    _load(count, rng)
    # Handed to no broker: this process sends them below, batch by batch.
    outbox.messages_send_soon = lambda **kwargs: None
    now = dt.datetime(2026, 6, 18, 16, 0, tzinfo=HELSINKI)
    stub = _Stub(latency)
    mailbox = _Mailbox(latency)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    # aiosmtpd logs every command at INFO.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    settings.POLKU_SMS_BACKEND = "http_gateway"
    settings.POLKU_SMS_GATEWAY_URL = f"http://127.0.0.1:{stub.server.server_port}/"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_port
    settings.EMAIL_USE_TLS = False
    batch = getattr(outbox, "SEND_BATCH", 200)
    with time_machine.travel(now, tick=True):
        queued = services.appointment_reminders_prepare(now=now)
        ids = list(
            Message.objects.filter(status="queued")
            .order_by("id")
            .values_list("id", flat=True)
        )
        statements = [0]

        def counted(
            execute: Any, sql: str, params: Any, many: Any, context: Any
        ) -> Any:
            statements[0] += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(counted):
            for first in range(0, len(ids), batch):
                tasks.messages_send_task(ids[first : first + batch])
        took = time.perf_counter() - start
    smtp.stop()
    stub.server.shutdown()
    by_status = dict(
        Message.objects.values_list("status").annotate(n=Count("id")).order_by()
    )
    duplicates = len(stub.keys) - len(set(stub.keys))
    load = os.getloadavg()
    result = {
        "benchmark": "outbox",
        "label": label,
        "appointments": count,
        "messages": len(ids),
        "queued_by_reminders": queued,
        "batch": batch,
        "latency_ms": latency * 1000,
        "send_concurrency": getattr(settings, "POLKU_MESSAGE_SEND_CONCURRENCY", 1),
        "seconds": round(took, 2),
        "messages_per_second": round(len(ids) / took, 1),
        "statements_per_message": round(statements[0] / max(len(ids), 1), 2),
        "sms_received": len(stub.keys),
        "emails_received": mailbox.count,
        "duplicate_keys": duplicates,
        "statuses": by_status,
        "load_average": [round(x, 2) for x in load],
    }
    print(json.dumps(result, indent=2))
    if out is not None:
        existing = json.loads(out.read_text()) if out.exists() else []
        out.write_text(json.dumps([*existing, result], indent=2) + "\n")


if __name__ == "__main__":
    main()
