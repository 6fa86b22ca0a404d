"""Set-based SQL for each indicator computation, grouped by the responsible
organisation: one statement a month per indicator, or per shared pass for
indicators reading the same rows (MonthComputations runs each pass once).
Returns {organisation_id: (numerator, denominator)}; roll-ups to areas, pilots and the
whole country add numerators and denominators (never average rates)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q

from appointments.models import Appointment, AppointmentStatus
from appointments.rules import HELSINKI
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
from cases.models.process import StepKind
from cases.models.records import (
    FACE_TO_FACE_CHANNELS,
    Meeting,
    ServiceCategory,
)
from cases.rules.calendar import add_months, working_days_between
from core.db import cursor_without_jit, without_jit
from exchange.models import MunicipalShareInvoice, MunicipalShareInvoiceLine
from messaging.models import Message

from . import rules
from .models import SurveyAnswer

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    SharedPass = Callable[[dt.date, dt.date], dict[str, "Counts"]]

Counts = dict[int, tuple[int, int | None]]

UNEMPLOYED_STATUSES = (LabourMarketStatus.UNEMPLOYED, LabourMarketStatus.LAID_OFF)
DEADLINE_STEPS = (
    "initial_interview",
    "job_search_discussion",
    "supplementary_discussion",
)
# The steps of the statutory process (statutory_deadlines_met): every kind
# but a new time after a missed meeting, which is Polku's own service level.
STATUTORY_STEPS = tuple(
    kind for kind in StepKind.values if kind != StepKind.REBOOKING.value
)
# Exit reasons that mean work: the choices have no separate self-employment
# reason (a start-up grant is a service, not an exit).
EMPLOYMENT_EXITS = (ExitReason.OPEN_MARKET_EMPLOYMENT, ExitReason.SUBSIDISED_EMPLOYMENT)
# The follow-up point "3 months after the service" (TEM-analyyseja 88/2018),
# equal to the definition's maturity window (tested).
FOLLOW_UP_DAYS = 90
SATISFIED_SCORE = 4


# --- Shared passes ------------------------------------------------------------
# Indicators that read the same rows are computed together: one statement a
# month scans the rows once and answers all of them. As nine statements each
# rescanning the month-end state they took 2.5-3.3x benchmarks/run.py's one
# hand-written statement over 24 months. Each computation below still stands
# alone; MonthComputations runs a pass once for all the indicators reading it.
#
# The month's heaviest scans (the month-end stock, the due steps, the booked
# interviews, the subsidy days) run with JIT compilation off (core.db): at
# 1,000,000 jobseekers their cost estimates pass jit_above_cost, and
# compiling their FILTER expressions took 60-360 ms each, 0.7 s a month, for
# no faster execution (EXPLAIN ANALYZE at 300,000 with the thresholds scaled
# down by 3.3 to the estimates at 1,000,000; issue 21).


def month_end_searches(
    first: dt.date, last: dt.date, *, organisation_ids: Sequence[int] | None = None
) -> dict[str, Counts]:
    """The job searches open on the last day, each flagged once as in an
    activating service that day or not: jobseekers_month_end, activation_rate
    (ALP, ALP + U) and long_term_unemployed_share (of U, those whose job
    search began at least 12 months before). The selector for one
    organisation passes `organisation_ids`."""
    params: dict[str, Any] = {
        "last": last,
        "unemployed": list(UNEMPLOYED_STATUSES),
        "long_term_from": add_months(last, -12),
    }
    only = ""
    if organisation_ids is not None:
        params["organisations"] = list(organisation_ids)
        only = "AND p.organisation_id = ANY(%(organisations)s)"
    # The job searches in an activating service, found once as a set and
    # joined: a correlated EXISTS per job search ran as a nested loop whose
    # inflated cost estimate also set off JIT compilation (0.5 s a month at
    # 100,000 jobseekers), and a flag computed in the select list is copied
    # into every FILTER below and evaluated once per aggregate. A
    # jobseeker's job searches never share a day (the exclusion constraint
    # job_search_period_no_overlap), so each person is one row of the stock
    # and count(*) counts people: count(DISTINCT jobseeker_id) sorted the
    # stock (on disk past work_mem, 0.49 s of 1.0 s at 300,000 jobseekers)
    # where a hash aggregate needs no sort.
    statement = f"""
        WITH active AS (
            SELECT DISTINCT c.job_search_period_id AS id
            FROM {ServicePeriod._meta.db_table} s
            JOIN {Case._meta.db_table} c ON c.id = s.case_id
            JOIN {ServiceType._meta.db_table} t ON t.id = s.service_type_id
            WHERE t.counts_as_active
              AND s.started_on <= %(last)s
              AND (s.ended_on IS NULL OR s.ended_on >= %(last)s)
        ), stock AS (
            SELECT p.organisation_id,
                   a.id IS NOT NULL AS active,
                   p.status_at_start = ANY(%(unemployed)s) AS unemployed,
                   p.started_on <= %(long_term_from)s AS long_term
            FROM {JobSearchPeriod._meta.db_table} p
            LEFT JOIN active a ON a.id = p.id
            WHERE p.started_on <= %(last)s
              AND (p.ended_on IS NULL OR p.ended_on >= %(last)s)
              {only}
        )
        SELECT organisation_id,
               count(*),
               count(*) FILTER (WHERE active),
               count(*) FILTER (WHERE NOT active AND unemployed),
               count(*) FILTER (WHERE NOT active AND unemployed AND long_term)
        FROM stock
        GROUP BY organisation_id
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with cursor_without_jit() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    searches: Counts = {}
    activation: Counts = {}
    long_term: Counts = {}
    for organisation_id, jobseekers, alp, u, long in rows:
        searches[organisation_id] = (jobseekers, None)
        activation[organisation_id] = (alp, alp + u)
        # The share has a figure only where someone is unemployed (U > 0).
        if u:
            long_term[organisation_id] = (long, u)
    return {
        "jobseekers_month_end": searches,
        "activation_rate": activation,
        "long_term_unemployed_share": long_term,
    }


