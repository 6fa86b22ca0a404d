"""The health endpoint for load balancers."""

from __future__ import annotations

from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer, else 503 (for load balancers)."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        checks["database"] = health.database_status()
    except DatabaseError:
        checks["database"] = "unavailable"
        healthy = False
    try:
        checks["broker"] = health.broker_status()
    except Exception:  # kombu raises transport-specific errors; any means "down"
        checks["broker"] = "unavailable"
        healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
