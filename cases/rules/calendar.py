"""Finnish working days and calendar months for statutory deadlines."""

from __future__ import annotations

import datetime as dt
import functools

# python-dateutil ships without type hints (types-python-dateutil is not a
# dependency); add_months() is the one typed doorway to it.
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped,unused-ignore]
from holidays.countries.finland import Finland

_DAYS_PER_WEEK = 7
_WORKING_DAYS_PER_WEEK = 5


@functools.lru_cache(maxsize=256)
def _weekday_holidays(year: int) -> frozenset[dt.date]:
    """Finnish public holidays of a year that fall on Monday–Friday."""
    # holidays.Finland includes Midsummer Eve and Christmas Eve: the Act on the
    # calculation of statutory time limits treats both eves like public holidays,
    # together with Independence Day, May Day and Saturdays (150/1930 5 §).
    return frozenset(day for day in Finland(years=year) if day.weekday() < 5)


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is Monday–Friday and not a Finnish public holiday."""
    return day.weekday() < 5 and day not in _weekday_holidays(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (`start` itself not counted; n=0 → start)."""
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    day = start
    remaining = n
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def previous_working_day_on_or_before(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def next_working_day_on_or_after(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _weekdays_up_to(day: dt.date) -> int:
    """Monday–Friday days from 1 January of year 1 up to and including `day`."""
    # date.toordinal() is 1 for 1 January of year 1, a Monday, so each full week
    # of ordinals holds five weekdays and the remainder starts on a Monday.
    weeks, rest = divmod(day.toordinal(), _DAYS_PER_WEEK)
    return weeks * _WORKING_DAYS_PER_WEEK + min(rest, _WORKING_DAYS_PER_WEEK)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; 0 when `end` is not after `start`."""
    if end <= start:
        return 0
    # Arithmetic over weekdays, then one set lookup per holiday: callers count
    # over whole unemployment spells, so no day-by-day loop.
    weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
    holidays_in_range = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in _weekday_holidays(year)
        if start < holiday <= end
    )
    return weekdays - holidays_in_range


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus calendar months, clamped to the month end (31.1. + 3 = 30.4.)."""
    result: dt.date = day + relativedelta(months=months)
    return result


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Completed calendar months from `start` to `end` (0 when `end` is earlier):
    12 on the first anniversary, 11 on the day before it."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    # add_months clamps to the month end, as the deadlines do.
    return months if add_months(start, months) <= end else months - 1
