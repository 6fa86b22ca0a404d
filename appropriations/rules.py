"""Pure rules of appropriation quotas and the decisions that consume them.

Seed 004 (Resursointi): the pilot municipalities decide on pay subsidy
(palkkatuki, "pois lukien kunnan omat palkkatukipaikat") and start-up grant
(starttiraha) "ennalta määritetyn kiintiön puitteissa"; the ELY centre's
training and coaching get appropriation quotas sized the same way. Seed 003
adds service vouchers for rehabilitative work activity from the third sector.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from partners.rules import split_cents

if TYPE_CHECKING:
    from collections.abc import Sequence

# A person-month is an average calendar month (365.25 / 12 days); quotas in
# person-months are kept in tenths so that the database can sum integers.
DAYS_PER_MONTH = Decimal("30.4375")


@dataclass(frozen=True)
class PercentRule:
    valid_from: dt.date
    valid_until: dt.date | None
    percents: tuple[int, ...]
    source: str


# Pay subsidy as a share of the pay costs (Act 916/2012 ch. 7). The 2023
# reform replaced the 30/40/50 % steps with 50 % and 70 % (reduced work
# capacity); 100 % for associations, foundations and religious communities
# hiring for non-business work stayed in both.
PAY_SUBSIDY_PERCENTS: tuple[PercentRule, ...] = (
    PercentRule(
        dt.date(2017, 1, 1),
        dt.date(2023, 6, 30),
        (30, 40, 50, 100),
        "Act 916/2012 ch. 7 §§ 7 and 9 as amended by Act 1371/2016",
    ),
    PercentRule(
        dt.date(2023, 7, 1),
        None,
        (50, 70, 100),
        "Act 916/2012 ch. 7 §§ 7 and 9 as amended by Act 1136/2022 (from 1.7.2023)",
    ),
)


def pay_subsidy_rule(on: dt.date) -> PercentRule | None:
    for rule in PAY_SUBSIDY_PERCENTS:
        if rule.valid_from <= on and (
            rule.valid_until is None or on <= rule.valid_until
        ):
            return rule
    return None


def person_month_tenths(starts_on: dt.date, ends_on: dt.date) -> int:
    """Length of a decision in tenths of a person-month, rounded half up."""
    days = (ends_on - starts_on).days + 1
    tenths = Decimal(days) * 10 / DAYS_PER_MONTH
    return int(tenths.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def overlap_days(
    a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date
) -> int:
    first, last = max(a_start, b_start), min(a_end, b_end)
    return max(0, (last - first).days + 1)


@dataclass(frozen=True)
class Share:
    quota_id: int
    cents: int
    tenths: int


class UncoveredPeriodError(ValueError):
    """Part of a decision's period has no quota of its type."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        super().__init__(f"{first}–{last}")
        self.first = first
        self.last = last


def allocate(
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    cents: int,
    tenths: int,
    quotas: Sequence[tuple[int, dt.date, dt.date]],
) -> list[Share]:
    """Split a decision over the quota periods it falls in, by days.

    `quotas` are (id, starts_on, ends_on) of one holder and type, which never
    overlap (database constraint). Every day of the decision must be covered;
    euros and person-months are split so that the parts add up exactly.
    """
    covered = 0
    weights: dict[int, Fraction] = {}
    for quota_id, q_start, q_end in sorted(quotas, key=lambda q: q[1]):
        days = overlap_days(starts_on, ends_on, q_start, q_end)
        if days:
            weights[quota_id] = Fraction(days)
            covered += days
    total_days = (ends_on - starts_on).days + 1
    if covered < total_days:
        first, last = _first_gap(starts_on, ends_on, quotas)
        raise UncoveredPeriodError(first, last)
    money = split_cents(cents, weights)
    months = split_cents(tenths, weights)
    return [Share(q, money[q], months[q]) for q in weights]


def _first_gap(
    starts_on: dt.date,
    ends_on: dt.date,
    quotas: Sequence[tuple[int, dt.date, dt.date]],
) -> tuple[dt.date, dt.date]:
    day = starts_on
    for _quota_id, q_start, q_end in sorted(quotas, key=lambda q: q[1]):
        if q_end < day:
            continue
        if q_start > day:
            return day, min(ends_on, q_start - dt.timedelta(days=1))
        day = q_end + dt.timedelta(days=1)
        if day > ends_on:
            break
    return day, ends_on


def shortened_amount(
    cents: int, starts_on: dt.date, ends_on: dt.date, new_end: dt.date
) -> int:
    """The amount for the shortened period, pro rata by days (half up)."""
    days = (ends_on - starts_on).days + 1
    kept = (new_end - starts_on).days + 1
    return int(
        (Decimal(cents) * kept / days).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )


def used_cents(
    cents: int, starts_on: dt.date, ends_on: dt.date, *, until: dt.date
) -> int:
    """How much of a decision's money has been used by `until` (days elapsed)."""
    if until < starts_on:
        return 0
    days = (ends_on - starts_on).days + 1
    elapsed = min(days, (until - starts_on).days + 1)
    return int(
        (Decimal(cents) * elapsed / days).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )


def forecast_cents(
    committed: int, *, starts_on: dt.date, ends_on: dt.date, on: dt.date
) -> int | None:
    """Commitments at the period's end if decisions go on at the rate so far.

    None before the period has started (no rate yet); the committed amount
    once it has ended.
    """
    if on < starts_on:
        return None
    total = (ends_on - starts_on).days + 1
    elapsed = min(total, (on - starts_on).days + 1)
    return int(
        (Decimal(committed) * total / elapsed).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )
