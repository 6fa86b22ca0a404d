"""Idempotency keys of the messages about an appointment: the outbox sends
each key once, and the worklist finds an appointment's invitations by them."""

from __future__ import annotations

INVITATION_CHANNELS = ("email", "sms")


def message_key(appointment_id: int, kind: str, channel: str) -> str:
    return f"appointment:{appointment_id}:{kind}:{channel}"


def invitation_key(appointment_id: int, channel: str) -> str:
    return message_key(appointment_id, "invitation", channel)


def parse_message_key(key: str) -> tuple[int, str, str] | None:
    """(appointment id, kind, channel) of a key made by `message_key`, or
    None for a key of another app's message."""
    prefix, _sep, rest = key.partition(":")
    parts = rest.split(":")
    if prefix != "appointment" or len(parts) != 3 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1], parts[2]
