"""The follow-up by month, against hand-computed figures."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest

from appropriations import selectors, services

from .conftest import pay_subsidy

if TYPE_CHECKING:
    from accounts.models import User
    from appropriations.models import Quota
    from cases.models import Case

pytestmark = pytest.mark.django_db


def test_committed_used_and_forecast_by_month(
    quota: Quota, case: Case, caseworker: User
) -> None:
    # €3,100 for 1-31 March, decided in February; €1,000 for April, decided
    # in March and cancelled before it started.
    services.decision_record(
        case=case,
        actor=caseworker,
        **pay_subsidy(ends_on=dt.date(2026, 3, 31), amount_cents=310_000),
    )
    second = services.decision_record(
        case=case,
        actor=caseworker,
        **pay_subsidy(
            decided_on=dt.date(2026, 3, 10),
            starts_on=dt.date(2026, 4, 1),
            ends_on=dt.date(2026, 4, 30),
            amount_cents=100_000,
        ),
    )
    services.decision_cancel(
        decision=second, actor=caseworker, on=dt.date(2026, 3, 20), reason="Peruttu"
    )
    quota.refresh_from_db()

    months = selectors.quota_months(quota, until=dt.date(2026, 4, 15))

    assert [
        (m.month.month, m.decisions, m.committed_cents, m.used_cents) for m in months
    ] == [
        (1, 0, 0, 0),
        (2, 1, 310_000, 0),
        (3, 1, 310_000, 310_000),  # +1,000 and -1,000 within March
        (4, 0, 310_000, 310_000),
    ]
    (row,) = selectors.quota_rows([quota], on=dt.date(2026, 3, 15))
    # 15 of 31 March days used: 310,000 * 15 / 31 = 150,000.
    assert row.used_cents == 150_000
    # 74 days of 365 gone with €3,100 committed.
    assert row.forecast_cents == round(310_000 * 365 / 74)
    assert row.forecast_over  # on course for €15,291 of €10,000


def test_the_follow_up_reads_in_a_fixed_number_of_queries(
    quota: Quota,
    case: Case,
    caseworker: User,
    django_assert_max_num_queries: Any,
) -> None:
    counts = []
    for _ in range(2):
        for _ in range(3):
            services.decision_record(
                case=case,
                actor=caseworker,
                **pay_subsidy(amount_cents=1000, ends_on=dt.date(2026, 3, 2)),
            )
        with django_assert_max_num_queries(3) as ctx:  # list, used, months
            selectors.quota_rows(list(selectors.quota_list()), on=dt.date(2026, 6, 1))
            selectors.quota_months(quota)
        counts.append(len(ctx.captured_queries))

    assert counts[0] == counts[1]
