"""Idempotency keys of the messages about an appointment: the outbox sends
each key once, and the worklist finds an appointment's invitations by them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

INVITATION_CHANNELS = ("email", "sms")
# A letter is queued instead for a person with neither (appointments.letters)
# or printed when a message failed, and recorded sent once printed.
LETTER = "letter"
MESSAGE_CHANNELS = (*INVITATION_CHANNELS, LETTER)
# appointments.selectors.booking_state builds the invitation keys in SQL.
KEY_PREFIX = "appointment:"
# "survey": reporting.surveys' satisfaction survey after a meeting held.
MESSAGE_KINDS = ("invitation", "reminder", "cancellation", "survey")


def message_key(appointment_id: int, kind: str, channel: str) -> str:
    return f"{KEY_PREFIX}{appointment_id}:{kind}:{channel}"


def invitation_key(appointment_id: int, channel: str) -> str:
    return message_key(appointment_id, "invitation", channel)


def all_message_keys(appointment_ids: Iterable[int]) -> list[str]:
    """Every key a message about these appointments can have: the outbox
    finds them by its unique index."""
    return [
        message_key(appointment_id, kind, channel)
        for appointment_id in appointment_ids
        for kind in MESSAGE_KINDS
        for channel in MESSAGE_CHANNELS
    ]


def parse_message_key(key: str) -> tuple[int, str, str] | None:
    """(appointment id, kind, channel) of a key made by `message_key`, or
    None for a key of another app's message."""
    prefix, _sep, rest = key.partition(":")
    parts = rest.split(":")
    if prefix != "appointment" or len(parts) != 3 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1], parts[2]


def message_status_code(*, channel: str, status: str) -> str:
    """The status a timeline event names: a letter recorded sent was printed
    (it leaves in the municipality's post, not through a provider)."""
    if channel == LETTER and status == "sent":
        return "printed"
    return status
