"""How a rendered message leaves Polku, per channel.

E-mail goes through Django's e-mail backend (SMTP in production, Mailpit
in development); SMS through the backend named by POLKU_SMS_BACKEND: the
municipality's HTTP gateway, or the development backend that only records
the message for the development page. A backend raises SendError when the
message did not go and may be tried again.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)


class SendError(Exception):
    """The message was not delivered to the provider; try again later."""


@dataclass(frozen=True)
class Outgoing:
    """A message rendered in the recipient's language, ready to hand over."""

    recipient: str
    subject: str
    body: str
    idempotency_key: str
    # An iCalendar invitation (text/calendar) attached to an e-mail.
    calendar: bytes | None = None


class Backend(Protocol):
    def send(self, message: Outgoing) -> str:
        """Hand the message over; return the provider's reference."""
        ...

    def close(self) -> None:
        """Let go of what a batch of sends kept open (a connection)."""
        ...


class EmailBackend:
    """Django's configured e-mail backend; the Message-ID derives from the
    idempotency key, so a resend after a crash is one message to mail
    clients that deduplicate by it. One connection serves a batch of sends
    (an SMTP session per message was most of an e-mail's cost) and is
    opened again after a failure."""

    def __init__(self) -> None:
        self._connection: Any = None

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except OSError:
                logger.warning("closing the e-mail connection failed", exc_info=True)
            self._connection = None

    def _open(self) -> Any:
        if self._connection is None:
            connection = get_connection(fail_silently=False)
            # Opened here, so that send_messages keeps it open for the next.
            connection.open()
            self._connection = connection
        return self._connection

    def send(self, message: Outgoing) -> str:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "polku.invalid"
        message_id = f"<{message.idempotency_key.replace(':', '.')}@{domain}>"
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": message_id},
        )
        if message.calendar is not None:
            email.attach("kutsu.ics", message.calendar, "text/calendar; method=REQUEST")
        try:
            email.connection = self._open()
            email.send()
        except OSError as exc:  # SMTP errors are OSErrors (smtplib, sockets)
            # The session may be unusable now: the next send opens a new one.
            self.close()
            raise SendError(str(exc) or exc.__class__.__name__) from exc
        return message_id


class DevelopmentSmsBackend:
    """Sends nothing: the outbox row is the message, shown on the
    development page (messaging.views.development_messages)."""

    def send(self, message: Outgoing) -> str:
        return f"development:{message.idempotency_key}"

    def close(self) -> None:
        """Nothing is kept open."""


class HttpGatewaySmsBackend:
    """The municipality's SMS gateway over HTTPS: one JSON POST per message
    with HTTP Basic credentials and the idempotency key in a header, so the
    gateway drops a second delivery of the same message."""

    def __init__(self) -> None:
        self.url = settings.POLKU_SMS_GATEWAY_URL
        if not self.url:
            raise ImproperlyConfigured(
                "POLKU_SMS_GATEWAY_URL is required with the HTTP gateway SMS backend."
            )
        self.username = settings.POLKU_SMS_GATEWAY_USERNAME
        self.password = settings.POLKU_SMS_GATEWAY_PASSWORD
        self.sender = settings.POLKU_SMS_SENDER
        self.timeout = settings.POLKU_SMS_GATEWAY_TIMEOUT

    def send(self, message: Outgoing) -> str:
        payload = json.dumps(
            {"to": message.recipient, "from": self.sender, "text": message.body}
        ).encode()
        credentials = base64.b64encode(
            f"{self.username}:{self.password}".encode()
        ).decode()
        request = urllib.request.Request(  # noqa: S310 - URL from settings
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Basic {credentials}",
                "Idempotency-Key": message.idempotency_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise SendError(f"HTTP {exc.code}: {exc.read()[:200]!r}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SendError(str(exc)) from exc
        try:
            reference = json.loads(body or b"{}").get("id", "")
        except (ValueError, AttributeError):
            reference = ""
        return str(reference)

    def close(self) -> None:
        """One request a connection: nothing is kept open."""


_SMS_BACKENDS: dict[str, type[DevelopmentSmsBackend | HttpGatewaySmsBackend]] = {
    "development": DevelopmentSmsBackend,
    "http_gateway": HttpGatewaySmsBackend,
}


def sms_backend() -> Backend:
    """The SMS backend chosen by POLKU_SMS_BACKEND (read at call time)."""
    try:
        backend = _SMS_BACKENDS[settings.POLKU_SMS_BACKEND]
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"POLKU_SMS_BACKEND must be one of {', '.join(_SMS_BACKENDS)}."
        ) from exc
    return backend()


def is_development_sms() -> bool:
    return bool(settings.POLKU_SMS_BACKEND == "development")
