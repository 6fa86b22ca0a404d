"""Development-only environment defaults, shared by `local` and `test`.

These keys protect only synthetic demo data (identity codes from the
temporary range 900-999). Production settings never read this module, so a
missing production secret still stops the process.
"""

from __future__ import annotations

import os

from config.embedded_db import embedded_database_urls

DEV_ENVIRONMENT = {
    "DJANGO_SECRET_KEY": "dev-only-polku-secret-key-5f1c2e9a7b3d4c6e8a0b-not-for-prod",
    "POLKU_FIELD_ENCRYPTION_KEYS": "Ket_JBSO5P0g55oKTjI1cdiuuvSx77zPS5hRToCx7gQ=",
    "POLKU_BLIND_INDEX_KEY": "dev-only-blind-index-key-8c0f0d0b3e5a",
    "POLKU_ALLOW_TEMPORARY_IDENTITY_CODES": "true",
    "POLKU_DEMO_PASSWORD": "polku-demo-2026",
}


def apply_dev_environment(database: str, *, as_owner: bool = False) -> None:
    """Fill in missing development values; start the embedded PostgreSQL if needed.

    The embedded database is used as in production: the application's role
    for the site and migrations as the owner (`as_owner=False`), or the
    owner's role throughout (`as_owner=True`: tests, where pytest-django
    creates and migrates the test database).
    """
    for name, value in DEV_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    if not os.environ.get("DATABASE_URL"):
        owner, app = embedded_database_urls(database=database)
        if as_owner:
            os.environ["DATABASE_URL"] = owner
        else:
            os.environ["DATABASE_URL"] = app
            os.environ["DATABASE_OWNER_URL"] = owner
