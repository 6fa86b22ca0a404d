"""Keyset paging conditions PostgreSQL can walk an index with.

`WHERE (due_on, id) > (%s, %s)` is one row comparison, which PostgreSQL uses
as an index condition on an (…, due_on, id) index: the scan starts at the
cursor. The equivalent `due_on > d OR (due_on = d AND id > n)` is not an
index condition, and a deep worklist page (page 138 of 172 at 100,000
jobseekers) filtered 6,862 index entries before the cursor to return 50
(benchmarks.run worklist_deep_page; docs/scaling.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import F, Func, Value
from django.db.models.lookups import GreaterThan, LessThan

if TYPE_CHECKING:
    from collections.abc import Sequence


def _row(*parts: Any) -> Func:
    # A row has no single type; the comparison compiles both sides as SQL
    # and needs no conversion of either.
    return Func(*parts, function="ROW", output_field=models.Field())


def row_after(columns: Sequence[str], values: Sequence[Any]) -> GreaterThan[Any]:
    """`(columns…) > (values…)`, for `filter()` of a list ordered by `columns`."""
    return GreaterThan(_row(*map(F, columns)), _row(*map(Value, values)))


def row_before(columns: Sequence[str], values: Sequence[Any]) -> LessThan[Any]:
    """`(columns…) < (values…)`, for a list ordered by `columns` descending."""
    return LessThan(_row(*map(F, columns)), _row(*map(Value, values)))
