"""The home page per role and the health endpoint."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit.models import AccessAction
from audit.services import log_request_read
from cases.selectors import (
    jobseeker_counts_by_municipality,
    jobseeker_list_for_user,
    jobseeker_page,
)
from organisations.models import MembershipRole
from organisations.selectors import membership_list_for_user, organisation_member_counts

from . import health
from .privacy import suppress_small

PAGE_SIZE = 25


def _decode_cursor(raw: str | None) -> tuple[str, str, int] | None:
    if not raw:
        return None
    try:
        last, first, pk = json.loads(base64.urlsafe_b64decode(raw.encode()))
        return str(last), str(first), int(pk)
    except (ValueError, TypeError, binascii.Error):
        return None  # a tampered cursor just restarts from the first page


def _encode_cursor(cursor: tuple[str, str, int] | None) -> str:
    if cursor is None:
        return ""
    return base64.urlsafe_b64encode(json.dumps(list(cursor)).encode()).decode()


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(membership_list_for_user(user=request.user))  # type: ignore[arg-type]
    roles = {m.role for m in memberships}
    context: dict[str, Any] = {"memberships": memberships, "roles": roles}

    if roles & {MembershipRole.CASEWORKER, MembershipRole.TEAM_LEAD}:
        rows, next_cursor = jobseeker_page(
            queryset=jobseeker_list_for_user(user=request.user),  # type: ignore[arg-type]
            after=_decode_cursor(request.GET.get("after")),
            size=PAGE_SIZE,
        )
        log_request_read(request, AccessAction.LIST, rows)
        context["jobseekers"] = rows
        context["next_cursor"] = _encode_cursor(next_cursor)
        context["is_later_page"] = bool(request.GET.get("after"))
    if roles & {MembershipRole.COORDINATOR, MembershipRole.BOARD_VIEWER}:
        context["municipality_counts"] = [
            (municipality, suppress_small(municipality.jobseeker_count))  # type: ignore[attr-defined]
            for municipality in jobseeker_counts_by_municipality(user=request.user)  # type: ignore[arg-type]
        ]
    if MembershipRole.ADMINISTRATOR in roles or request.user.is_staff:
        context["areas"] = list(organisation_member_counts())
    return render(request, "core/home.html", context)


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
