"""Small PostgreSQL helpers shared by the set-based statements."""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from django.contrib.postgres.fields import DateTimeRangeField
from django.db import DEFAULT_DB_ALIAS, connection, migrations, models, transaction
from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]
from django.db.models.base import ModelState
from django.db.models.expressions import Expression
from django.db.models.signals import post_init, pre_init
from psycopg.adapt import Loader

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.backends.base.schema import BaseDatabaseSchemaEditor
    from django.db.backends.utils import CursorWrapper
    from django.db.migrations.state import ProjectState
    from psycopg.abc import Buffer

M = TypeVar("M", bound=models.Model)


class OnRow(Expression):
    """Constant SQL about the query's own row, with parameters.

    Like RawSQL, but `{row}` in the text is the outer table as the query at
    hand names it: inside a subquery Django aliases the table ("U0"), where
    a RawSQL naming it would silently refer to the outer query's row. For
    the correlated subqueries of hot pages: the ORM's Exists/Subquery
    annotations cost milliseconds of Python per request to build and
    compile (the worklist's booking state: 5.8 ms to build and 7.8 ms to
    compile on a loaded 2-core machine, issue 21), fixed text costs nothing.
    """

    def __init__(
        self,
        template: str,
        params: tuple[Any, ...],
        output_field: models.Field[Any, Any],
    ) -> None:
        super().__init__(output_field=output_field)
        self.template = template
        self.params = params

    def as_sql(
        self, compiler: Any, connection: Any, **_extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        row = compiler.quote_name_unless_alias(compiler.query.base_table)
        return self.template.replace("{row}", row), self.params


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _decimal(places: int | None) -> Any:
    # PostgreSQL writes numeric exactly; json.loads reads it as a float,
    # whose repr gives back the digits written but not trailing zeros:
    # the column's scale puts them back (12.50, as the ORM loads it).
    exponent = Decimal(1).scaleb(-places) if places is not None else None

    def convert(value: float | str) -> Decimal:
        number = Decimal(repr(value) if isinstance(value, float) else value)
        return number.quantize(exponent) if exponent is not None else number

    return convert


def _bytes(value: str) -> bytes:
    # bytea in JSON is its hex form, "\\x0a1b...".
    return bytes.fromhex(value[2:])


def _range(value: str) -> Any:
    """A range as PostgreSQL writes it in JSON: '["2026-06-09 07:00:00+00",
    "2026-06-09 07:30:00+00")', 'empty'; its bounds as timestamps."""
    # Django's DateTimeTZRange under psycopg 3.
    from psycopg.types.range import Range

    if value == "empty":
        return Range(empty=True)
    lower, upper = (part.strip('"') for part in value[1:-1].split(",", 1))
    return Range(
        dt.datetime.fromisoformat(lower) if lower else None,
        dt.datetime.fromisoformat(upper) if upper else None,
        bounds=value[0] + value[-1],
    )


@cache
def _json_columns(model: type[models.Model]) -> tuple[list[str], list[Any]]:
    """The model's columns (attnames, in field order) and, for each, how a
    JSON value of the column becomes the Python value the ORM would load
    (None: as it is; json and text and numbers need nothing)."""
    names: list[str] = []
    converters: list[Any] = []
    for field in model._meta.concrete_fields:
        names.append(field.attname)
        if isinstance(field, DateTimeRangeField):
            converters.append(_range)
        elif isinstance(field, models.DateTimeField):
            converters.append(dt.datetime.fromisoformat)
        elif isinstance(field, models.DateField):
            converters.append(_date)
        elif isinstance(field, models.DecimalField):
            converters.append(_decimal(field.decimal_places))
        elif isinstance(field, models.BinaryField):
            converters.append(_bytes)
        elif isinstance(field, models.UUIDField):
            converters.append(uuid.UUID)
        else:
            converters.append(None)
    return names, converters


def from_json(model: type[M], data: dict[str, Any]) -> M:
    """A model instance from `to_json(row)` of its table (json_agg of rows).

    For pages that read many small lists in one statement as JSON columns
    (the jobseeker page): the instance is what the ORM would have loaded,
    as far as the columns in `data` go; a column left out is deferred (and
    reading it would be a query of its own: the pages' query-count tests
    catch that). Dates, times and decimals arrive as JSON text or numbers
    and are converted here; json columns arrive parsed. to_json writes
    timestamps in the session's time zone, which Django keeps at UTC.
    """
    # Signal.receivers is empty unless something listens for any model:
    # then the listeners of this one are asked (two look-ups an instance,
    # a tenth of this function's time where nothing listens).
    if (pre_init.receivers or post_init.receivers) and (
        pre_init.has_listeners(model) or post_init.has_listeners(model)
    ):
        names, converters = _json_columns(model)
        values = []
        present = []
        for name, convert in zip(names, converters, strict=True):
            if name not in data:
                continue
            value = data[name]
            if value is not None and convert is not None:
                value = convert(value)
            present.append(name)
            values.append(value)
        return model.from_db(DEFAULT_DB_ALIAS, present, values)
    # What Model.from_db leaves, without Model.__init__: with no receiver
    # of its two signals, __init__ only stores each value under its
    # attname (a fresh instance, so no descriptor has anything to clear)
    # and leaves deferred columns out of __dict__. The busiest jobseeker
    # page builds some 130 instances a request; __init__ and its signals
    # were a sixth of the page's CPU (issue 21). test_from_json.py
    # compares the two ways for every model the page reads.
    instance = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = DEFAULT_DB_ALIAS
    instance._state = state
    stored = instance.__dict__
    # By the columns `data` has: the pages read only the columns they show
    # (5-8 of a model's 12-40), so walking every column of the model cost
    # more than converting the values.
    columns = _json_converters(model)
    for name, value in data.items():
        convert = columns.get(name, _NOT_A_COLUMN)
        if convert is _NOT_A_COLUMN:
            continue
        stored[name] = (
            convert(value) if value is not None and convert is not None else value
        )
    return instance


_NOT_A_COLUMN = object()


@cache
def _json_converters(model: type[models.Model]) -> dict[str, Any]:
    """_json_columns by attname."""
    return dict(zip(*_json_columns(model), strict=True))


def set_loaded(instance: models.Model, name: str, value: models.Model | None) -> None:
    """Give `instance` its foreign key `name`'s object read with it, as
    select_related does: into the field's cache, the id column already
    loaded. The descriptor's assignment checks the instance's type, its
    database and the router and sets the id column again, which cost more
    than building the object (the busiest jobseeker page sets ~150 a
    request, issue 21)."""
    instance._meta.get_field(name).set_cached_value(instance, value)  # type: ignore[union-attr]


@contextmanager
def without_jit() -> Iterator[None]:
    """A transaction whose statements run with PostgreSQL's JIT compilation off.

    Statements that probe indexes once per row (correlated subqueries over
    hundreds of thousands of people) are estimated far above jit_above_cost
    although they run in milliseconds per probe; compiling them costs
    0.3-1.2 s a statement (measured at 1,000,000 synthetic jobseekers,
    docs/scaling.md). Scans aggregating a month's rows with many FILTERs
    cross the threshold at 1,000,000 jobseekers too and spend 60-360 ms
    compiling expressions that run once a month (reporting.indicators).
    set_config(..., true) is transaction-local; the previous value is
    restored for the rest of any enclosing transaction.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        (jit,) = cursor.fetchone() or ("on",)
        cursor.execute("SELECT set_config('jit', 'off', true)")
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('jit', %s, true)", [jit])


@contextmanager
def cursor_without_jit() -> Iterator[CursorWrapper]:
    """A cursor in a transaction with JIT compilation off (without_jit)."""
    with without_jit(), connection.cursor() as cursor:
        yield cursor


# psycopg's default: a statement run this many times is prepared.
_PREPARE_THRESHOLD = 5


class _OrjsonLoader(Loader):
    """PostgreSQL's json, as text, parsed by orjson: the busiest jobseeker
    page's statement returns some 25 kB of JSON, which json.loads read in
    0.17 ms a page and orjson in 0.06 ms (issue 21). Reads a memoryview as
    it is (psycopg's JsonLoader copies it to bytes for json.loads).
    Integers beyond 64 bits come back as floats (json.loads keeps them
    whole): no column these statements read holds one."""

    def load(self, data: Buffer) -> Any:
        return orjson.loads(data)


class _PreparingCursor(ServerBindingCursor):
    """Django's server-binding cursor whose statements PostgreSQL prepares
    (psycopg's `prepare=True`): the connection keeps each statement's
    plan, and the next request on it only executes."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("prepare", True)
        return super().execute(query, params, **kwargs)


@contextmanager
def prepared_cursor() -> Iterator[CursorWrapper]:
    """A cursor for a page's fixed statement, planned once per connection.

    The busiest pages' single statements are long (a dozen correlated
    subqueries) and PostgreSQL spent more time planning them than running
    them: the jobseeker page's 3.2 ms of planning against 0.8 ms of
    execution at 1,000,000 jobseekers (EXPLAIN ANALYZE, issue 21). Django
    binds parameters on the client and turns psycopg's automatic preparing
    off (prepare_threshold None, for transaction poolers); this cursor binds
    them on the server and prepares its statements, which a connection
    (CONN_MAX_AGE) keeps for its later requests; after five runs
    PostgreSQL settles on a generic plan unless the parameters' own plans
    are cheaper. Wrapped as every Django cursor is, so execute wrappers,
    query logging and the tests' statement counts still see it. Behind a
    pooler in transaction mode this needs a pooler that keeps prepared
    statements (PgBouncer 1.21 or later)."""
    connection.ensure_connection()
    psycopg_connection = connection.connection
    if psycopg_connection.prepare_threshold is None:
        # Django's None turns even an explicit prepare off. Any number turns
        # it back on for this cursor alone: Django's own cursors bind on the
        # client and are never prepared, and nothing else binds on the
        # server, so no other statement is prepared automatically.
        psycopg_connection.prepare_threshold = _PREPARE_THRESHOLD
    with connection.wrap_database_errors:
        raw = _PreparingCursor(psycopg_connection)
    # Only this cursor's json: Django reads jsonb as text for JSONField, and
    # the ORM's own statements keep psycopg's loaders.
    raw.adapters.register_loader("json", _OrjsonLoader)
    cursor = (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    try:
        yield cursor
    finally:
        cursor.close()


class AddConstraintNotValid(migrations.AddConstraint):
    """AddConstraint for a CHECK on a table that already holds rows: added
    NOT VALID, so new and changed rows must pass while rows written before
    the rule stay as they are (a person corrects them; nothing is lost or
    rewritten by a migration), and adding it takes no table scan under an
    ACCESS EXCLUSIVE lock on the largest tables. The migration state is
    AddConstraint's, so `makemigrations --check` sees no difference."""

    # Set by AddConstraint.__init__ (django-stubs does not declare them).
    model_name: str
    constraint: models.BaseConstraint

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if not isinstance(self.constraint, models.CheckConstraint):
            raise TypeError("only a CheckConstraint can be added NOT VALID")
        statement = self.constraint.create_sql(model, schema_editor)
        schema_editor.execute(f"{statement} NOT VALID")
