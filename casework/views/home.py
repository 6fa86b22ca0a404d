"""The home page per role: who sees persons, who sees only counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import log_request_read
from cases.selectors import (
    jobseeker_counts_by_municipality,
    jobseeker_list_for_user,
    jobseeker_page,
)
from core.cursors import cursor_decode, cursor_encode
from core.privacy import suppress_small
from organisations.models import MembershipRole
from organisations.selectors import membership_list_for_user, organisation_member_counts

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 25


def _after(raw: str | None) -> tuple[str, str, int] | None:
    """The (last name, first names, id) a page of jobseekers continues after."""
    values = cursor_decode(raw, length=3)
    if values is None:
        return None
    try:
        return str(values[0]), str(values[1]), int(values[2])
    except (TypeError, ValueError):
        return None  # a tampered cursor just restarts from the first page


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    memberships = list(membership_list_for_user(user=user))
    roles = {m.role for m in memberships}
    context: dict[str, Any] = {"memberships": memberships, "roles": roles}

    if roles & {MembershipRole.CASEWORKER, MembershipRole.TEAM_LEAD}:
        rows, next_cursor = jobseeker_page(
            queryset=jobseeker_list_for_user(user=user),
            after=_after(request.GET.get("after")),
            size=PAGE_SIZE,
        )
        log_request_read(request, AccessAction.LIST, rows)
        context["jobseekers"] = rows
        context["next_cursor"] = cursor_encode(next_cursor)
        context["is_later_page"] = bool(request.GET.get("after"))
    if roles & {MembershipRole.COORDINATOR, MembershipRole.BOARD_VIEWER}:
        context["municipality_counts"] = [
            (municipality, suppress_small(municipality.jobseeker_count))  # type: ignore[attr-defined]
            for municipality in jobseeker_counts_by_municipality(user=user)
        ]
    if MembershipRole.ADMINISTRATOR in roles or user.is_staff:
        context["areas"] = list(organisation_member_counts())
    return render(request, "core/home.html", context)
