"""A real SMTP server (aiosmtpd) and a real HTTP SMS gateway stub, each in a
thread on a free local port, and a message template for the tests."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from aiosmtpd.controller import Controller

from organisations.tests.factories import MunicipalityFactory

if TYPE_CHECKING:
    from collections.abc import Iterator

    from aiosmtpd.smtp import SMTP, Envelope, Session

    from organisations.models import Organisation


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_DATA(  # noqa: N802 - aiosmtpd's handler hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "tyollisyys@kalajoki.invalid"
    try:
        yield mailbox
    finally:
        controller.stop()


@dataclass
class Gateway:
    """What the stub received, and the status it answers with next."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    seen_keys: set[str] = field(default_factory=set)


@pytest.fixture
def sms_gateway(settings: Any) -> Iterator[Gateway]:
    gateway = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            key = self.headers.get("Idempotency-Key", "")
            gateway.requests.append(
                {
                    "body": body,
                    "key": key,
                    "authorization": self.headers.get("Authorization", ""),
                }
            )
            status = gateway.answers.pop(0) if gateway.answers else 202
            duplicate = key in gateway.seen_keys
            if status < 300:
                gateway.seen_keys.add(key)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(
                json.dumps(
                    {"id": f"gw-{len(gateway.requests)}", "duplicate": duplicate}
                ).encode()
            )

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: the test output is not the place for access lines."""

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.POLKU_SMS_BACKEND = "http_gateway"
    settings.POLKU_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/messages"
    settings.POLKU_SMS_GATEWAY_USERNAME = "kalajoki"
    settings.POLKU_SMS_GATEWAY_PASSWORD = "testisalasana"
    settings.POLKU_SMS_SENDER = "Kalajoki"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _test_templates(settings: Any) -> None:
    """Templates of a made-up message, "messaging_tests/note": the outbox
    is tested apart from any app's wording."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [
                *settings.TEMPLATES[0]["DIRS"],
                Path(__file__).parent / "templates",
            ],
        }
    ]


@pytest.fixture
def sender(db: None) -> Organisation:
    return MunicipalityFactory(municipality_code="208", name="Kalajoki")
