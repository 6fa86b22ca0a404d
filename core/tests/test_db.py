"""core.db's session helpers."""

from __future__ import annotations

import pytest
from django.db import connection

from core.db import cursor_without_jit, without_jit

pytestmark = pytest.mark.django_db


def _jit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        row = cursor.fetchone()
    assert row is not None
    return str(row[0])


def test_without_jit_turns_jit_off_for_the_block_only() -> None:
    # given
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', 'on', true)")

    # when
    with without_jit():
        inside = _jit()

    # then
    assert inside == "off"
    assert _jit() == "on"


def test_cursor_without_jit_gives_a_cursor_with_jit_off() -> None:
    with cursor_without_jit() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        assert cursor.fetchone() == ("off",)
