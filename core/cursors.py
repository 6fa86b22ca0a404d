"""The opaque cursor a keyset-paged page puts in its "next page" link.

A cursor is the last row's sort values, JSON in URL-safe base64: not a secret
(the values are on the page already) but not something a user edits either.
A tampered or stale cursor decodes to None, and the page starts from the top.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any


def cursor_encode(values: list[Any] | tuple[Any, ...] | None) -> str:
    """The cursor for `values` (dates as ISO text), or "" when there is none."""
    if values is None:
        return ""
    return base64.urlsafe_b64encode(
        json.dumps(list(values), default=str).encode()
    ).decode()


def cursor_decode(raw: str | None, *, length: int) -> list[Any] | None:
    """The `length` values of a cursor, or None for no cursor or a bad one."""
    if not raw:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (ValueError, binascii.Error):
        return None
    return value if isinstance(value, list) and len(value) == length else None
