from __future__ import annotations

import base64
import datetime as dt

from core.cursors import cursor_decode, cursor_encode


def test_a_cursor_returns_the_values_it_was_made_of() -> None:
    # given
    raw = cursor_encode([dt.date(2025, 5, 2), 41])

    # when
    values = cursor_decode(raw, length=2)

    # then
    assert values == ["2025-05-02", 41]


def test_no_values_make_no_cursor() -> None:
    assert cursor_encode(None) == ""
    assert cursor_decode("", length=2) is None


def test_a_tampered_or_wrong_sized_cursor_is_no_cursor() -> None:
    assert cursor_decode("not base64!", length=2) is None
    assert cursor_decode(cursor_encode(["a", "b", 3]), length=2) is None
    assert (
        cursor_decode(base64.urlsafe_b64encode(b'{"a": 1}').decode(), length=1) is None
    )
