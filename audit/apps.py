from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from psycopg import sql

# After core's grant of SELECT, INSERT, UPDATE and DELETE on every table: the
# application's role may only add to the audit tables and, for the retention
# run, blank the two value columns of the change history. The triggers in
# audit.models refuse the same; this is the second lock.
NARROWING = (
    "REVOKE UPDATE, DELETE ON audit_accesslog FROM {role}",
    "REVOKE UPDATE, DELETE ON audit_changerecord FROM {role}",
    "GRANT UPDATE (old_value, new_value) ON audit_changerecord TO {role}",
)


def narrow_app_role(using: str, **kwargs: Any) -> None:
    from core.db_roles import app_role_to_grant

    role = app_role_to_grant(using=using)
    if role is None:
        return
    with connections[using].cursor() as cursor:
        for statement in NARROWING:
            cursor.execute(sql.SQL(statement).format(role=sql.Identifier(role)))


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        post_migrate.connect(narrow_app_role, sender=self)
