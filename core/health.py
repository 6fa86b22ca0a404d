"""Checks behind /healthz: can this process reach its database and broker?"""

from __future__ import annotations

from celery import current_app
from django.conf import settings
from django.db import connection

# /healthz must answer within a second even when the broker host is gone
# (an orchestrator's probe gives up after a few seconds): one attempt, a
# short connection timeout.
BROKER_PROBE_SECONDS = 0.5


def database_status() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def broker_status() -> str:
    """'ok' when the broker answers, 'eager' when tasks run in-process (no broker)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    with current_app.connection_for_write(
        connect_timeout=BROKER_PROBE_SECONDS,
        transport_options={
            "socket_connect_timeout": BROKER_PROBE_SECONDS,
            "socket_timeout": BROKER_PROBE_SECONDS,
        },
    ) as conn:
        conn.ensure_connection(max_retries=0, timeout=1)
    return "ok"
