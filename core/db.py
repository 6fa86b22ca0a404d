"""Small PostgreSQL helpers shared by the set-based statements."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection, migrations, models, transaction

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.backends.base.schema import BaseDatabaseSchemaEditor
    from django.db.backends.utils import CursorWrapper
    from django.db.migrations.state import ProjectState


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
