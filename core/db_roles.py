"""What the application's database role may do, kept right after every migration.

The application (web, Celery workers) connects as a role that owns no table;
the owner runs migrations (README, "Database roles"). After each `migrate`
the owner grants the application's role SELECT, INSERT, UPDATE and DELETE on
every table and the use of every sequence, and sets the same as default
privileges for tables it creates later. Never TRUNCATE, REFERENCES or
TRIGGER, and no ownership: ALTER TABLE, DISABLE TRIGGER and TRUNCATE stay the
owner's. Apps narrow this for their own tables in their post_migrate handler
(audit.apps), which runs after this one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from psycopg import sql

GRANTS = (
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
    "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
    "GRANT USAGE, SELECT ON SEQUENCES TO {role}",
)


def app_role_to_grant(*, using: str) -> str | None:
    """The application's role, or None when migrations run as that role itself.

    A role that does not exist stops the migration: the application would
    otherwise fail later on its first query.
    """
    role: str = settings.POLKU_DATABASE_APP_ROLE
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, %s IN (SELECT rolname FROM pg_roles)", [role]
        )
        current, exists = cursor.fetchone()
    if not role or role == current:
        return None
    if not exists:
        msg = (
            f"The application's database role {role!r} does not exist; create it "
            "with `python -m config.db_roles` (README, Database roles)."
        )
        raise ImproperlyConfigured(msg)
    return role


def grant_app_role(*, using: str) -> None:
    """Grant the application's role its privileges on every table and sequence."""
    role = app_role_to_grant(using=using)
    if role is None:
        return
    with connections[using].cursor() as cursor:
        for statement in GRANTS:
            cursor.execute(sql.SQL(statement).format(role=sql.Identifier(role)))


def grant_app_role_after_migrate(using: str, **kwargs: Any) -> None:
    """post_migrate handler (core.apps)."""
    grant_app_role(using=using)
