"""Indicator counts computed in SQL over many people (set-based, one
statement per figure); the formulas are in `rules.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q

from cases.models import JobSearchPeriod, ServicePeriod
from cases.models.case import LabourMarketStatus

from . import rules

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from decimal import Decimal

# Registered as unemployed or fully laid off (counted as unemployed
# jobseekers in the employment service statistics, domain.md §3).
UNEMPLOYED_STATUSES = (LabourMarketStatus.UNEMPLOYED, LabourMarketStatus.LAID_OFF)


@dataclass(frozen=True)
class ActivationFigure:
    on: dt.date
    active: int
    unemployed: int

    @property
    def rate(self) -> Decimal | None:
        return rules.activation_rate(self.active, self.unemployed)


def activation_figure(
    *, organisation_ids: Sequence[int], on: dt.date
) -> ActivationFigure:
    """ALP and U for the organisations' jobseekers on day `on`.

    ⚠ Polku knows the labour-market status at registration, not day by day:
    U counts open job searches registered as unemployed or laid off and not
    in an activating service on the day.
    """
    open_searches = JobSearchPeriod.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on),
        organisation_id__in=organisation_ids,
        started_on__lte=on,
    )
    in_active_service = ServicePeriod.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on),
        case__job_search_period_id=OuterRef("pk"),
        service_type__counts_as_active=True,
        started_on__lte=on,
    )
    counts = open_searches.annotate(active=Exists(in_active_service)).aggregate(
        active_count=Count("jobseeker_id", filter=Q(active=True), distinct=True),
        unemployed_count=Count(
            "jobseeker_id",
            filter=Q(active=False, status_at_start__in=UNEMPLOYED_STATUSES),
            distinct=True,
        ),
    )
    return ActivationFigure(
        on=on, active=counts["active_count"], unemployed=counts["unemployed_count"]
    )
