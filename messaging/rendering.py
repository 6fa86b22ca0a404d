"""A queued message as text in the recipient's language, with its
iCalendar invitation when the context describes an event."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import translation
from icalendar import Calendar, Event

from .backends import Outgoing

if TYPE_CHECKING:
    from .models import Message


def _render(name: str, context: dict[str, Any]) -> str:
    return render_to_string(name, context).strip()


def message_render(message: Message) -> Outgoing:
    """The message's subject and body from templates
    `<template_key>_subject.txt` and `<template_key>_<channel>.txt`; a
    letter is the e-mail on paper (its context says `letter`, so the text
    leaves out what only a message can say)."""
    context = dict(message.context)
    is_letter = message.channel == message.Channel.LETTER
    text_channel = message.Channel.EMAIL if is_letter else message.channel
    with translation.override(message.language):
        body = _render(f"{message.template_key}_{text_channel}.txt", context)
        subject = (
            " ".join(_render(f"{message.template_key}_subject.txt", context).split())
            if text_channel == message.Channel.EMAIL
            else ""
        )
    event = context.get("event")
    calendar = (
        event_calendar(event, summary=subject, description=body)
        if message.channel == message.Channel.EMAIL and isinstance(event, dict)
        else None
    )
    return Outgoing(
        recipient=message.recipient,
        subject=subject,
        body=body,
        idempotency_key=message.idempotency_key,
        calendar=calendar,
    )


def event_calendar(event: dict[str, Any], *, summary: str, description: str) -> bytes:
    """An iCalendar REQUEST for `event` (uid, starts_at, ends_at ISO 8601,
    location, organiser e-mail): the same uid and a higher sequence update
    the entry already in the recipient's calendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//Polku//Appointments//FI")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    entry = Event()
    entry.add("uid", event["uid"])
    entry.add("sequence", int(event.get("sequence", 0)))
    entry.add("dtstamp", dt.datetime.now(tz=dt.UTC))
    # In UTC: the context's fixed offsets are no zone a calendar knows.
    entry.add(
        "dtstart", dt.datetime.fromisoformat(event["starts_at"]).astimezone(dt.UTC)
    )
    entry.add("dtend", dt.datetime.fromisoformat(event["ends_at"]).astimezone(dt.UTC))
    entry.add("summary", summary)
    entry.add("description", description)
    if event.get("location"):
        entry.add("location", event["location"])
    if event.get("url"):
        entry.add("url", event["url"])
    calendar.add_component(entry)
    return bytes(calendar.to_ical())
