"""Idempotency keys of the messages about an appointment: the outbox sends
each key once, and the worklist finds an appointment's invitations by them."""

from __future__ import annotations

INVITATION_CHANNELS = ("email", "sms")
# appointments.selectors.booking_state builds the invitation keys in SQL.
KEY_PREFIX = "appointment:"


def message_key(appointment_id: int, kind: str, channel: str) -> str:
    return f"{KEY_PREFIX}{appointment_id}:{kind}:{channel}"


def invitation_key(appointment_id: int, channel: str) -> str:
    return message_key(appointment_id, "invitation", channel)
