"""Indicator formulas as pure functions (../shared/domain.md §3).

Each formula cites its definition. They take counts, never the database, so
the same arithmetic serves one municipality, an area or the whole country.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from core.privacy import SMALL_NUMBER_THRESHOLD

ONE_DECIMAL = Decimal("0.1")


def activation_rate(active: int, unemployed: int) -> Decimal | None:
    """Aktivointiaste = ALP / (ALP + U) * 100 (Statistics Finland,
    Tilastokoulu "Aktivointiaste"; domain.md §3).

    ALP: persons in activating services at the day; U: unemployed jobseekers
    not in such a service. None below the small-number threshold, where a
    rate could reveal individuals.
    """
    return rate(active, active + unemployed)


def rate(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator * 100 to one decimal.

    None where the rate would reveal a small count (core.privacy): fewer than
    five people in all, or 1-4 people on either side (40 % of 5 is 2 people).
    """
    complement = denominator - numerator
    if denominator < SMALL_NUMBER_THRESHOLD or any(
        0 < side < SMALL_NUMBER_THRESHOLD for side in (numerator, complement)
    ):
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def target_progress(
    *, baseline: Decimal, target: Decimal, current: Decimal
) -> Decimal | None:
    """How far from the baseline towards the target, in per cent (100 = reached).

    Works for falling targets as well (baseline 100, target 70, current 85 →
    50 %). None when baseline and target are equal (nothing to measure).
    """
    if target == baseline:
        return None
    share = (current - baseline) * 100 / (target - baseline)
    return share.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
