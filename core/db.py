"""Small PostgreSQL helpers shared by the set-based statements."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import connection, migrations, models, transaction
from django.db.models.expressions import Expression

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.backends.base.schema import BaseDatabaseSchemaEditor
    from django.db.backends.utils import CursorWrapper
    from django.db.migrations.state import ProjectState


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
