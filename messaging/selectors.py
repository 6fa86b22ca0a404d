"""Reads of the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import permissions
from .rendering import message_render

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Message

DEVELOPMENT_PAGE_SIZE = 50


@dataclass(frozen=True)
class ShownMessage:
    message: Message
    subject: str
    body: str


def development_messages(*, user: User) -> list[ShownMessage]:
    """The latest messages of the user's organisations as their recipients
    get them, rendered again from the outbox (the development backend keeps
    no other copy)."""
    rows = permissions.messages_visible_to(user).order_by("-created_at", "-id")[
        :DEVELOPMENT_PAGE_SIZE
    ]
    shown = []
    for message in rows:
        outgoing = message_render(message)
        shown.append(ShownMessage(message, outgoing.subject, outgoing.body))
    return shown
