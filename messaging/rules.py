"""Pure rules of the outbox: the pause before a retry, and what a message
may not carry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import phonenumbers

# Tries in all before a message is marked failed and shown to the caseworker.
MAX_ATTEMPTS = 6
FIRST_PAUSE = dt.timedelta(minutes=1)
LONGEST_PAUSE = dt.timedelta(hours=2)

# Keys a message context may never hold, whatever calls the outbox: an
# identity code or health data must not leave Polku in a message (issue 22).
FORBIDDEN_CONTEXT_KEYS = frozenset(
    {"identity_code", "hetu", "ssn", "health", "diagnosis", "service_needs"}
)
# A Finnish identity code anywhere in a value (century sign -, +, A–F, U–Y).
_IDENTITY_CODE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b")


def retry_pause(attempts: int) -> dt.timedelta:
    """The pause after the `attempts`-th failed try: doubling from a minute,
    at most two hours (1, 2, 4, 8, 16 min ...)."""
    pause: dt.timedelta = FIRST_PAUSE * int(2 ** max(attempts - 1, 0))
    return min(pause, LONGEST_PAUSE)


def quiet_hours_end(
    at: dt.datetime, *, quiet_from: int, quiet_until: int, zone: dt.tzinfo
) -> dt.datetime | None:
    """When the quiet hours around `at` end, or None when `at` is outside
    them. Hours are local (`zone`), from `quiet_from`.00 to `quiet_until`.00,
    across midnight when `quiet_from` is the later (21–8); equal hours mean
    no quiet hours."""
    if quiet_from == quiet_until:
        return None
    local = at.astimezone(zone)
    hour = local.hour
    across_midnight = quiet_from > quiet_until
    inside = (
        (hour >= quiet_from or hour < quiet_until)
        if across_midnight
        else quiet_from <= hour < quiet_until
    )
    if not inside:
        return None
    day = local.date()
    if across_midnight and hour >= quiet_from:
        day += dt.timedelta(days=1)
    # Combined as a wall-clock time, so a change of daylight saving time in
    # the night still ends the quiet at 8.00 local time.
    return dt.datetime.combine(day, dt.time(quiet_until), tzinfo=zone)


def is_final_failure(attempts: int) -> bool:
    return attempts >= MAX_ATTEMPTS


def context_problems(context: Mapping[str, Any]) -> list[str]:
    """Keys of `context` (nested too) that must not go out in a message."""
    problems: list[str] = []

    def visit(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                where = f"{path}.{key}" if path else str(key)
                if str(key).lower() in FORBIDDEN_CONTEXT_KEYS:
                    problems.append(where)
                visit(inner, where)
        elif isinstance(value, list | tuple):
            for index, inner in enumerate(value):
                visit(inner, f"{path}[{index}]")
        elif isinstance(value, str) and _IDENTITY_CODE.search(value):
            problems.append(path)

    visit(context, "")
    return problems


def sms_number(raw: str) -> str | None:
    """The number in E.164 (+358401234567) as SMS gateways want it, read as
    Finnish unless it has a country code; None when it is no mobile or
    otherwise valid number (a landline cannot take a text message)."""
    try:
        number = phonenumbers.parse(raw, "FI")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    kind = phonenumbers.number_type(number)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


# Why a message failed, read from the provider's last answer: the caseworker
# sees the reason in their language (messaging.explain), not the raw text.
RECIPIENT_REFUSED = "recipient_refused"
PROVIDER_UNREACHABLE = "provider_unreachable"
PROVIDER_REFUSED = "provider_refused"

# SMTP replies about the address itself (RFC 5321 4.2.3) and HTTP statuses
# a gateway gives for a number it will not take.
_RECIPIENT_ERRORS = re.compile(r"\b(550|551|553|501|HTTP 400|HTTP 404|HTTP 422)\b")
_UNREACHABLE_ERRORS = re.compile(
    r"(refused|timed out|timeout|unreachable|Name or service|HTTP 5\d\d|HTTP 429"
    r"|\(4\d\d\b)",
    re.IGNORECASE,
)


def failure_kind(last_error: str) -> str:
    """RECIPIENT_REFUSED when the address or number was refused (check the
    contact details), PROVIDER_UNREACHABLE when the service could not be
    reached or asked to try later, else PROVIDER_REFUSED."""
    if _RECIPIENT_ERRORS.search(last_error):
        return RECIPIENT_REFUSED
    if _UNREACHABLE_ERRORS.search(last_error):
        return PROVIDER_UNREACHABLE
    return PROVIDER_REFUSED
