"""The jobseeker's answer without an account: a signed, expiring link in
each invitation and reminder opens a page that shows only the time, place
and channel, and lets the person confirm or ask for another time.

The link carries the appointment's id and the message's language, signed
with the project's secret (django.core.signing, timestamped), so it cannot
be made up or altered, and it stops working POLKU_ANSWER_LINK_DAYS after
the message. Every use is logged (AnswerLinkUse), and the same rows
rate-limit uses per link and per address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from .models import AnswerLinkUse, Appointment, AppointmentAnswer

SALT = "appointments.answer"
# Uses in an hour before the page answers "too many" (429).
PER_LINK_PER_HOUR = 20
PER_ADDRESS_PER_HOUR = 60
MESSAGE_MAX_LENGTH = 500
# The languages of messages, and of the page the person may switch to.
LANGUAGES = ("fi", "sv", "en")


def answer_token(*, appointment_id: int, language: str) -> str:
    return signing.dumps({"a": appointment_id, "l": language}, salt=SALT)


def answer_url(*, appointment_id: int, language: str) -> str:
    """The absolute link put into a message (POLKU_PUBLIC_URL + the path)."""
    path = reverse(
        "answer", args=[answer_token(appointment_id=appointment_id, language=language)]
    )
    return f"{settings.POLKU_PUBLIC_URL.rstrip('/')}{path}"


def token_read(token: str) -> tuple[int, str] | None:
    """(appointment id, language) of a valid link; None when it was altered
    or has expired."""
    try:
        value = signing.loads(
            token,
            salt=SALT,
            max_age=dt.timedelta(days=settings.POLKU_ANSWER_LINK_DAYS),
        )
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(value, dict):
        return None
    appointment_id, language = value.get("a"), value.get("l")
    if not isinstance(appointment_id, int) or language not in LANGUAGES:
        return None
    return appointment_id, language


def page_language(asked: str | None, *, default: str) -> str:
    """The language the page is shown in: the one the person chose with the
    page's switch (`?lang=`, so the signed link in the address stays as it
    is and no cookie is needed), else the message's."""
    return asked if asked in LANGUAGES else default


def address_hash(address: str) -> str:
    """A keyed hash of the client's address: enough to count its uses, not
    to tell who it was."""
    return hmac.new(
        settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256
    ).hexdigest()


def link_use_record(
    *, appointment_id: int, address: str, action: str, now: dt.datetime
) -> bool:
    """Log one use of the link; False (logged as refused) when the link or
    the address has been used too often in the last hour."""
    hashed = address_hash(address)
    hour_ago = now - dt.timedelta(hours=1)
    recent = AnswerLinkUse.objects.filter(used_at__gt=hour_ago).exclude(
        action=AnswerLinkUse.Action.REFUSED
    )
    too_many = (
        recent.filter(appointment_id=appointment_id).count() >= PER_LINK_PER_HOUR
        or recent.filter(address_hash=hashed).count() >= PER_ADDRESS_PER_HOUR
    )
    AnswerLinkUse.objects.create(
        appointment_id=appointment_id,
        used_at=now,
        action=AnswerLinkUse.Action.REFUSED if too_many else action,
        address_hash=hashed,
    )
    return not too_many


def appointment_answer_record(
    *, appointment: Appointment, kind: str, message: str, now: dt.datetime
) -> AppointmentAnswer:
    """Record the jobseeker's answer (the latest one counts)."""
    with transaction.atomic():
        return AppointmentAnswer.objects.create(
            appointment=appointment,
            kind=kind,
            message=message.strip()[:MESSAGE_MAX_LENGTH],
            answered_at=now,
        )
