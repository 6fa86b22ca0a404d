"""Database triggers declared with the models (django-pgtrigger) that no
session can switch off.

A plain pgtrigger trigger first asks `_pgtrigger_should_ignore()`, which
reads the session variable `pgtrigger.ignore`: any role may `SET
pgtrigger.ignore = '{<trigger>}'` and the trigger lets the row through. That
is pgtrigger's escape hatch for code, and exactly the hole an append-only
table must not have, since the application's own database role could use it.
The triggers here compile to the same SQL without that check: only the
table's owner can get past them (by disabling the trigger), and the
application's role owns nothing (README, "Database roles").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pgtrigger
from pgtrigger import compiler

if TYPE_CHECKING:
    from django.db import models


class UnskippableTriggerSql(compiler.UpsertTriggerSql):
    """pgtrigger's installation SQL without the `pgtrigger.ignore` check.

    Migrations name this class and rebuild the SQL from it, so the template
    must never change; a different one needs a new class.
    """

    def get_template(self) -> str:
        return """
            CREATE OR REPLACE FUNCTION {pgid}()
            RETURNS TRIGGER AS $$
                {declare}
                BEGIN
                    {func}
                END;
            $$ LANGUAGE plpgsql;

            DROP TRIGGER IF EXISTS {pgid} ON {table};
            CREATE {constraint} TRIGGER {pgid}
                {when} {operation} ON {table}
                {timing}
                {referencing}
                FOR EACH {level} {condition}
                EXECUTE PROCEDURE {execute};

            COMMENT ON TRIGGER {pgid} ON {table} IS '{hash}';
        """


class UnskippableMixin:
    """Compile a pgtrigger trigger with `UnskippableTriggerSql`."""

    def compile(self, model: models.Model) -> compiler.Trigger:
        compiled: compiler.Trigger = super().compile(model)  # type: ignore[misc]
        kwargs: dict[str, Any] = dict(compiled.sql.kwargs)
        return compiler.Trigger(name=compiled.name, sql=UnskippableTriggerSql(**kwargs))


# insufficient_privilege: the SQLSTATE of a refused GRANT, so that a caller
# sees "not allowed" rather than a generic error.
REFUSAL = (
    "RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP "
    "USING ERRCODE = 'insufficient_privilege';"
)


class RefuseRowChange(UnskippableMixin, pgtrigger.Protect):
    """Refuse UPDATE and/or DELETE of rows (optionally only when `condition`)."""

    def get_func(self, model: models.Model) -> str:
        return REFUSAL


class RefuseTruncate(UnskippableMixin, pgtrigger.Trigger):
    """Refuse TRUNCATE, a statement that row-level triggers never see.

    `condition` may let a session through that opts in with a setting only
    the owner's sessions use (Django's test flush), since TRUNCATE also needs
    a privilege the application's role is never granted.
    """

    level = pgtrigger.Statement
    when = pgtrigger.Before
    operation = pgtrigger.Truncate

    def get_func(self, model: models.Model) -> str:
        return REFUSAL
