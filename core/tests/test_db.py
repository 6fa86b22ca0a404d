"""core.db's session helpers."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from core.db import cursor_without_jit, prepared_cursor, without_jit

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


def test_a_prepared_cursors_statement_is_prepared_and_seen_by_djangos_wrappers() -> (
    None
):
    seen: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    statement = "SELECT %(first)s::int + %(second)s::int AS polku_prepared_test"
    with connection.execute_wrapper(record):
        for n in range(3):
            with prepared_cursor() as cursor:
                cursor.execute(statement, {"first": n, "second": 2})
                assert cursor.fetchone() == (n + 2,)
    assert seen == [statement] * 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements "
            "WHERE statement LIKE '%%polku_prepared_test%%'"
        )
        assert cursor.fetchone() == (1,)


def test_a_prepared_cursor_reads_json_as_djangos_cursor_does() -> None:
    # given: json of text to escape, numbers and a null; a jsonb column
    statement = (
        "SELECT json_build_array(%(text)s::text, 12.50::numeric(4, 2), "
        "9223372036854775807::bigint, NULL, json_build_object('k', true)), "
        "%(stored)s::jsonb"
    )
    params = {"text": 'Työ & "koulutus" <pian>\n', "stored": '{"a": [1, 2]}'}

    # when
    with prepared_cursor() as cursor:
        cursor.execute(statement, params)
        prepared = cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        plain = cursor.fetchone()

    # then: json parsed alike; jsonb left as text for JSONField, as Django does
    assert prepared == plain
    assert prepared is not None
    assert prepared[0] == [
        'Työ & "koulutus" <pian>\n',
        12.5,
        9223372036854775807,
        None,
        {"k": True},
    ]
    assert prepared[1] == '{"a": [1, 2]}'
