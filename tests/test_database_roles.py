"""The application's database role cannot rewrite the audit tables.

These tests connect to the test database a second time, as the role web and
the Celery workers use (POLKU_DATABASE_APP_ROLE, granted by every migration:
core.db_roles, audit.apps), and try every way a compromised application
could empty or rewrite the access log and the change history. The Django
connection of the test itself is the owner's. The second connection works
in one transaction that is rolled back, so it leaves nothing behind. The
last test runs `manage.py migrate` as production does (DATABASE_URL the
application's, DATABASE_OWNER_URL the owner's) and checks the grants.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import errors, sql
from psycopg.conninfo import make_conninfo

from config.db_roles import role_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

pytestmark = pytest.mark.django_db

AUDIT_TABLES = ("audit_accesslog", "audit_changerecord")


@pytest.fixture
def as_app() -> Iterator[psycopg.Connection[Any]]:
    """A connection to the test database as the application's role."""
    params = connection.settings_dict
    if settings.POLKU_DATABASE_APP_URL:
        conninfo = make_conninfo(settings.POLKU_DATABASE_APP_URL, dbname=params["NAME"])
    else:
        # Host and port only: never the test settings' session options
        # (they let Django's flush truncate the audit tables).
        conninfo = make_conninfo(
            "",
            dbname=params["NAME"],
            user=settings.POLKU_DATABASE_APP_ROLE,
            host=params.get("OPTIONS", {}).get("host") or params["HOST"] or None,
            port=params["PORT"] or None,
        )
    with psycopg.connect(conninfo) as conn:
        yield conn
        conn.rollback()


@pytest.fixture
def rows(as_app: psycopg.Connection[Any]) -> dict[str, int]:
    """One row in each audit table, written by the application's role."""
    organisation_id = as_app.execute(
        "SELECT min(id) FROM organisations_organisation"
    ).fetchone()
    assert organisation_id is not None
    access = as_app.execute(
        "INSERT INTO audit_accesslog (occurred_at, username, roles, organisation_id,"
        " jobseeker_id, object_type, action, purpose, path)"
        " VALUES (now(), 'testi.kayttaja', 'caseworker', %s, 1, 'cases.Jobseeker',"
        " 'view', 'case_work', '/') RETURNING id",
        organisation_id,
    ).fetchone()
    change = as_app.execute(
        "INSERT INTO audit_changerecord (occurred_at, username, organisation_id,"
        " jobseeker_id, object_type, object_id, field, old_value, new_value)"
        " VALUES (now(), 'testi.kayttaja', %s, 1, 'cases.Jobseeker', 1, 'phone',"
        " '040 0000001', '040 0000002') RETURNING id",
        organisation_id,
    ).fetchone()
    assert access is not None
    assert change is not None
    return {"audit_accesslog": access[0], "audit_changerecord": change[0]}


def run_in_savepoint(conn: psycopg.Connection[Any], statements: Iterable[str]) -> None:
    with conn.transaction():
        for statement in statements:
            conn.execute(statement)


def refused(conn: psycopg.Connection[Any], *statements: str) -> str:
    """The error that stops `statements` (run together, in a savepoint)."""
    with pytest.raises(errors.InsufficientPrivilege) as refusal:
        run_in_savepoint(conn, statements)
    return str(refusal.value)


