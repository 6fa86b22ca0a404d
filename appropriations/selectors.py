"""Reads of quotas: committed, used and remaining per quota and month, and
the forecast for the period's end. One SQL statement per list or quota,
whatever the number of decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection

from cases.selectors import PageSection, user_json, with_user
from core.db import from_json

from . import rules
from .models import Decision, Quota, QuotaRevision

if TYPE_CHECKING:
    import datetime as dt

    from django.db.models import QuerySet

    from cases.models import Jobseeker

# Money of a decision's share in a quota counts as used day by day over the
# part of the decision's period that falls in the quota's period.
_USED = """
    SELECT h.quota_id,
           COALESCE(SUM(ROUND(h.cents * GREATEST(0, LEAST(h.last_day, %(until)s::date)
                      - h.first_day + 1)::numeric / (h.last_day - h.first_day + 1))), 0)
    FROM (
        SELECT e.quota_id, SUM(e.cents) AS cents,
               GREATEST(d.starts_on, q.starts_on) AS first_day,
               LEAST(d.ends_on, q.ends_on) AS last_day
        FROM appropriations_quotaentry e
        JOIN appropriations_decision d ON d.id = e.decision_id
        JOIN appropriations_quota q ON q.id = e.quota_id
        WHERE e.quota_id = ANY(%(quotas)s)
        GROUP BY e.quota_id, e.decision_id, d.starts_on, d.ends_on,
                 q.starts_on, q.ends_on
    ) h
    WHERE h.last_day >= h.first_day
    GROUP BY h.quota_id
"""


@dataclass(frozen=True)
class QuotaRow:
    quota: Quota
    used_cents: int
    forecast_cents: int | None

    @property
    def forecast_over(self) -> bool:
        return (
            self.forecast_cents is not None
            and self.forecast_cents > self.quota.amount_cents
        )

    @property
    def committed_percent(self) -> float | None:
        if not self.quota.amount_cents:
            return None
        return 100 * self.quota.committed_cents / self.quota.amount_cents


def quota_list() -> QuerySet[Quota]:
    return Quota.objects.select_related("holder").order_by(
        "holder__name", "appropriation", "-starts_on"
    )


def _used(quota_ids: list[int], until: dt.date) -> dict[int, int]:
    if not quota_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_USED, {"quotas": quota_ids, "until": until})
        return {quota_id: int(used) for quota_id, used in cursor.fetchall()}


def quota_rows(quotas: list[Quota], *, on: dt.date) -> list[QuotaRow]:
    used = _used([q.pk for q in quotas], on)
    return [
        QuotaRow(
            quota,
            used.get(quota.pk, 0),
            rules.forecast_cents(
                quota.committed_cents,
                starts_on=quota.starts_on,
                ends_on=quota.ends_on,
                on=on,
            ),
        )
        for quota in quotas
    ]


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    committed_cents: int
    used_cents: int
    decisions: int
    committed_tenths: int

    def remaining_cents(self, amount_cents: int) -> int:
        return amount_cents - self.committed_cents


_MONTHS = """
    WITH months AS (
        SELECT m::date AS month,
               (m + interval '1 month' - interval '1 day')::date AS month_end
        FROM generate_series(date_trunc('month', %(first)s::date),
                             %(last)s::date, interval '1 month') AS m
    ),
    held AS (
        SELECT SUM(e.cents) AS cents,
               GREATEST(d.starts_on, q.starts_on) AS first_day,
               LEAST(d.ends_on, q.ends_on) AS last_day
        FROM appropriations_quotaentry e
        JOIN appropriations_decision d ON d.id = e.decision_id
        JOIN appropriations_quota q ON q.id = e.quota_id
        WHERE e.quota_id = %(quota)s
        GROUP BY e.decision_id, d.starts_on, d.ends_on, q.starts_on, q.ends_on
    ),
    booked AS (
        SELECT m.month,
               COALESCE(SUM(e.cents), 0) AS cents,
               COALESCE(SUM(e.tenths), 0) AS tenths,
               COUNT(*) FILTER (WHERE e.kind = 'commit'
                                AND e.booked_on >= m.month) AS decisions
        FROM months m
        LEFT JOIN appropriations_quotaentry e
               ON e.quota_id = %(quota)s AND e.booked_on <= m.month_end
        GROUP BY m.month
    )
    SELECT m.month, b.cents, b.tenths, b.decisions,
           (SELECT COALESCE(SUM(ROUND(h.cents * GREATEST(0,
                       LEAST(h.last_day, m.month_end) - h.first_day + 1)::numeric
                       / (h.last_day - h.first_day + 1))), 0)
            FROM held h WHERE h.last_day >= h.first_day) AS used
    FROM months m JOIN booked b ON b.month = m.month
    ORDER BY m.month
"""


def quota_months(quota: Quota, *, until: dt.date | None = None) -> list[MonthRow]:
    """Committed (by the end of each month, from the ledger), used and the
    number of new decisions per month of the quota's period, up to `until`."""
    last = min(quota.ends_on, until) if until else quota.ends_on
    if last < quota.starts_on:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _MONTHS, {"quota": quota.pk, "first": quota.starts_on, "last": last}
        )
        return [
            MonthRow(month, int(cents), int(used), int(decisions), int(tenths))
            for month, cents, tenths, decisions, used in cursor.fetchall()
        ]


def quota_revisions(quota: Quota) -> QuerySet[QuotaRevision]:
    return quota.revisions.select_related("recorded_by").order_by("-revision")


def decisions_for_jobseeker(jobseeker: Jobseeker) -> list[Decision]:
    return list(
        Decision.objects.filter(jobseeker=jobseeker)
        .select_related("decided_by")
        .order_by("-decided_on", "-id")
    )


def decisions_section() -> PageSection:
    """decisions_for_jobseeker in the jobseeker page's one statement
    (decisions_from_json reads it back)."""
    return PageSection(
        f"""SELECT json_agg(json_build_array(to_json(d), {user_json("u")})
            ORDER BY d.decided_on DESC, d.id DESC)
        FROM appropriations_decision d
        LEFT JOIN accounts_user u ON u.id = d.decided_by_id
        WHERE d.jobseeker_id = {{jobseeker}}"""  # noqa: S608 - fixed text
    )


def decisions_from_json(value: list[Any] | None) -> list[Decision]:
    decisions = []
    for data, decided_by in value or []:
        decision = from_json(Decision, data)
        with_user(decision, "decided_by", decided_by)
        decisions.append(decision)
    return decisions
