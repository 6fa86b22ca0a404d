from __future__ import annotations

import datetime as dt

import pytest

from appropriations import rules


def test_pay_subsidy_percentages_follow_the_2023_reform() -> None:
    before = rules.pay_subsidy_rule(dt.date(2023, 6, 30))
    after = rules.pay_subsidy_rule(dt.date(2023, 7, 1))

    assert before is not None
    assert after is not None
    assert before.percents == (30, 40, 50, 100)
    assert after.percents == (50, 70, 100)
    assert "1136/2022" in after.source
    assert rules.pay_subsidy_rule(dt.date(2016, 12, 31)) is None


@pytest.mark.parametrize(
    ("start", "end", "tenths"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 5, 31), 30),  # 92 days
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), 120),  # 365 days
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1), 0),  # one day = 0.03
        (dt.date(2026, 3, 1), dt.date(2026, 3, 2), 1),  # two days = 0.066 -> 0.1
    ],
)
def test_person_months_in_tenths(start: dt.date, end: dt.date, tenths: int) -> None:
    assert rules.person_month_tenths(start, end) == tenths


def test_a_decision_over_two_quota_periods_is_split_by_days_to_the_cent() -> None:
    shares = rules.allocate(
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2027, 1, 31),
        cents=100_001,
        tenths=20,
        quotas=[
            (2, dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
            (1, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ],
    )

    assert [(s.quota_id, s.cents, s.tenths) for s in shares] == [
        (1, 50_001, 10),
        (2, 50_000, 10),
    ]


def test_a_day_without_a_quota_is_named() -> None:
    with pytest.raises(rules.UncoveredPeriodError) as error:
        rules.allocate(
            starts_on=dt.date(2026, 12, 1),
            ends_on=dt.date(2027, 1, 31),
            cents=1000,
            tenths=20,
            quotas=[(1, dt.date(2026, 1, 1), dt.date(2026, 12, 31))],
        )

    assert (error.value.first, error.value.last) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 31),
    )


def test_used_forecast_and_shortening() -> None:
    start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 10)

    assert rules.used_cents(1000, start, end, until=dt.date(2026, 2, 28)) == 0
    assert rules.used_cents(1000, start, end, until=dt.date(2026, 3, 3)) == 300
    assert rules.used_cents(1000, start, end, until=dt.date(2026, 4, 1)) == 1000
    assert rules.shortened_amount(1000, start, end, dt.date(2026, 3, 5)) == 500
    # 90 days of 365 gone with 250 committed: 250 * 365 / 90 by the year's end.
    assert (
        rules.forecast_cents(
            250,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            on=dt.date(2026, 3, 31),
        )
        == 1014
    )
    assert (
        rules.forecast_cents(
            1,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            on=dt.date(2025, 12, 31),
        )
        is None
    )
