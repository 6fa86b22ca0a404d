"""Small PostgreSQL helpers shared by the set-based statements."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection, transaction

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.backends.utils import CursorWrapper


@contextmanager
def cursor_without_jit() -> Iterator[CursorWrapper]:
    """A cursor in a transaction with PostgreSQL's JIT compilation off.

    Statements that probe indexes once per row (correlated subqueries over
    hundreds of thousands of people) are estimated far above jit_above_cost
    although they run in milliseconds per probe; compiling them costs
    0.3-1.2 s a statement (measured at 1,000,000 synthetic jobseekers,
    docs/scaling.md). set_config(..., true) is transaction-local; the
    previous value is restored for the rest of any enclosing transaction.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        (jit,) = cursor.fetchone() or ("on",)
        cursor.execute("SELECT set_config('jit', 'off', true)")
        try:
            yield cursor
        finally:
            cursor.execute("SELECT set_config('jit', %s, true)", [jit])