def count(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    assert row is not None
    return int(row[0])


def test_the_application_role_is_no_superuser_and_owns_nothing(
    as_app: psycopg.Connection[Any],
) -> None:
    row = as_app.execute(
        "SELECT r.rolsuper, r.rolcreaterole, r.rolbypassrls,"
        " (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid),"
        " (SELECT count(*) FROM pg_proc p WHERE p.proowner = r.oid),"
        " has_schema_privilege('public', 'CREATE')"
        " FROM pg_roles r WHERE r.rolname = current_user"
    ).fetchone()

    assert row == (False, False, False, 0, 0, False)


def test_the_application_role_reads_and_writes_every_other_table(
    as_app: psycopg.Connection[Any],
) -> None:
    privileges = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER")
    granted: dict[str, set[str]] = {privilege: set() for privilege in privileges}
    tables = set()
    for name, privilege, allowed in as_app.execute(
        "SELECT tablename, privilege, has_table_privilege("
        "   format('public.%%I', tablename), privilege)"
        " FROM pg_tables, unnest(%s::text[]) AS privilege"
        " WHERE schemaname = 'public'",
        [list(privileges)],
    ).fetchall():
        tables.add(name)
        if allowed:
            granted[privilege].add(name)

    assert "cases_jobseeker" in tables
    assert granted["SELECT"] == granted["INSERT"] == tables
    assert granted["UPDATE"] == granted["DELETE"] == tables - set(AUDIT_TABLES)
    assert granted["TRUNCATE"] == granted["TRIGGER"] == set()


@pytest.mark.parametrize("table", AUDIT_TABLES)
def test_the_application_role_adds_to_and_reads_the_audit_tables(
    as_app: psycopg.Connection[Any], rows: dict[str, int], table: str
) -> None:
    found = as_app.execute(
        f"SELECT username FROM {table} WHERE id = %s",  # noqa: S608
        [rows[table]],
    ).fetchone()

    assert found == ("testi.kayttaja",)


@pytest.mark.parametrize("table", AUDIT_TABLES)
@pytest.mark.parametrize(
    ("attempt", "statements"),
    [
        ("update", ["UPDATE {t} SET username = 'muutettu'"]),
        ("delete", ["DELETE FROM {t}"]),
        ("truncate", ["TRUNCATE {t}"]),
        (
            "truncate with the test flush's setting",
            ["SET LOCAL polku.allow_audit_truncate = 'on'", "TRUNCATE {t}"],
        ),
        ("disable its triggers", ["ALTER TABLE {t} DISABLE TRIGGER USER"]),
        ("disable every trigger", ["ALTER TABLE {t} DISABLE TRIGGER ALL"]),
        ("alter the table", ["ALTER TABLE {t} ADD COLUMN note text"]),
        ("drop the table", ["DROP TABLE {t}"]),
        (
            "skip the triggers as a replica",
            ["SET session_replication_role = replica", "DELETE FROM {t}"],
        ),
        (
            "skip the triggers for the transaction",
            ["SET LOCAL session_replication_role = replica", "DELETE FROM {t}"],
        ),
    ],
)
def test_the_application_role_cannot_rewrite_the_audit_tables(
    as_app: psycopg.Connection[Any],
    rows: dict[str, int],
    table: str,
    attempt: str,
    statements: list[str],
) -> None:
    before = count(as_app, table)

    refused(as_app, *(statement.format(t=table) for statement in statements))

    assert count(as_app, table) == before
    row = as_app.execute(
        f"SELECT username FROM {table} WHERE id = %s",  # noqa: S608
        [rows[table]],
    ).fetchone()
    assert row == ("testi.kayttaja",)


def test_the_triggers_refuse_a_change_the_grants_allow(
    as_app: psycopg.Connection[Any], rows: dict[str, int]
) -> None:
    # The application may write the value columns (for the retention run),
    # so the trigger, not the grant, refuses anything but blanking them,
    # also when the session asks pgtrigger to skip it.
    change = rows["audit_changerecord"]
    triggers = [
        name
        for (name,) in as_app.execute(
            "SELECT tgname FROM pg_trigger"
            " WHERE tgrelid = 'audit_changerecord'::regclass AND NOT tgisinternal"
        ).fetchall()
    ]
    statement = f"UPDATE audit_changerecord SET old_value = 'x' WHERE id = {change}"  # noqa: S608

    message = refused(as_app, statement)
    assert "append-only: UPDATE refused" in message
    message = refused(
        as_app,
        "SET LOCAL pgtrigger.ignore = '{%s}'" % ",".join(triggers),  # noqa: UP031
        "SET LOCAL polku.audit_anonymise = 'on'",
        statement,
    )
    assert "append-only: UPDATE refused" in message


def test_the_retention_run_may_blank_a_change_as_the_application_role(
    as_app: psycopg.Connection[Any], rows: dict[str, int]
) -> None:
    change = rows["audit_changerecord"]

    with as_app.transaction():
        as_app.execute("SET LOCAL polku.audit_anonymise = 'on'")
        as_app.execute(
            "UPDATE audit_changerecord SET old_value = '', new_value = ''"
            " WHERE id = %s",
            [change],
        )

    row = as_app.execute(
        "SELECT username, field, old_value, new_value FROM audit_changerecord"
        " WHERE id = %s",
        [change],
    ).fetchone()
    assert row == ("testi.kayttaja", "phone", "", "")


def _url(user: str, password: str | None, dbname: str) -> str:
    params = connection.settings_dict
    credentials = quote(user) + (f":{quote(password)}" if password else "")
    socket = params.get("OPTIONS", {}).get("host")
    if socket:
        return f"postgres://{credentials}@/{dbname}?host={quote(socket)}"
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{credentials}@{params['HOST']}{port}/{dbname}"


def test_migrate_connects_as_the_owner_and_grants_the_application_role(
    as_app: psycopg.Connection[Any],
) -> None:
    # given: the application role has lost a right (committed, so that the
    # migrating process sees it)
    params = connection.settings_dict
    app = (
        role_of(settings.POLKU_DATABASE_APP_URL)
        if settings.POLKU_DATABASE_APP_URL
        else None
    )
    owner_url = _url(params["USER"], params["PASSWORD"] or None, params["NAME"])
    app_url = _url(
        settings.POLKU_DATABASE_APP_ROLE, app.password if app else None, params["NAME"]
    )
    with psycopg.connect(owner_url, autocommit=True) as owner:
        owner.execute(
            sql.SQL("REVOKE SELECT ON cases_jobseeker FROM {}").format(
                sql.Identifier(settings.POLKU_DATABASE_APP_ROLE)
            )
        )

    # when: `manage.py migrate` as production runs it, DATABASE_URL the
    # application's
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": app_url,
            "DATABASE_OWNER_URL": owner_url,
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    # then
    assert result.returncode == 0, result.stderr
    assert f"Migrating as the owner role {params['USER']}." in result.stdout
    row = as_app.execute(
        "SELECT has_table_privilege('cases_jobseeker', 'SELECT')"
    ).fetchone()
    assert row == (True,)
