"""Set-based SQL for each indicator computation: one statement per indicator
and month, grouped by the responsible organisation. Returns
{organisation_id: (numerator, denominator)}; roll-ups to areas, pilots and the
whole country add numerators and denominators (never average rates)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast

from cases.models import (
    BenefitType,
    Case,
    ExitReason,
    JobSearchPeriod,
    Jobseeker,
    ProcessStep,
    ServicePeriod,
    ServiceType,
    StepStatus,
)
from cases.models.case import LabourMarketStatus
from cases.models.records import ServiceCategory
from cases.rules.calendar import add_months

from . import rules
from .models import SurveyAnswer

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

Counts = dict[int, tuple[int, int | None]]

UNEMPLOYED_STATUSES = (LabourMarketStatus.UNEMPLOYED, LabourMarketStatus.LAID_OFF)
DEADLINE_STEPS = (
    "initial_interview",
    "job_search_discussion",
    "supplementary_discussion",
)
# Exit reasons that mean work: the choices have no separate self-employment
# reason (a start-up grant is a service, not an exit).
EMPLOYMENT_EXITS = (ExitReason.OPEN_MARKET_EMPLOYMENT, ExitReason.SUBSIDISED_EMPLOYMENT)
# The follow-up point "3 months after the service" (TEM-analyyseja 88/2018),
# equal to the definition's maturity window (tested).
FOLLOW_UP_DAYS = 90
SATISFIED_SCORE = 4


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
    # The EXISTS flag is computed once per job search in a subquery; written
    # as one ORM aggregate, Django repeats the EXISTS inside every FILTER and
    # PostgreSQL evaluates it once per aggregate (benchmarks/run.py measured
    # 3.5x the hand-written statement at 100,000 jobseekers).
    flagged = searches.annotate(active=Exists(active)).values(
        "organisation_id", "jobseeker_id", "status_at_start", "active"
    )
    inner, params = flagged.query.sql_with_params()
    statement = f"""
        SELECT organisation_id,
               COUNT(DISTINCT jobseeker_id) FILTER (WHERE active),
               COUNT(DISTINCT jobseeker_id)
                   FILTER (WHERE NOT active AND status_at_start = ANY(%s))
        FROM ({inner}) AS flagged
        GROUP BY organisation_id
    """  # noqa: S608 - the inner SQL is Django's, with its parameters bound
    with connection.cursor() as cursor:
        # The SELECT list's placeholder comes before the subquery's.
        cursor.execute(statement, (list(UNEMPLOYED_STATUSES), *params))
        return {org: (alp, alp + u) for org, alp, u in cursor.fetchall()}


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


def _exit_share(first: dt.date, last: dt.date, reasons: Sequence[str]) -> Counts:
    rows = (
        Case.objects.filter(closed_on__range=(first, last))
        .values("organisation_id")
        .annotate(
            matching=Count("id", filter=Q(exit_reason__in=reasons)), exits=Count("id")
        )
    )
    return {r["organisation_id"]: (r["matching"], r["exits"]) for r in rows}


def exits_to_employment(first: dt.date, last: dt.date) -> Counts:
    return _exit_share(first, last, EMPLOYMENT_EXITS)


def exits_to_education(first: dt.date, last: dt.date) -> Counts:
    return _exit_share(first, last, (ExitReason.EDUCATION,))


def employed_3_months_after_service(first: dt.date, last: dt.date) -> Counts:
    """Services whose follow-up day (end + 90 days) falls in the month, and
    those whose jobseeker was in open-market employment on that day."""
    follow_up = dt.timedelta(days=FOLLOW_UP_DAYS)
    latest_exit = (
        Case.objects.filter(
            jobseeker_id=OuterRef("jobseeker_id"),
            closed_on__lte=OuterRef("checked_on"),
        )
        .order_by("-closed_on", "-id")
        .values("exit_reason")[:1]
    )
    # A job search still running on the follow-up day; one that ends that
    # very day ended with the exit that the day is judged by.
    searching = JobSearchPeriod.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("checked_on")),
        jobseeker_id=OuterRef("jobseeker_id"),
        started_on__lte=OuterRef("checked_on"),
    )
    employed_searching = searching.filter(status_at_start=LabourMarketStatus.EMPLOYED)
    rows = (
        ServicePeriod.objects.filter(
            ended_on__range=(first - follow_up, last - follow_up)
        )
        .annotate(
            jobseeker_id=F("case__jobseeker_id"),
            checked_on=Cast(F("ended_on") + follow_up, DateField()),
        )
        .annotate(
            latest_exit=Subquery(latest_exit),
            searching=Exists(
                searching.exclude(status_at_start=LabourMarketStatus.EMPLOYED)
            ),
            employed_searching=Exists(employed_searching),
        )
        .values("organisation_id")
        .annotate(
            employed=Count(
                "id",
                filter=Q(latest_exit=ExitReason.OPEN_MARKET_EMPLOYMENT, searching=False)
                | Q(employed_searching=True),
            ),
            ended=Count("id"),
        )
    )
    return {r["organisation_id"]: (r["employed"], r["ended"]) for r in rows}


def long_term_unemployed_share(first: dt.date, last: dt.date) -> Counts:
    """Of the unemployed on the last day (U of the activation rate), those
    whose job search began at least 12 months before."""
    in_active_service = ServicePeriod.objects.filter(
        _open_on(last),
        case__job_search_period_id=OuterRef("pk"),
        service_type__counts_as_active=True,
    )
    rows = (
        JobSearchPeriod.objects.filter(
            _open_on(last), status_at_start__in=UNEMPLOYED_STATUSES
        )
        .exclude(Exists(in_active_service))
        .values("organisation_id")
        .annotate(
            long_term=Count(
                "jobseeker_id",
                filter=Q(started_on__lte=add_months(last, -12)),
                distinct=True,
            ),
            unemployed=Count("jobseeker_id", distinct=True),
        )
    )
    return {r["organisation_id"]: (r["long_term"], r["unemployed"]) for r in rows}


def overdue_steps_month_end(first: dt.date, last: dt.date) -> Counts:
    """Steps past due and not done at the end of the last day, as far as the
    current rows tell: done after the month, or paused only after it, still
    count (cancelled steps carry no date and never count)."""
    rows = (
        ProcessStep.objects.filter(
            Q(status=StepStatus.OPEN)
            | Q(status=StepStatus.DONE, completed_on__gt=last)
            | Q(status=StepStatus.PAUSED, paused_on__gt=last),
            due_on__lt=last,
        )
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {r["organisation_id"]: (r["n"], None) for r in rows}


def labour_market_subsidy_municipal_share(first: dt.date, last: dt.date) -> Counts:
    """Estimated labour market subsidy days of the month per home municipality
    (which pays the share), weighted by the municipal percentage of the rules
    in force on the last day: (sum of days x per cent, 100 x days).

    A subsidy day is a weekday (subsidy is paid for five days a week) of a
    job search of a jobseeker on labour market subsidy, except days in a
    service that pays wages or a grant instead, and, where the rules do not
    finance service days, days in any activating service. The cumulative day
    counter is projected from its as-of date to the jobseeker's last day in
    the month at five days a week, so the month covers the counter values
    (at_end - days, at_end], split over the bands.
    """
    financing = rules.subsidy_financing_rules(last)
    if financing is None:
        msg = f"No labour market subsidy financing rules for {last}."
        raise ValueError(msg)
    params: dict[str, Any] = {
        "first": first,
        "last": last,
        "subsidy": BenefitType.LABOUR_MARKET_SUBSIDY.value,
        "no_subsidy": [
            ServiceCategory.SUBSIDISED_WORK.value,
            ServiceCategory.ENTERPRISE.value,
        ],
        "services_unfinanced": not financing.service_days_financed,
    }
    weighted = []
    for index, band in enumerate(financing.bands):
        params[f"after_{index}"] = band.after_day
        params[f"percent_{index}"] = band.municipal_percent
        upper = "at_end"
        if index + 1 < len(financing.bands):
            params[f"until_{index}"] = financing.bands[index + 1].after_day
            upper = f"LEAST(at_end, %(until_{index})s)"
        weighted.append(
            f"GREATEST(0, {upper} - GREATEST(at_end - days, %(after_{index})s))"
            f" * %(percent_{index})s"
        )
    weighted_days = " + ".join(weighted)
    sql = f"""
        WITH weekdays AS (
            SELECT day::date AS day
            FROM generate_series(%(first)s::date, %(last)s::date, '1 day') AS day
            WHERE extract(isodow FROM day) < 6
        ), paid AS (
            SELECT j.id, j.home_municipality_id, j.lms_days_for_unemployment,
                   j.benefit_days_as_of, count(*) AS days,
                   max(LEAST(%(last)s::date, COALESCE(p.ended_on, %(last)s::date)))
                       AS last_day
            FROM {JobSearchPeriod._meta.db_table} p
            JOIN {Jobseeker._meta.db_table} j ON j.id = p.jobseeker_id
            JOIN weekdays w
              ON w.day >= p.started_on AND (p.ended_on IS NULL OR w.day <= p.ended_on)
            WHERE j.benefit_type = %(subsidy)s
              AND NOT EXISTS (
                SELECT 1
                FROM {ServicePeriod._meta.db_table} s
                JOIN {Case._meta.db_table} c ON c.id = s.case_id
                JOIN {ServiceType._meta.db_table} t ON t.id = s.service_type_id
                WHERE c.job_search_period_id = p.id
                  AND s.started_on <= w.day
                  AND (s.ended_on IS NULL OR s.ended_on >= w.day)
                  AND (t.category = ANY(%(no_subsidy)s)
                       OR (%(services_unfinanced)s AND t.counts_as_active))
              )
            GROUP BY j.id
        ), counted AS (
            SELECT home_municipality_id, days,
                   GREATEST(0, lms_days_for_unemployment
                       + (last_day - COALESCE(benefit_days_as_of, last_day)) * 5 / 7)
                       AS at_end
            FROM paid
        )
        SELECT home_municipality_id, sum({weighted_days}), 100 * sum(days)
        FROM counted
        GROUP BY home_municipality_id
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {org: (int(num), int(den)) for org, num, den in cursor.fetchall()}


def client_satisfaction(first: dt.date, last: dt.date) -> Counts:
    rows = (
        SurveyAnswer.objects.filter(answered_on__range=(first, last))
        .values("organisation_id")
        .annotate(
            satisfied=Count("id", filter=Q(score__gte=SATISFIED_SCORE)),
            answers=Count("id"),
        )
    )
    return {r["organisation_id"]: (r["satisfied"], r["answers"]) for r in rows}


COMPUTATIONS: dict[str, Callable[[dt.date, dt.date], Counts]] = {
    "jobseekers_month_end": jobseekers_month_end,
    "new_clients": new_clients,
    "activation_rate": activation_rate,
    "service_starts": service_starts,
    "deadline_compliance": deadline_compliance,
    "exits_to_employment": exits_to_employment,
    "exits_to_education": exits_to_education,
    "employed_3_months_after_service": employed_3_months_after_service,
    "long_term_unemployed_share": long_term_unemployed_share,
    "overdue_steps_month_end": overdue_steps_month_end,
    "labour_market_subsidy_municipal_share": labour_market_subsidy_municipal_share,
    "client_satisfaction": client_satisfaction,
}