def due_steps(first: dt.date, last: dt.date) -> dict[str, Counts]:
    """The steps due by the last day, in one scan: deadline_compliance (the
    interview and discussions due in the month), statutory_deadlines_met
    (every statutory step due in the month, except those paused before
    their due date) and overdue_steps_month_end (past due and not done at
    the end of the last day, as far as the current rows tell: done after
    the month, or paused only after it, still count; cancelled steps carry
    no date and never count)."""
    cancelled = Q(status=StepStatus.CANCELLED)
    on_time = Q(status=StepStatus.DONE, completed_on__lte=F("due_on"))
    due_in_month = Q(kind__in=DEADLINE_STEPS, due_on__gte=first) & ~cancelled
    # A step paused on or before its due date has no running deadline; one
    # paused only after it was already late.
    statutory_due = (
        Q(kind__in=STATUTORY_STEPS, due_on__gte=first)
        & ~cancelled
        & ~Q(status=StepStatus.PAUSED, paused_on__lte=F("due_on"))
    )
    unfinished_at_end = (
        Q(status=StepStatus.OPEN)
        | Q(status=StepStatus.DONE, completed_on__gt=last)
        | Q(status=StepStatus.PAUSED, paused_on__gt=last)
    )
    overdue = Q(due_on__lt=last) & unfinished_at_end
    queryset = (
        # Only the rows some count can take: every step ever due is read
        # either way (no index serves both the month and the month end), but
        # the five FILTERs were evaluated on each of them; a step due before
        # the month and finished by its end counts nowhere. 0.53 -> 0.24 s a
        # month at 300,000 jobseekers (EXPLAIN ANALYZE; the whole history's
        # 935,000 steps down to the month's 45,000 and the 1,900 overdue).
        ProcessStep.objects.filter(due_on__lte=last)
        .filter(Q(due_on__gte=first) | unfinished_at_end)
        .values("organisation_id")
        .annotate(
            on_time=Count("id", filter=due_in_month & on_time),
            due=Count("id", filter=due_in_month),
            statutory_on_time=Count("id", filter=statutory_due & on_time),
            statutory_due=Count("id", filter=statutory_due),
            overdue=Count("id", filter=overdue),
        )
    )
    with without_jit():
        rows = list(queryset)
    # Only organisations with a step in each count get that figure.
    return {
        "deadline_compliance": {
            r["organisation_id"]: (r["on_time"], r["due"]) for r in rows if r["due"]
        },
        "statutory_deadlines_met": {
            r["organisation_id"]: (r["statutory_on_time"], r["statutory_due"])
            for r in rows
            if r["statutory_due"]
        },
        "overdue_steps_month_end": {
            r["organisation_id"]: (r["overdue"], None) for r in rows if r["overdue"]
        },
    }


