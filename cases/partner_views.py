"""What a partner worker sees: only cases shared with their organisation,
and of those only what the jobseeker's consent and the agreement allow."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.models import AccessAction
from audit.services import log_request_read
from core.decorators import signed_in_user
from organisations.selectors import user_roles
from partners.models import DataCategory

from . import permissions
from .models import (
    JobOffer,
    Note,
    Plan,
    Referral,
    ServiceNeedsAssessment,
    ServicePeriod,
)

if TYPE_CHECKING:
    from collections.abc import Callable

F = TypeVar("F", bound="Callable[..., HttpResponse]")
PURPOSE = "partner_referral"


def partner_required(view: F) -> F:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not set(user_roles(user=request.user)) & set(permissions.PARTNER_ROLES):  # type: ignore[arg-type]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


@partner_required
@require_GET
def partner_case_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    cases = list(
        permissions.partner_cases_visible_to(user, on=today)
        .select_related("jobseeker__home_municipality")
        .order_by("jobseeker__last_name", "jobseeker__first_names", "id")[:200]
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
        {"rows": [(case, referrals.get(case.pk)) for case in cases]},
    )


@partner_required
@require_GET
def partner_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = permissions.get_partner_case_for_user(user, pk)
    categories = permissions.partner_categories(user, case)
    jobseeker = case.jobseeker
    log_request_read(request, AccessAction.VIEW, [jobseeker], purpose=PURPOSE)
    context: dict[str, Any] = {
        "case": case,
        "jobseeker": jobseeker,
        "categories": categories,
        "age": jobseeker.age_on(timezone.localdate()),
        "show_contact": DataCategory.CONTACT in categories,
        "identity_code": (
            jobseeker.identity_code
            if DataCategory.IDENTITY_CODE in categories
            else None
        ),
        "show_health": DataCategory.HEALTH in categories,
    }
    if DataCategory.ASSESSMENT in categories:
        context["assessment"] = ServiceNeedsAssessment.objects.filter(case=case).first()
    if DataCategory.PLANS in categories:
        context["plan_versions"] = [
            plan.versions.order_by("-number").first()
            for plan in Plan.objects.filter(case=case).prefetch_related(
                "versions__tasks"
            )
        ]
    if DataCategory.SERVICES in categories:
        context["services"] = list(
            ServicePeriod.objects.filter(case=case).select_related("service_type")
        )
        context["job_offers"] = list(JobOffer.objects.filter(case=case))
    notes = Note.objects.filter(case=case).select_related("recorded_by")
    if DataCategory.HEALTH not in categories:
        notes = notes.filter(is_health_related=False)
    # Notes are shared only with the assessment category or health consent.
    context["notes"] = list(notes) if categories & {"assessment", "health"} else []
    return render(request, "cases/partner/detail.html", context)
