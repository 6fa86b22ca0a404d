"""COPY rows into a model's table: the fast mechanism of the bulk services.

bulk_create builds a model instance per row and compiles every value
through the ORM, which at 30 columns costs more than the database does; COPY
streams plain tuples. Ids are reserved from the table's sequence first, so
that rows of other tables can point at them in the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

if TYPE_CHECKING:
    from collections.abc import Iterable


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys from the table's own sequence."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """COPY `rows` (attribute name -> value, "id" included) into the table.

    A column a row leaves out gets the field's default, `auto_now` fields
    the current time; a required column without either fails in the
    database, as a forgotten value should. Model validation does not run:
    the caller has validated, and the table's constraints still apply.
    """
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    columns: list[tuple[str, Any]] = []  # (attribute, value when left out)
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            columns.append((f.attname, now))
        else:
            # The default, "" for a text field without one, else None.
            columns.append((f.attname, f.get_default()))
    json_positions = [
        index for index, f in enumerate(fields) if isinstance(f, models.JSONField)
    ]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = [row.get(name, default) for name, default in columns]
            for index in json_positions:
                if values[index] is not None:
                    values[index] = Jsonb(values[index])
            copy.write_row(values)
            count += 1
    return count
