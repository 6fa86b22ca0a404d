"""Checks behind /healthz: can this process reach its database and broker?"""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def database_status() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def broker_status() -> str:
    """'ok' when the broker answers, 'eager' when tasks run in-process (no broker)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    # The project's app (config.celery) made itself current when Django
    # loaded config; asking Celery for it keeps core below config.
    from celery import current_app

    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"