def case_exits(first: dt.date, last: dt.date) -> dict[str, Counts]:
    """Cases closed in the month, in one scan: exits_to_employment and
    exits_to_education, both shares of all the month's exits."""
    rows = (
        Case.objects.filter(closed_on__range=(first, last))
        .values("organisation_id")
        .annotate(
            employment=Count("id", filter=Q(exit_reason__in=EMPLOYMENT_EXITS)),
            education=Count("id", filter=Q(exit_reason=ExitReason.EDUCATION)),
            exits=Count("id"),
        )
    )
    return {
        "exits_to_employment": {
            r["organisation_id"]: (r["employment"], r["exits"]) for r in rows
        },
        "exits_to_education": {
            r["organisation_id"]: (r["education"], r["exits"]) for r in rows
        },
    }


def jobseekers_month_end(first: dt.date, last: dt.date) -> Counts:
    return month_end_searches(first, last)["jobseekers_month_end"]


def activation_rate(
    first: dt.date, last: dt.date, *, organisation_ids: Sequence[int] | None = None
) -> Counts:
    """ALP and ALP + U on the last day."""
    return month_end_searches(first, last, organisation_ids=organisation_ids)[
        "activation_rate"
    ]


def long_term_unemployed_share(first: dt.date, last: dt.date) -> Counts:
    """Of the unemployed on the last day (U of the activation rate), those
    whose job search began at least 12 months before."""
    return month_end_searches(first, last)["long_term_unemployed_share"]


def deadline_compliance(first: dt.date, last: dt.date) -> Counts:
    return due_steps(first, last)["deadline_compliance"]


def overdue_steps_month_end(first: dt.date, last: dt.date) -> Counts:
    return due_steps(first, last)["overdue_steps_month_end"]


def statutory_deadlines_met(first: dt.date, last: dt.date) -> Counts:
    return due_steps(first, last)["statutory_deadlines_met"]


def exits_to_employment(first: dt.date, last: dt.date) -> Counts:
    return case_exits(first, last)["exits_to_employment"]


def exits_to_education(first: dt.date, last: dt.date) -> Counts:
    return case_exits(first, last)["exits_to_education"]


# --- Computations read one at a time ------------------------------------------


