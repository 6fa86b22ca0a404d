"""Words for what appointments records elsewhere (the timeline)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from messaging.models import Message


def message_kind_label(kind: str) -> str:
    return {
        "invitation": _("Invitation"),
        "reminder": _("Reminder"),
        "cancellation": _("Cancellation"),
    }.get(kind, "")


def message_status_label(status: str) -> str:
    return {
        "sent": _("Sent"),
        "printed": _("Printed"),
        "failed": _("Not delivered"),
    }.get(status, "")


def message_event_detail(details: dict[str, Any]) -> str:
    """ "Reminder, text message, sent" for a message_sent/failed timeline
    event ("Invitation, letter, printed")."""
    kind = message_kind_label(str(details.get("message", "")))
    channel = str(details.get("channel", ""))
    channel_label = (
        str(Message.Channel(channel).label) if channel in Message.Channel.values else ""
    )
    status = message_status_label(str(details.get("status", "")))
    return ", ".join(part for part in (kind, channel_label, status) if part)
