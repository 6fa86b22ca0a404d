"""Words for what appointments records elsewhere (the timeline)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from cases.models.process import StepKind
from core.formats import short_date
from messaging.models import Message

from .models import Channel
from .rules import HELSINKI


def message_kind_label(kind: str) -> str:
    return {
        "invitation": _("Invitation"),
        "reminder": _("Reminder"),
        "cancellation": _("Cancellation"),
        "survey": _("Satisfaction survey"),
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


def attendance_event_detail(details: dict[str, Any]) -> str:
    """ "Initial interview on 9.6.2026 at 10.00 (Face to face)" for an
    appointment_held/no_show/cancelled timeline event."""
    step = str(details.get("step", ""))
    channel = str(details.get("channel", ""))
    try:
        starts = dt.datetime.fromisoformat(str(details.get("starts_at", "")))
    except ValueError:
        return ""
    local = starts.astimezone(HELSINKI)
    return _("%(meeting)s on %(date)s at %(time)s (%(channel)s)") % {
        "meeting": (
            StepKind(step).label if step in StepKind.values else _("Appointment")
        ),
        "date": short_date(local.date()),
        "time": f"{local.hour}.{local.minute:02d}",
        "channel": Channel(channel).label if channel in Channel.values else "",
    }
