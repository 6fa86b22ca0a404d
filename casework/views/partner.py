"""What a partner worker sees: only cases shared with their organisation, and
of those only what partners.permissions decides the consent and the
agreement allow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import log_request_read
from cases.models import (
    JobOffer,
    Note,
    Plan,
    PlanVersion,
    ServiceNeedsAssessment,
    ServicePeriod,
)
from core.cursors import cursor_decode, cursor_encode
from core.decorators import allowed_if
from core.formats import short_date
from core.keyset import row_after
from core.links import reverse_fast
from partners import permissions
from partners.models import Referral

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.utils.safestring import SafeString

    from cases.models import Case

PURPOSE = "partner_referral"
# Rows per page of the shared cases; the list is keyset-paged by name, so a
# partner with hundreds of referrals pages through them (issue 21).
PAGE_SIZE = 50
_ORDER = ("jobseeker__last_name", "jobseeker__first_names", "id")

partner_required = allowed_if(permissions.can_use_partner_pages)


@partner_required
@require_GET
def partner_case_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    queryset = permissions.partner_cases_visible_to(user, on=today)
    after = _after(request.GET.get("after"))
    if after is not None:
        queryset = queryset.filter(row_after(_ORDER, after))
    cases = list(
        queryset.select_related("jobseeker__home_municipality").order_by(*_ORDER)[
            : PAGE_SIZE + 1
        ]
    )
    next_query = ""
    if len(cases) > PAGE_SIZE:
        cases = cases[:PAGE_SIZE]
        last = cases[-1]
        next_query = urlencode(
            {
                "after": cursor_encode(
                    [last.jobseeker.last_name, last.jobseeker.first_names, last.pk]
                )
            }
        )
    referrals = {
        r.case_id: r
        for r in Referral.objects.active(on=today)
        .filter(case__in=cases)
        .order_by("valid_until")
    }
    log_request_read(
        request, AccessAction.LIST, [c.jobseeker for c in cases], purpose=PURPOSE
    )
    return render(
        request,
        "cases/partner/list.html",
        {
            "rows_html": rows_html([(case, referrals.get(case.pk)) for case in cases]),
            "has_rows": bool(cases),
            "next_query": next_query,
            "is_later_page": after is not None,
        },
    )


_ROW = """
    <tr><td><a href="{}">{}, {}</a></td>
      <td>{}</td>
      <td>{}</td>
      <td>{}</td></tr>
  """


def rows_html(rows: list[tuple[Case, Referral | None]]) -> SafeString:
    """The table's rows as HTML, every value escaped: the markup the
    template loop wrote, at a fraction of its cost (the loop resolved some
    ten lookups and filters a row, a third of the page's CPU for 50 rows;
    casework/tests/test_partner_list.py compares the two)."""
    language = get_language()
    return format_html_join(
        "",
        _ROW,
        (
            (
                reverse_fast("partner:case_detail", case.pk),
                case.jobseeker.last_name,
                case.jobseeker.first_names,
                case.jobseeker.home_municipality.display_name,
                referral.purpose_label if referral else "",
                short_date(referral.valid_until, language=language) if referral else "",
            )
            for case, referral in rows
        ),
    )


def _after(raw: str | None) -> tuple[str, str, int] | None:
    """The (last name, first names, id) after which the page starts; a
    malformed cursor starts from the beginning."""
    cursor = cursor_decode(raw, length=3)
    if cursor is None:
        return None
    try:
        return str(cursor[0]), str(cursor[1]), int(cursor[2])
    except (TypeError, ValueError):
        return None


@partner_required
@require_GET
def partner_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = permissions.get_partner_case_for_user(user, pk)
    shown = permissions.shared_case_view(permissions.partner_categories(user, case))
    jobseeker = case.jobseeker
    log_request_read(request, AccessAction.VIEW, [jobseeker], purpose=PURPOSE)
    context: dict[str, Any] = {
        "case": case,
        "jobseeker": jobseeker,
        "categories": shown.categories,
        "age": jobseeker.age_on(timezone.localdate()),
        "show_contact": shown.shows_contact,
        "identity_code": jobseeker.identity_code if shown.shows_identity_code else None,
        "show_health": shown.shows_health,
    }
    if shown.shows_assessment:
        context["assessment"] = ServiceNeedsAssessment.objects.filter(case=case).first()
    if shown.shows_plans:
        # Newest version first in one prefetch: ordering the prefetched
        # versions again per plan would query once per plan.
        plans = Plan.objects.filter(case=case).prefetch_related(
            Prefetch(
                "versions",
                queryset=PlanVersion.objects.order_by("-number").prefetch_related(
                    "tasks"
                ),
            )
        )
        context["plan_versions"] = [
            next(iter(plan.versions.all()), None) for plan in plans
        ]
    if shown.shows_services:
        context["services"] = list(
            ServicePeriod.objects.filter(case=case).select_related("service_type")
        )
        context["job_offers"] = list(JobOffer.objects.filter(case=case))
    if shown.shows_notes:
        notes = Note.objects.filter(case=case).select_related("recorded_by")
        if not shown.shows_health_notes:
            notes = notes.filter(is_health_related=False)
        context["notes"] = list(notes)
    else:
        context["notes"] = []
    return render(request, "cases/partner/detail.html", context)
