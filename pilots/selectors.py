"""Reads for the pilot pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from cases.models import JobSearchPeriod

from .models import (
    EligibilityResult,
    EligibilityRuleSet,
    EmploymentArea,
    EvaluationRun,
    Pilot,
)

if TYPE_CHECKING:
    from cases.models import Jobseeker


def pilot_list() -> QuerySet[Pilot]:
    return (
        Pilot.objects.select_related("organisation", "responsible_municipality")
        .prefetch_related("municipalities", "waivers")
        .order_by("starts_on", "organisation__name")
    )


def area_list() -> QuerySet[EmploymentArea]:
    return (
        EmploymentArea.objects.select_related(
            "organisation", "responsible_municipality"
        )
        .prefetch_related("municipalities", "waivers")
        .order_by("organisation__name")
    )


def eligibility_counts(*, pilot: Pilot) -> list[dict[str, object]]:
    """Evaluated and eligible people per home municipality (no persons)."""
    return list(
        EligibilityResult.objects.filter(pilot=pilot)
        .values("jobseeker__home_municipality__name", "jobseeker__home_municipality_id")
        .annotate(total=Count("id"), eligible=Count("id", filter=Q(eligible=True)))
        .order_by("jobseeker__home_municipality__name")
    )


def recent_runs(*, pilot: Pilot) -> QuerySet[EvaluationRun]:
    return pilot.runs.select_related("requested_by").order_by("-created_at")[:5]


def rule_set_list() -> QuerySet[EligibilityRuleSet]:
    return EligibilityRuleSet.objects.select_related(
        "created_by", "reviewed_by", "activated_by"
    ).order_by("-version")


def eligibility_for_current_job_search(
    *, jobseeker: Jobseeker
) -> QuerySet[EligibilityResult]:
    """The person's results evaluated during their current (open) job search.

    A result evaluated before the current job search started decided an
    earlier one (a person registered on 24.11.2026 is not decided by a run
    for 3.6.2024); with no open job search there is no current result.
    """
    started = (
        JobSearchPeriod.objects.filter(
            jobseeker_id=OuterRef("jobseeker_id"), ended_on__isnull=True
        )
        .order_by("-started_on")
        .values("started_on")[:1]
    )
    return (
        EligibilityResult.objects.filter(jobseeker=jobseeker)
        .filter(evaluated_on__gte=Subquery(started))
        .select_related("rule_set", "pilot__organisation")
        .order_by("pilot__organisation__name")
    )
