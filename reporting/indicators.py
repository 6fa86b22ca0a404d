"""Set-based SQL for each indicator computation: one statement per indicator
and month, grouped by the responsible organisation. Returns
{organisation_id: (numerator, denominator)}; roll-ups to areas, pilots and the
whole country add numerators and denominators (never average rates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, Q

from cases.models import JobSearchPeriod, ProcessStep, ServicePeriod
from cases.models.case import LabourMarketStatus

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

Counts = dict[int, tuple[int, int | None]]

UNEMPLOYED_STATUSES = (LabourMarketStatus.UNEMPLOYED, LabourMarketStatus.LAID_OFF)
DEADLINE_STEPS = (
    "initial_interview",
    "job_search_discussion",
    "supplementary_discussion",
)


def _open_on(day: dt.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def jobseekers_month_end(first: dt.date, last: dt.date) -> Counts:
    rows = (
        JobSearchPeriod.objects.filter(_open_on(last))
        .values("organisation_id")
        .annotate(n=Count("jobseeker_id", distinct=True))
    )
    return {r["organisation_id"]: (r["n"], None) for r in rows}


def new_clients(first: dt.date, last: dt.date) -> Counts:
    rows = (
        JobSearchPeriod.objects.filter(started_on__range=(first, last))
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {r["organisation_id"]: (r["n"], None) for r in rows}


def activation_rate(
    first: dt.date, last: dt.date, *, organisation_ids: Sequence[int] | None = None
) -> Counts:
    """ALP and ALP + U on the last day (the selector for one organisation
    passes `organisation_ids`)."""
    active = ServicePeriod.objects.filter(
        _open_on(last),
        case__job_search_period_id=OuterRef("pk"),
        service_type__counts_as_active=True,
    )
    searches = JobSearchPeriod.objects.filter(_open_on(last))
    if organisation_ids is not None:
        searches = searches.filter(organisation_id__in=organisation_ids)
    rows = (
        searches.annotate(active=Exists(active))
        .values("organisation_id")
        .annotate(
            alp=Count("jobseeker_id", filter=Q(active=True), distinct=True),
            u=Count(
                "jobseeker_id",
                filter=Q(active=False, status_at_start__in=UNEMPLOYED_STATUSES),
                distinct=True,
            ),
        )
    )
    return {r["organisation_id"]: (r["alp"], r["alp"] + r["u"]) for r in rows}


def service_starts(first: dt.date, last: dt.date) -> Counts:
    rows = (
        ServicePeriod.objects.filter(started_on__range=(first, last))
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {r["organisation_id"]: (r["n"], None) for r in rows}


def deadline_compliance(first: dt.date, last: dt.date) -> Counts:
    rows = (
        ProcessStep.objects.filter(kind__in=DEADLINE_STEPS, due_on__range=(first, last))
        .exclude(status="cancelled")
        .values("organisation_id")
        .annotate(
            on_time=Count("id", filter=Q(status="done", completed_on__lte=F("due_on"))),
            due=Count("id"),
        )
    )
    return {r["organisation_id"]: (r["on_time"], r["due"]) for r in rows}


COMPUTATIONS: dict[str, Callable[[dt.date, dt.date], Counts]] = {
    "jobseekers_month_end": jobseekers_month_end,
    "new_clients": new_clients,
    "activation_rate": activation_rate,
    "service_starts": service_starts,
    "deadline_compliance": deadline_compliance,
}
