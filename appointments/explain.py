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
        "survey": _("Satisfaction survey"),
    }.get(kind, "")


def message_event_detail(details: dict[str, Any]) -> str:
    """ "Reminder, text message" for a message_sent/failed timeline event."""
    kind = message_kind_label(str(details.get("message", "")))
    channel = str(details.get("channel", ""))
    channel_label = (
        str(Message.Channel(channel).label) if channel in Message.Channel.values else ""
    )
    return ", ".join(part for part in (kind, channel_label) if part)
