"""Finnish working-day arithmetic; pure functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.rules.calendar import (
    add_months,
    add_working_days,
    is_working_day,
    next_working_day_on_or_after,
    previous_working_day_on_or_before,
    working_days_between,
)


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2025, 3, 8),  # Saturday
        dt.date(2025, 3, 9),  # Sunday
        dt.date(2025, 1, 1),  # New Year's Day, Wednesday
        dt.date(2025, 1, 6),  # Epiphany, Monday
        dt.date(2025, 4, 18),  # Good Friday
        dt.date(2025, 4, 21),  # Easter Monday
        dt.date(2025, 5, 1),  # May Day, Thursday
        dt.date(2025, 5, 29),  # Ascension Day, Thursday
        dt.date(2025, 6, 20),  # Midsummer Eve, Friday
        dt.date(2024, 12, 6),  # Independence Day, Friday
        dt.date(2025, 12, 24),  # Christmas Eve, Wednesday
        dt.date(2025, 12, 25),  # Christmas Day, Thursday
        dt.date(2025, 12, 26),  # Second Day of Christmas, Friday
        dt.date(2026, 1, 1),  # New Year's Day, Thursday
        dt.date(2026, 1, 6),  # Epiphany, Tuesday
    ],
)
def test_weekends_public_holidays_and_the_eves_are_not_working_days(
    day: dt.date,
) -> None:
    assert is_working_day(day) is False


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2025, 3, 7),  # Friday
        dt.date(2025, 4, 17),  # Maundy Thursday
        dt.date(2025, 4, 30),  # May Day Eve
        dt.date(2025, 6, 19),  # Thursday before Midsummer Eve
        dt.date(2025, 12, 23),  # Tuesday before Christmas Eve
        dt.date(2025, 12, 31),  # New Year's Eve
        dt.date(2026, 1, 2),  # Friday after New Year's Day
    ],
)
def test_ordinary_weekdays_next_to_holidays_are_working_days(day: dt.date) -> None:
    assert is_working_day(day) is True


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (dt.date(2025, 3, 7), 1, dt.date(2025, 3, 10)),  # Friday → Monday
        (dt.date(2025, 3, 7), 5, dt.date(2025, 3, 14)),  # a whole week
        (dt.date(2025, 12, 23), 1, dt.date(2025, 12, 29)),  # over Christmas
        (dt.date(2025, 12, 23), 4, dt.date(2026, 1, 2)),  # and New Year
        (dt.date(2025, 4, 17), 1, dt.date(2025, 4, 22)),  # over Easter
        (dt.date(2025, 6, 19), 1, dt.date(2025, 6, 23)),  # over Midsummer
    ],
)
def test_add_working_days_skips_weekends_and_holidays(
    start: dt.date, n: int, expected: dt.date
) -> None:
    assert add_working_days(start, n) == expected


def test_adding_zero_working_days_returns_the_start_even_on_a_holiday() -> None:
    assert add_working_days(dt.date(2025, 12, 25), 0) == dt.date(2025, 12, 25)


def test_adding_negative_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(dt.date(2025, 3, 7), -1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 12, 23), dt.date(2025, 12, 23)),  # already a working day
        (dt.date(2025, 12, 26), dt.date(2025, 12, 23)),
        (dt.date(2025, 4, 21), dt.date(2025, 4, 17)),  # Easter Monday
        (dt.date(2025, 3, 9), dt.date(2025, 3, 7)),  # Sunday
    ],
)
def test_previous_working_day_on_or_before(day: dt.date, expected: dt.date) -> None:
    assert previous_working_day_on_or_before(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 12, 23), dt.date(2025, 12, 23)),
        (dt.date(2025, 12, 24), dt.date(2025, 12, 29)),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 2)),
        (dt.date(2025, 6, 20), dt.date(2025, 6, 23)),  # Midsummer Eve
    ],
)
def test_next_working_day_on_or_after(day: dt.date, expected: dt.date) -> None:
    assert next_working_day_on_or_after(day) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # 22, 23, 29, 30, 31 December and 2 January; the start is not counted.
        (dt.date(2025, 12, 19), dt.date(2026, 1, 2), 6),
        (dt.date(2025, 3, 7), dt.date(2025, 3, 10), 1),  # Friday → Monday
        (dt.date(2025, 3, 7), dt.date(2025, 3, 7), 0),
        (dt.date(2025, 3, 10), dt.date(2025, 3, 7), 0),  # end before start
    ],
)
def test_working_days_between_counts_the_half_open_interval(
    start: dt.date, end: dt.date, expected: int
) -> None:
    assert working_days_between(start, end) == expected


def test_working_days_between_agrees_with_counting_day_by_day() -> None:
    # given
    start = dt.date(2023, 12, 20)
    for length in range(800):
        end = start + dt.timedelta(days=length)
        # when
        counted = sum(
            1
            for offset in range(1, length + 1)
            if is_working_day(start + dt.timedelta(days=offset))
        )
        # then
        assert working_days_between(start, end) == counted


@pytest.mark.parametrize("n", [1, 5, 10, 250])
def test_add_working_days_and_working_days_between_are_inverse(n: int) -> None:
    start = dt.date(2025, 12, 22)

    assert working_days_between(start, add_working_days(start, n)) == n


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 3, dt.date(2025, 4, 30)),  # clamped to month end
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), 36, dt.date(2027, 2, 28)),
        (dt.date(2025, 11, 1), 3, dt.date(2026, 2, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected
