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
from audit.services import Reader, Target, access_log_write, log_request_read
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
from core.links import reverse_fast
from partners import permissions
from partners.selectors import SharedCaseRow, shared_cases_page

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.utils.safestring import SafeString


PURPOSE = "partner_referral"
# Rows per page of the shared cases; the list is keyset-paged by name, so a
# partner with hundreds of referrals pages through them (issue 21).
PAGE_SIZE = 50
# The access log's object type of a listed jobseeker (audit.services.target_of).
JOBSEEKER = "cases.Jobseeker"

partner_required = allowed_if(permissions.can_use_partner_pages)


@partner_required
@require_GET
def partner_case_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    after = _after(request.GET.get("after"))
    rows = shared_cases_page(
        partners=permissions.partner_organisation_ids(user),
        on=timezone.localdate(),
        after=after,
        limit=PAGE_SIZE + 1,
    )
    next_query = ""
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        next_query = urlencode({"after": cursor_encode(list(rows[-1].sort_key))})
    access_log_write(
        reader=Reader.from_request(request),
        action=AccessAction.LIST,
        targets=[
            Target(row.jobseeker_id, row.organisation_id, JOBSEEKER, row.jobseeker_id)
            for row in rows
        ],
        purpose=PURPOSE,
    )
    return render(
        request,
        "cases/partner/list.html",
        {
            "rows_html": rows_html(rows),
            "has_rows": bool(rows),
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


def rows_html(rows: list[SharedCaseRow]) -> SafeString:
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
                reverse_fast("partner:case_detail", row.case_id),
                row.last_name,
                row.first_names,
                row.home_municipality,
                row.purpose_label,
                short_date(row.valid_until, language=language),
            )
            for row in rows
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
