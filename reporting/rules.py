"""Indicator formulas as pure functions (../shared/domain.md §3).

Each formula cites its definition. They take counts, never the database, so
the same arithmetic serves one municipality, an area or the whole country.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, cast

from core.privacy import Group, rate_reveals_small

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

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
    if rate_reveals_small(numerator, denominator):
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def median_of_counts(counts: Mapping[int, int]) -> int:
    """The median of values given as {value: how many}, rounded half up to a
    whole number (the middle two averaged when the total is even)."""
    total = sum(counts.values())
    if total <= 0:
        raise ValueError("no values")
    middle = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(found) < len(middle) and middle[len(found)] < seen:
            found.append(value)
    half = Decimal(found[0] + found[1]) / 2
    return int(half.quantize(Decimal(1), rounding=ROUND_HALF_UP))


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


# --- Roll-ups as totals and their parts (complementary suppression) -----------

# A figure in a roll-up: an organisation's published figure (its id, None for
# the whole country) or the unpublished part a roll-up holds itself ("own", id).
FigureKey = int | None | tuple[str, int]


@dataclass(frozen=True)
class RollUpParts:
    values: dict[FigureKey, int]
    groups: list[Group[FigureKey]]
    unpublished: set[FigureKey]


def roll_up_parts(
    published: Mapping[int | None, int], members: Mapping[int, Collection[int]]
) -> RollUpParts:
    """The totals of a month's counts and the parts each is the sum of, as
    reporting.services.roll_up adds them: an area or a pilot is its members'
    own figures plus what it holds itself; the country is every
    organisation's own figure. The parts a roll-up holds itself are worked
    out (total - members) and never published."""
    parents = {p for p in members if p in published}

    def own(key: int) -> int:
        if key not in parents:
            return published[key]
        return published[key] - sum(own(c) for c in members[key] if c in published)

    def part(key: int) -> FigureKey:
        return ("own", key) if key in parents else key

    values: dict[FigureKey, int] = {("own", p): own(p) for p in parents}
    values.update(cast("Mapping[FigureKey, int]", published))
    groups: list[Group[FigureKey]] = [
        Group(
            p,
            (
                *(part(c) for c in sorted(members[p]) if c in published),
                ("own", p),
            ),
        )
        for p in sorted(parents)
    ]
    if None in published:
        groups.append(
            Group(
                None,
                tuple(part(k) for k in sorted(k for k in published if k is not None)),
            )
        )
    return RollUpParts(values, groups, {("own", p) for p in parents})


# --- Municipal financing of labour market subsidy --------------------------


@dataclass(frozen=True)
class SubsidyBand:
    """The municipality pays `municipal_percent` of each subsidy day after
    the `after_day`-th cumulative day."""

    after_day: int
    municipal_percent: int


@dataclass(frozen=True)
class SubsidyFinancingRules:
    valid_from: dt.date
    # Inclusive; None while the rules are still in force.
    valid_until: dt.date | None
    bands: tuple[SubsidyBand, ...]
    # Whether days paid during an employment-promoting service carry the
    # municipal share (and accumulate towards the bands).
    service_days_financed: bool
    # False where the percentages and thresholds are not confirmed from a
    # primary source: figures computed with them are estimates.
    is_confirmed: bool
    source: str

    def is_in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (
            self.valid_until is None or day <= self.valid_until
        )


# Kela bills the share by the benefit day, not the payment date: subsidy for
# 2024 days paid in 2025 follows the 2024 rules (domain.md §6.3).
SUBSIDY_FINANCING_RULES: tuple[SubsidyFinancingRules, ...] = (
    SubsidyFinancingRules(
        # The rules are older than the pilots; domain.md does not give their
        # start, and Polku's figures begin with the pilots (1.3.2021).
        valid_from=dt.date(2021, 3, 1),
        valid_until=dt.date(2024, 12, 31),
        bands=(SubsidyBand(300, 50), SubsidyBand(1000, 70)),
        service_days_financed=False,
        is_confirmed=True,
        source=(
            "Act 555/1998 as in force until 31.12.2024: state 100 % up to day "
            "300, then 50/50, from day 1,000 municipality 70 %; only days paid "
            "on grounds of unemployment, none while in services (Kela "
            "'Finansiering av arbetsmarknadsstödet'; TE-palvelut Pirkanmaa; "
            "domain.md §3, §6.3)"
        ),
    ),
    SubsidyFinancingRules(
        valid_from=dt.date(2025, 1, 1),
        valid_until=None,
        # ⚠ The 2025 percentages and thresholds are unconfirmed (reported
        # 10/20/30 % after 100/200/300 days): the last confirmed bands stand
        # in until they are, so figures are estimates.
        bands=(SubsidyBand(300, 50), SubsidyBand(1000, 70)),
        service_days_financed=True,
        is_confirmed=False,
        source=(
            "From 1.1.2025 (HE 207/2022 package; Kela 29.5.2024, 24.2.2025): "
            "days paid during employment-promoting services are co-financed. "
            "⚠ Percentages unconfirmed: the bands of the rules in force until "
            "31.12.2024 are applied (domain.md §3, §6.3, open question 3)"
        ),
    ),
)


def subsidy_financing_rules(on: dt.date) -> SubsidyFinancingRules | None:
    """The municipal-financing rules for a labour market subsidy day `on`;
    None before 1.3.2021 (not modelled)."""
    return next((r for r in SUBSIDY_FINANCING_RULES if r.is_in_force(on)), None)


def subsidy_municipal_percent(
    *, day_number: int, on: dt.date, in_service: bool = False
) -> int:
    """The municipality's share (per cent) of the `day_number`-th cumulative
    labour market subsidy day, paid for day `on` (domain.md §3).

    Simplification: a band starts with the day after its threshold, not at the
    end of the payment period in which the threshold is reached.
    """
    rules = subsidy_financing_rules(on)
    if rules is None:
        msg = f"No labour market subsidy financing rules for {on}."
        raise ValueError(msg)
    if in_service and not rules.service_days_financed:
        return 0
    return max(
        (b.municipal_percent for b in rules.bands if day_number > b.after_day),
        default=0,
    )