def new_clients(first: dt.date, last: dt.date) -> Counts:
    rows = (
        JobSearchPeriod.objects.filter(started_on__range=(first, last))
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {r["organisation_id"]: (r["n"], None) for r in rows}


def service_starts(first: dt.date, last: dt.date) -> Counts:
    rows = (
        ServicePeriod.objects.filter(started_on__range=(first, last))
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {r["organisation_id"]: (r["n"], None) for r in rows}


def employed_3_months_after_service(first: dt.date, last: dt.date) -> Counts:
    """Services whose follow-up day (end + 90 days) falls in the month, and
    those whose jobseeker was in open-market employment on that day: the
    latest case closed by that day exited to open-market employment and no
    job search (other than one started as employed) was running that day,
    or a job search started as employed was running that day."""
    params: dict[str, Any] = {
        "days": FOLLOW_UP_DAYS,
        "from": first - dt.timedelta(days=FOLLOW_UP_DAYS),
        "to": last - dt.timedelta(days=FOLLOW_UP_DAYS),
        "open_market": ExitReason.OPEN_MARKET_EMPLOYMENT.value,
        "employed": LabourMarketStatus.EMPLOYED.value,
    }
    # Measured at 1,000,000 synthetic jobseekers (bench_polku_1000000): the
    # former ORM statement (three correlated subqueries a service) took about
    # 1.4 s a month, of which about 1.1-1.2 s was JIT compilation: the
    # per-service index probes over ~26,000 services are estimated at ~700,000
    # cost units, past jit_above_cost and the inlining/optimisation
    # thresholds, although they run in a few milliseconds each. Three
    # further costs: the job search probe chose the gist exclusion index
    # (~15 us a probe, btree ~4 us), and the case join hashed a full scan of
    # cases. This statement looks up each service's jobseeker by case key,
    # probes cases and job searches once each by btree (= ANY(ARRAY[..]),
    # which the gist index cannot answer, so the planner takes the btree),
    # answers both job search conditions in one probe, and runs with JIT off
    # for this statement only: the same figures in about 0.35-0.5 s a month.
    # The cost estimate stays high (per-row probes), so JIT must be off
    # explicitly (core.db.cursor_without_jit).
    sql = f"""
        SELECT s.organisation_id,
               count(*) FILTER (WHERE
                   (x.exit_reason = %(open_market)s
                    AND NOT COALESCE(j.searching, false))
                   OR COALESCE(j.employed_searching, false)),
               count(*)
        FROM (
            SELECT s.organisation_id, s.ended_on + %(days)s AS checked_on,
                   (SELECT c.jobseeker_id FROM {Case._meta.db_table} c
                    WHERE c.id = s.case_id) AS jobseeker_id
            FROM {ServicePeriod._meta.db_table} s
            WHERE s.ended_on BETWEEN %(from)s AND %(to)s
            OFFSET 0
        ) s
        LEFT JOIN LATERAL (
            -- The latest case closed by the follow-up day.
            SELECT u.exit_reason
            FROM {Case._meta.db_table} u
            WHERE u.jobseeker_id = s.jobseeker_id
              AND u.closed_on <= s.checked_on
            ORDER BY u.closed_on DESC, u.id DESC
            LIMIT 1
        ) x ON true
        LEFT JOIN LATERAL (
            -- A job search still running on the follow-up day; one that ends
            -- that very day ended with the exit that the day is judged by.
            SELECT bool_or(p.status_at_start <> %(employed)s) AS searching,
                   bool_or(p.status_at_start = %(employed)s)
                       AS employed_searching
            FROM {JobSearchPeriod._meta.db_table} p
            WHERE p.jobseeker_id = ANY(ARRAY[s.jobseeker_id])
              AND p.started_on <= s.checked_on
              AND (p.ended_on IS NULL OR p.ended_on > s.checked_on)
        ) j ON true
        GROUP BY s.organisation_id
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with cursor_without_jit() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {org: (employed, ended) for org, employed, ended in rows}


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
    # Measured at 1,000,000 synthetic jobseekers (bench_polku_1000000): the
    # former one-row-per-weekday join of every job search against every
    # service took about 4.4 s a month. Restricting periods and services to
    # those overlapping the month, counting the weekdays of a period
    # arithmetically and expanding to days only the few (period, service)
    # pairs overlapping the month gives the same figures in about 1.0-1.6 s
    # (old 4.5-5.6 s, same machine, repeated). The month's weekdays are a
    # join, not a generate_series per pair, whose 333-row default estimate
    # inflated the cost enough to trigger seconds of JIT optimisation.
    sql = f"""
        WITH weekdays AS (
            SELECT %(first)s::date + n AS day
            FROM generate_series(0, %(last)s::date - %(first)s::date) AS n
            WHERE extract(isodow FROM %(first)s::date + n) < 6
        ), periods AS (
            SELECT p.id, p.jobseeker_id, j.home_municipality_id,
                   j.lms_days_for_unemployment, j.benefit_days_as_of,
                   GREATEST(p.started_on, %(first)s::date) AS lo,
                   LEAST(%(last)s::date, COALESCE(p.ended_on, %(last)s::date))
                       AS hi
            FROM {JobSearchPeriod._meta.db_table} p
            JOIN {Jobseeker._meta.db_table} j ON j.id = p.jobseeker_id
            WHERE j.benefit_type = %(subsidy)s
              AND p.started_on <= %(last)s::date
              AND (p.ended_on IS NULL OR p.ended_on >= %(first)s::date)
        ), excluding AS (
            SELECT c.job_search_period_id AS period_id, s.started_on, s.ended_on
            FROM {ServicePeriod._meta.db_table} s
            JOIN {Case._meta.db_table} c ON c.id = s.case_id
            JOIN {ServiceType._meta.db_table} t ON t.id = s.service_type_id
            WHERE s.started_on <= %(last)s::date
              AND (s.ended_on IS NULL OR s.ended_on >= %(first)s::date)
              AND (t.category = ANY(%(no_subsidy)s)
                   OR (%(services_unfinanced)s AND t.counts_as_active))
        ), excluded AS (
            -- Distinct weekdays of the period in the month, so that
            -- overlapping services count once.
            SELECT p.id, count(DISTINCT w.day) AS days
            FROM periods p
            JOIN excluding e ON e.period_id = p.id
            JOIN weekdays w
              ON w.day BETWEEN GREATEST(p.lo, e.started_on)
                           AND LEAST(p.hi, COALESCE(e.ended_on, p.hi))
            GROUP BY p.id
        ), period_days AS (
            -- Weekdays in [lo, hi]: five per whole week, plus the weekdays
            -- among the remaining days counted from lo's day of the week.
            SELECT p.jobseeker_id, p.home_municipality_id,
                   p.lms_days_for_unemployment, p.benefit_days_as_of, p.hi,
                   CASE WHEN p.hi < p.lo THEN 0 ELSE
                       5 * ((p.hi - p.lo + 1) / 7)
                       + GREATEST(0, LEAST(w.d0 + w.rem, 5) - w.d0)
                       + GREATEST(0, LEAST(w.d0 + w.rem, 12) - GREATEST(w.d0, 7))
                   END - COALESCE(x.days, 0) AS days
            FROM periods p
            CROSS JOIN LATERAL (
                SELECT extract(isodow FROM p.lo)::int - 1 AS d0,
                       (p.hi - p.lo + 1) %% 7 AS rem
            ) w
            LEFT JOIN excluded x ON x.id = p.id
        ), paid AS (
            SELECT home_municipality_id, lms_days_for_unemployment,
                   benefit_days_as_of, sum(days)::bigint AS days,
                   max(hi) AS last_day
            FROM period_days
            WHERE days > 0
            GROUP BY jobseeker_id, home_municipality_id,
                     lms_days_for_unemployment, benefit_days_as_of
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
    with cursor_without_jit() as cursor:
        cursor.execute(sql, params)
        return {org: (int(num), int(den)) for org, num, den in cursor.fetchall()}


# Bands of unemployment duration by the cumulative paid days on the invoice
# line (issue 23): the code's suffix and the band's lower bound.
DURATION_BANDS = (
    ("under_100", 0),
    ("100_299", 100),
    ("300_999", 300),
    ("1000_plus", 1000),
)
EURO_BENEFITS = (
    BenefitType.LABOUR_MARKET_SUBSIDY,
    BenefitType.BASIC_ALLOWANCE,
    BenefitType.EARNINGS_RELATED,
)
EURO_TOTAL = "municipal_share_euros"


def invoiced_shares(first: dt.date, last: dt.date) -> dict[str, Counts]:
    """The municipal share of the month's invoices per invoiced municipality,
    in all, by benefit and by duration band, each as (cents, persons): one
    statement with grouping sets. Persons are distinct identity codes (their
    blind index: matched or not, each is a person) plus the persons a totals
    line states; a line without a cumulative day count has no band and is
    counted only in all and by benefit."""
    band = (
        "CASE "
        + " ".join(
            f"WHEN l.cumulative_days >= {low} THEN '{name}'"
            for name, low in reversed(DURATION_BANDS)
        )
        + " END"
    )
    sql = f"""
        SELECT i.municipality_id, l.benefit_type, {band} AS band,
               GROUPING(l.benefit_type), GROUPING({band}),
               sum(l.share_cents),
               count(DISTINCT NULLIF(l.identity_code_index, ''))
                   + COALESCE(sum(l.persons), 0)
        FROM {MunicipalShareInvoiceLine._meta.db_table} l
        JOIN {MunicipalShareInvoice._meta.db_table} i ON i.id = l.invoice_id
        WHERE i.month = %(month)s
        GROUP BY GROUPING SETS (
            (i.municipality_id),
            (i.municipality_id, l.benefit_type),
            (i.municipality_id, {band})
        )
    """  # noqa: S608 - table names come from model metadata, values are parameters
    result: dict[str, Counts] = {EURO_TOTAL: {}}
    result.update({f"{EURO_TOTAL}_{b.value}": {} for b in EURO_BENEFITS})
    result.update({f"{EURO_TOTAL}_days_{name}": {} for name, _low in DURATION_BANDS})
    with connection.cursor() as cursor:
        cursor.execute(sql, {"month": first})
        for org, benefit, band_name, no_benefit, no_band, cents, persons in cursor:
            if no_benefit and no_band:
                code = EURO_TOTAL
            elif not no_benefit:
                code = f"{EURO_TOTAL}_{benefit}"
            elif band_name is None:
                continue  # lines without a day count have no band
            else:
                code = f"{EURO_TOTAL}_days_{band_name}"
            result[code][org] = (int(cents), int(persons))
    return result


def client_satisfaction(first: dt.date, last: dt.date) -> Counts:
    """Answers of the month scoring 4-5 over all of them: an answer keeps
    its month only (reporting.surveys), so `first` selects them."""
    rows = (
        SurveyAnswer.objects.filter(month=first.replace(day=1))
        .values("organisation_id")
        .annotate(
            satisfied=Count("id", filter=Q(score__gte=SATISFIED_SCORE)),
            answers=Count("id"),
        )
        .order_by()
    )
    return {r["organisation_id"]: (r["satisfied"], r["answers"]) for r in rows}


# --- Appointments and messages (issue 22) ------------------------------------


def appointment_outcomes(first: dt.date, last: dt.date) -> dict[str, Counts]:
    """Appointments whose time began in the month, in one scan: no_show_rate
    (not come of those held or not come; cancelled ones are neither)."""
    start, end = _month_range(first, last)
    rows = (
        Appointment.objects.filter(
            during__startswith__gte=start, during__startswith__lt=end
        )
        .values("organisation_id")
        .annotate(
            missed=Count("id", filter=Q(status=AppointmentStatus.NO_SHOW)),
            decided=Count(
                "id",
                filter=Q(
                    status__in=[AppointmentStatus.HELD, AppointmentStatus.NO_SHOW]
                ),
            ),
        )
        .order_by()
    )
    return {
        "no_show_rate": {
            r["organisation_id"]: (r["missed"], r["decided"])
            for r in rows
            if r["decided"]
        }
    }


class HelsinkiDate(Func):
    """The Helsinki calendar day of a time (a due date is a Finnish day)."""

    template = "(%(expressions)s AT TIME ZONE 'Europe/Helsinki')::date"
    output_field = DateField()


def _month_range(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month as Helsinki times [first 00.00, day after last 00.00)."""
    return (
        dt.datetime.combine(first, dt.time(), tzinfo=HELSINKI),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=HELSINKI),
    )


def no_show_rate(first: dt.date, last: dt.date) -> Counts:
    return appointment_outcomes(first, last)["no_show_rate"]


def booked_within_deadline(first: dt.date, last: dt.date) -> Counts:
    """Initial interviews due in the month (not cancelled), and those with a
    time booked (not cancelled) on or before the due date."""
    booked_in_time = (
        Appointment.objects.filter(step_id=OuterRef("pk"))
        .exclude(status=AppointmentStatus.CANCELLED)
        .annotate(day=HelsinkiDate("during__startswith"))
        .filter(day__lte=OuterRef("due_on"))
    )
    queryset = (
        ProcessStep.objects.filter(
            kind="initial_interview", due_on__range=(first, last)
        )
        .exclude(status=StepStatus.CANCELLED)
        .values("organisation_id")
        .annotate(
            in_time=Count("id", filter=Q(Exists(booked_in_time))),
            due=Count("id"),
        )
        .order_by()
    )
    with without_jit():
        rows = list(queryset)
    return {r["organisation_id"]: (r["in_time"], r["due"]) for r in rows}


def face_to_face_share(first: dt.date, last: dt.date) -> Counts:
    """Statutory meetings held in the month, and those met face to face."""
    rows = (
        Meeting.objects.filter(held_on__range=(first, last))
        .values("organisation_id")
        .annotate(
            in_person=Count("id", filter=Q(channel__in=FACE_TO_FACE_CHANNELS)),
            held=Count("id"),
        )
        .order_by()
    )
    return {r["organisation_id"]: (r["in_person"], r["held"]) for r in rows}


def messages_sent(first: dt.date, last: dt.date) -> dict[str, Counts]:
    """Messages to clients sent in the month, by sending organisation and
    channel, in one scan."""
    start, end = _month_range(first, last)
    rows = (
        Message.objects.filter(
            status=Message.Status.SENT, sent_at__gte=start, sent_at__lt=end
        )
        .values("organisation_id", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[str, Counts] = {f"messages_sent_{c}": {} for c in MESSAGE_CHANNELS}
    for r in rows:
        counts[f"messages_sent_{r['channel']}"][r["organisation_id"]] = (r["n"], None)
    return counts


MESSAGE_CHANNELS = ("email", "sms", "letter")


def messages_sent_email(first: dt.date, last: dt.date) -> Counts:
    return messages_sent(first, last)["messages_sent_email"]


def messages_sent_sms(first: dt.date, last: dt.date) -> Counts:
    return messages_sent(first, last)["messages_sent_sms"]


def messages_sent_letter(first: dt.date, last: dt.date) -> Counts:
    return messages_sent(first, last)["messages_sent_letter"]


def days_to_initial_interview(first: dt.date, last: dt.date) -> dict[int, Counter[int]]:
    """Initial interviews held in the month: how many working days after the
    registration (the start of the job search) each was, by organisation, as
    a count of interviews per number of days. A median cannot be added up,
    but these counts can: areas, pilots and the country add them and take
    the median of the sum (services.roll_up_distribution)."""
    rows = (
        Meeting.objects.filter(kind="initial_interview", held_on__range=(first, last))
        .values_list(
            "organisation_id", "case__job_search_period__started_on", "held_on"
        )
        .order_by()
    )
    # Working days need the Finnish holidays: counted here, one row an
    # interview held in the month (a few tens of thousands at most).
    histograms: dict[int, Counter[int]] = defaultdict(Counter)
    for organisation_id, started_on, held_on in rows.iterator(chunk_size=5000):
        histograms[organisation_id][working_days_between(started_on, held_on)] += 1
    return dict(histograms)


# --- The national follow-up set (issue 23 item 4) ------------------------------
# Months after its start at which a spell of unemployment enters the
# national "over three months" inflow.
INFLOW_MONTHS = 3


def inflow_over_3_months_unemployed(first: dt.date, last: dt.date) -> Counts:
    """Persons whose unemployment passed three months in the month: job
    searches registered as unemployed or laid off, whose day three months
    after the start falls in the month (add_months clamps to the month's
    end, as PostgreSQL's interval does, so these are exactly the job searches
    that started three months before the month), open on that day and not
    in an activating service that day. One statement."""
    started_first = add_months(first, -INFLOW_MONTHS)
    _weekday, days = calendar.monthrange(started_first.year, started_first.month)
    params: dict[str, Any] = {
        "from": started_first,
        "to": started_first.replace(day=days),
        "months": INFLOW_MONTHS,
        "unemployed": list(UNEMPLOYED_STATUSES),
    }
    sql = f"""
        WITH spells AS (
            SELECT p.id, p.organisation_id, p.jobseeker_id, p.ended_on,
                   (p.started_on + make_interval(months => %(months)s))::date
                       AS passed_on
            FROM {JobSearchPeriod._meta.db_table} p
            WHERE p.started_on BETWEEN %(from)s AND %(to)s
              AND p.status_at_start = ANY(%(unemployed)s)
        )
        SELECT s.organisation_id, count(DISTINCT s.jobseeker_id)
        FROM spells s
        WHERE (s.ended_on IS NULL OR s.ended_on >= s.passed_on)
          AND NOT EXISTS (
              SELECT 1
              FROM {ServicePeriod._meta.db_table} v
              JOIN {Case._meta.db_table} c ON c.id = v.case_id
              JOIN {ServiceType._meta.db_table} t ON t.id = v.service_type_id
              WHERE c.job_search_period_id = s.id
                AND t.counts_as_active
                AND v.started_on <= s.passed_on
                AND (v.ended_on IS NULL OR v.ended_on >= s.passed_on)
          )
        GROUP BY s.organisation_id
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {org: (int(n), None) for org, n in cursor.fetchall()}


def days_to_open_market_employment(
    first: dt.date, last: dt.date
) -> dict[int, Counter[int]]:
    """Cases closed in the month with the exit reason open-market
    employment: how many calendar days after the start of the job search
    each closed, by organisation, as a count of cases per number of days
    (rolled up as days_to_initial_interview is). One statement."""
    # The month's cases come from case_closed_idx alone, and each one's job
    # search by its key: joined, the planner hashed a read of every job
    # search for the month's few thousand cases (0.10-0.12 s a month at
    # 300,000 jobseekers, 30 ms probed; issue 21). Every case has its job
    # search (a required key), so the probe always finds it, as the join did.
    sql = f"""
        SELECT c.organisation_id,
               c.closed_on - (
                   SELECT p.started_on
                   FROM {JobSearchPeriod._meta.db_table} p
                   WHERE p.id = c.job_search_period_id
               ) AS days,
               count(*)
        FROM {Case._meta.db_table} c
        WHERE c.closed_on BETWEEN %(first)s AND %(last)s
          AND c.exit_reason = %(open_market)s
        GROUP BY 1, 2
    """  # noqa: S608 - table names come from model metadata, values are parameters
    histograms: dict[int, Counter[int]] = defaultdict(Counter)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "first": first,
                "last": last,
                "open_market": ExitReason.OPEN_MARKET_EMPLOYMENT.value,
            },
        )
        for organisation_id, days, cases in cursor.fetchall():
            histograms[organisation_id][int(days)] += int(cases)
    return dict(histograms)


# Computations that give a distribution (a median) rather than counts.
DISTRIBUTIONS: dict[str, Callable[[dt.date, dt.date], dict[int, Counter[int]]]] = {
    "days_to_initial_interview": days_to_initial_interview,
    "days_to_open_market_employment": days_to_open_market_employment,
}


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
    "no_show_rate": no_show_rate,
    "booked_within_deadline": booked_within_deadline,
    "face_to_face_share": face_to_face_share,
    "messages_sent_email": messages_sent_email,
    "messages_sent_sms": messages_sent_sms,
    "messages_sent_letter": messages_sent_letter,
    "inflow_over_3_months_unemployed": inflow_over_3_months_unemployed,
    "statutory_deadlines_met": statutory_deadlines_met,
}
EURO_CODES = (
    EURO_TOTAL,
    *(f"{EURO_TOTAL}_{b.value}" for b in EURO_BENEFITS),
    *(f"{EURO_TOTAL}_days_{name}" for name, _low in DURATION_BANDS),
)


def _invoiced_share(code: str) -> Callable[[dt.date, dt.date], Counts]:
    """One euro indicator alone (MonthComputations answers all from one pass)."""

    def compute(first: dt.date, last: dt.date) -> Counts:
        return invoiced_shares(first, last)[code]

    return compute


COMPUTATIONS.update({code: _invoiced_share(code) for code in EURO_CODES})


# The computations answered by a shared pass, and the pass.
SHARED_PASSES: dict[str, SharedPass] = {
    "jobseekers_month_end": month_end_searches,
    "activation_rate": month_end_searches,
    "long_term_unemployed_share": month_end_searches,
    "deadline_compliance": due_steps,
    "overdue_steps_month_end": due_steps,
    "statutory_deadlines_met": due_steps,
    "exits_to_employment": case_exits,
    "exits_to_education": case_exits,
    **dict.fromkeys(EURO_CODES, invoiced_shares),
    "messages_sent_email": messages_sent,
    "messages_sent_sms": messages_sent,
    "messages_sent_letter": messages_sent,
}


class MonthComputations:
    """The computations of one month, running each shared pass once: the
    indicators reading it come from one statement, and so from one moment of
    the data. Lives for one month's run, so that no figure outlives it."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.last = last
        self._passes: dict[SharedPass, dict[str, Counts]] = {}

    def counts(self, computation: str) -> Counts:
        shared = SHARED_PASSES.get(computation)
        if shared is None:
            return COMPUTATIONS[computation](self.first, self.last)
        if shared not in self._passes:
            self._passes[shared] = shared(self.first, self.last)
        return self._passes[shared][computation]
