"""Django's `migrate`, connected as the schema's owner.

With DATABASE_OWNER_URL set, the default connection is reopened as the
owner's role before anything runs, so that every migration, RunPython
included, and every post_migrate handler use one connection and one
transaction as the owner; the web and worker processes never know the
owner's password. The handlers then grant the application's role (DATABASE_URL)
its privileges (core.db_roles). Swapping the credentials of the one
connection, rather than migrating through a second alias, keeps migrations
that use the default manager working unchanged.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections

CREDENTIALS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


class Command(migrate.Command):
    help = f"{migrate.Command.help} Connects as DATABASE_OWNER_URL's role when set."

    def handle(self, *args: Any, **options: Any) -> None:
        owner: dict[str, Any] | None = settings.POLKU_DATABASE_OWNER
        if owner and options["database"] == DEFAULT_DB_ALIAS:
            connection = connections[DEFAULT_DB_ALIAS]
            connection.close()
            connection.settings_dict.update({key: owner[key] for key in CREDENTIALS})
            connection.settings_dict["OPTIONS"] = {
                **connection.settings_dict.get("OPTIONS", {}),
                **owner.get("OPTIONS", {}),
            }
            if options["verbosity"] >= 1:
                self.stdout.write(f"Migrating as the owner role {owner['USER']}.")
        super().handle(*args, **options)
