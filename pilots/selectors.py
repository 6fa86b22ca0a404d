"""Reads for the pilot pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import (
    EligibilityResult,
    EligibilityRuleSet,
    EmploymentArea,
    EvaluationRun,
    Pilot,
)


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
