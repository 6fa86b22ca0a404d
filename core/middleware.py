"""A read whose database connection was lost is answered, not failed.

A failover, a restart of PostgreSQL or an administrator's
pg_terminate_backend ends every open connection at once. Django finds a
broken persistent connection at the start of the next request
(CONN_HEALTH_CHECKS), but a request whose connection dies while it runs ends
in a 500. For GET and HEAD that is needless: a read changes nothing the user
asked for, so it is run once more on a new connection. A write is never
repeated (its first attempt may have committed); the error page tells the
user that their entry is still in the form (templates/500.html).
Measured with benchmarks/db_faults.py (docs/reliability.md).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from django.db import OperationalError, connections

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponseBase

_LOST = "_polku_database_connection_lost"
_SAFE_METHODS = frozenset({"GET", "HEAD"})


def note_lost_connection(
    sender: Any, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """got_request_exception handler (core.apps). Django converts a view's or
    a middleware's exception into a 500 where it happens; this is where the
    outer middleware can still learn why."""
    error = sys.exc_info()[1]
    if (
        request is not None
        and isinstance(error, OperationalError)
        and any(not c.is_usable() for c in connections.all(initialized_only=True))
    ):
        setattr(request, _LOST, True)


class RetryReadOnLostConnectionMiddleware:
    """First in MIDDLEWARE: it wraps sessions and authentication too, which
    read the database before any view does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code == 500
            and request.method in _SAFE_METHODS
            and getattr(request, _LOST, False)
        ):
            setattr(request, _LOST, False)
            for connection in connections.all(initialized_only=True):
                if not connection.is_usable():
                    connection.close()
            response = self.get_response(request)
        return response
