"""Create the two database roles and hand the database to the owner.

Polku connects to PostgreSQL as two roles (README, "Database roles"):

- the owner (`DATABASE_OWNER_URL`) owns the database, its schema and every
  table, and is the only role that runs migrations;
- the application (`DATABASE_URL`), used by web and the Celery workers,
  owns nothing and gets SELECT, INSERT, UPDATE and DELETE after every
  migration (core.db_roles). Without ownership it cannot ALTER a table,
  disable a trigger or TRUNCATE; not being a superuser, it cannot set
  session_replication_role to skip the append-only triggers.

This module is run with a superuser's (or CREATEROLE role's) connection:
by the compose `migrate` step, by CI (.ci/run) and for the embedded
PostgreSQL (config.embedded_db). It is idempotent, sets the passwords the
URLs carry (so a rotated password takes effect on the next deploy), and
adopts a database created before the split: tables and functions owned by
another role are given to the owner.

    python -m config.db_roles [--admin URL] [--owner URL] [--app URL] [--createdb]

Defaults: DATABASE_ADMIN_URL, DATABASE_OWNER_URL and DATABASE_URL.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

OWNER_ROLE = "polku_owner"
APP_ROLE = "polku_app"


@dataclass(frozen=True)
class Role:
    name: str
    password: str | None


def role_of(url: str) -> Role:
    """The role (and password, if any) a connection URL names."""
    params = conninfo_to_dict(url)
    if not params.get("user"):
        msg = f"the database URL names no user: {_without_password(url)}"
        raise ValueError(msg)
    password = params.get("password")
    return Role(name=str(params["user"]), password=str(password) if password else None)


def database_of(url: str) -> str:
    params = conninfo_to_dict(url)
    if not params.get("dbname"):
        msg = f"the database URL names no database: {_without_password(url)}"
        raise ValueError(msg)
    return str(params["dbname"])


def _without_password(url: str) -> str:
    params = conninfo_to_dict(url)
    params.pop("password", None)
    return make_conninfo("", **params)


def ensure_roles(*, admin: str, owner: str, app: str, createdb: bool = False) -> None:
    """Create or update both roles; make the owner own the owner URL's database.

    `createdb` lets the owner create databases: pytest-django creates the
    test database as the owner, and the benchmarks their own; production
    does not need it (a new owner is created without it; an existing one
    keeps what it has). The application role may never create databases.
    """
    owner_role, app_role = role_of(owner), role_of(app)
    database = database_of(owner)
    admin_role = role_of(admin).name
    if len({owner_role.name, app_role.name, admin_role}) != 3:
        msg = (
            "the administrator, owner and application roles must be three "
            f"different roles, not {admin_role}, {owner_role.name}, {app_role.name}"
        )
        raise ValueError(msg)
    with psycopg.connect(admin, autocommit=True) as conn:
        _ensure_role(conn, owner_role, createdb=True if createdb else None)
        _ensure_role(conn, app_role, createdb=False)
        # The application must not inherit the owner's rights through membership.
        if conn.execute(
            "SELECT 1 FROM pg_auth_members m "
            "JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
            "WHERE r.rolname = %s AND u.rolname = %s",
            [owner_role.name, app_role.name],
        ).fetchone():
            conn.execute(
                sql.SQL("REVOKE {} FROM {}").format(
                    sql.Identifier(owner_role.name), sql.Identifier(app_role.name)
                )
            )
        databases = _ensure_database(
            conn, database, owner_role.name, test_databases=createdb
        )
    for name in databases:
        with psycopg.connect(
            make_conninfo(admin, dbname=name), autocommit=True
        ) as conn:
            _hand_schema_to_owner(conn, owner_role.name, app_role.name)


def _ensure_role(
    conn: psycopg.Connection, role: Role, *, createdb: bool | None
) -> None:
    """Create `role` or bring its attributes in line; `createdb` None leaves
    that one as it is (roles are cluster-wide, and a development cluster's
    owner may serve the tests too)."""
    name = sql.Identifier(role.name)
    exists = conn.execute(
        "SELECT 1 FROM pg_roles WHERE rolname = %s", [role.name]
    ).fetchone()
    if not exists:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOCREATEDB").format(name))
    conn.execute(
        sql.SQL(
            "ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS"
        ).format(name)
    )
    if createdb is not None:
        conn.execute(
            sql.SQL("ALTER ROLE {} {}").format(
                name, sql.SQL("CREATEDB" if createdb else "NOCREATEDB")
            )
        )
    if role.password:
        conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                name, sql.Literal(role.password)
            )
        )


def _ensure_database(
    conn: psycopg.Connection, database: str, owner: str, *, test_databases: bool
) -> list[str]:
    """Create or hand over `database`; the databases whose schema to hand over."""
    exists = conn.execute(
        "SELECT 1 FROM pg_database WHERE datname = %s", [database]
    ).fetchone()
    statement = (
        "ALTER DATABASE {} OWNER TO {}" if exists else "CREATE DATABASE {} OWNER {}"
    )
    conn.execute(
        sql.SQL(statement).format(sql.Identifier(database), sql.Identifier(owner))
    )
    if not test_databases:
        return [database]
    # pytest-django reuses test_<name> (and test_<name>_gw<n> under xdist)
    # and migrates it forward as the owner, which needs to own one left by
    # a run from before the roles, and every table in it.
    rows = conn.execute(
        "SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
        "WHERE datname ~ %s AND r.rolname <> %s",
        [f"^test_{re.escape(database)}(_gw[0-9]+)?$", owner],
    ).fetchall()
    for (name,) in rows:
        conn.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(name), sql.Identifier(owner)
            )
        )
    return [database, *(name for (name,) in rows)]


# Relations and functions in public that another role owns and no extension
# installed (an extension's objects stay with the extension's owner). A
# sequence that belongs to a column follows its table and is left out.
_FOREIGN_RELATIONS = """
SELECT c.relkind, format('%%I.%%I', n.nspname, c.relname)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public'
   AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
   AND pg_get_userbyid(c.relowner) <> %s
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype IN ('e', 'a', 'i'))
"""
_FOREIGN_FUNCTIONS = """
SELECT p.oid::regprocedure::text
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public'
   AND pg_get_userbyid(p.proowner) <> %s
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                      AND d.deptype = 'e')
"""
_ALTER = {
    "r": "TABLE",
    "p": "TABLE",
    "f": "FOREIGN TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}


def _hand_schema_to_owner(conn: psycopg.Connection, owner: str, app: str) -> None:
    owner_id, app_id = sql.Identifier(owner), sql.Identifier(app)
    conn.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(owner_id))
    # Before PostgreSQL 15 every role may create tables in public.
    conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(app_id))
    for kind, name in conn.execute(_FOREIGN_RELATIONS, [owner]).fetchall():
        conn.execute(
            sql.SQL("ALTER {} {} OWNER TO {}").format(
                sql.SQL(_ALTER[kind]), sql.SQL(name), owner_id
            )
        )
    for (signature,) in conn.execute(_FOREIGN_FUNCTIONS, [owner]).fetchall():
        conn.execute(
            sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(
                sql.SQL(signature), owner_id
            )
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m config.db_roles",
        description="Create Polku's owner and application database roles.",
    )
    parser.add_argument(
        "--admin",
        default=os.environ.get("DATABASE_ADMIN_URL"),
        help="a superuser's URL (default: DATABASE_ADMIN_URL)",
    )
    parser.add_argument(
        "--owner",
        default=os.environ.get("DATABASE_OWNER_URL"),
        help="the owner's URL (default: DATABASE_OWNER_URL)",
    )
    parser.add_argument(
        "--app",
        default=os.environ.get("DATABASE_URL"),
        help="the application's URL (default: DATABASE_URL)",
    )
    parser.add_argument(
        "--createdb",
        action="store_true",
        help="let the owner create databases (tests, benchmarks)",
    )
    args = parser.parse_args(argv)
    missing = [name for name in ("admin", "owner", "app") if not getattr(args, name)]
    if missing:
        parser.error(f"no URL for {', '.join(missing)}")
    ensure_roles(
        admin=args.admin, owner=args.owner, app=args.app, createdb=args.createdb
    )
    print(  # noqa: T201
        f"{role_of(args.owner).name} owns {database_of(args.owner)}; "
        f"{role_of(args.app).name} owns nothing"
    )


if __name__ == "__main__":
    main()
