"""Indicator formulas as pure functions (../shared/domain.md §3).

Each formula cites its definition. They take counts, never the database, so
the same arithmetic serves one municipality, an area or the whole country.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, cast

from cases.rules.calendar import add_months
from core.privacy import Group, rate_reveals_small

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

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


# A euro target of an agreement is a yearly sum ("the municipal share down
# 30 % from the 2020 level, over 500 000 € a year", seed 003): the invoices'
# monthly sums vary with the number of paying days and with corrections, so
# progress compares the last twelve billed months with the baseline year.
EURO_TARGET_MONTHS = 12


def rolling_year_euros(
    months: Sequence[tuple[dt.date, Decimal | None]],
) -> Decimal | None:
    """The sum of the newest twelve consecutive billing months' euros, or
    None unless all twelve are there and shown (a month hidden for fewer than
    five persons would make the year a guess). `months` oldest first."""
    newest = list(months)[-EURO_TARGET_MONTHS:]
    if len(newest) < EURO_TARGET_MONTHS:
        return None
    first, last = newest[0][0], newest[-1][0]
    if add_months(first, EURO_TARGET_MONTHS - 1) != last:
        return None  # a month missing in between
    if any(value is None for _month, value in newest):
        return None
    return sum((cast("Decimal", value) for _month, value in newest), Decimal(0))


def monthly_equivalent(yearly: Decimal) -> Decimal:
    """A yearly euro sum as a month's share, to the cent (for drawing a
    yearly target on a monthly chart)."""
    return (yearly / EURO_TARGET_MONTHS).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def change_percent(*, baseline: Decimal, target: Decimal) -> Decimal | None:
    """The target as a change from the baseline in per cent (-30,0 for a
    fall of 30 %); None for a zero baseline."""
    if not baseline:
        return None
    return ((target - baseline) * 100 / baseline).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


def euros_per_person(cents: int, persons: int) -> Decimal:
    """A euro sum per person, to the cent (half up)."""
    return (Decimal(cents) / 100 / persons).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


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


# --- Municipal financing of unemployment benefits from 1.1.2025: forecast ----
# Used only to forecast the euros of the next months from the current
# caseload; the figures of past months are the invoices' own (issue 23).


@dataclass(frozen=True)
class FinancingStep:
    """From the `after_day`-th cumulative paid day on, the municipality pays
    `municipal_percent` of each day's benefit."""

    after_day: int
    municipal_percent: int


@dataclass(frozen=True)
class BenefitFinancingRules:
    valid_from: dt.date
    valid_until: dt.date | None
    steps: tuple[FinancingStep, ...]
    # The benefits co-financed (BenefitType values).
    benefits: tuple[str, ...]
    # False: the percentages or thresholds are not confirmed from a primary
    # source, so a forecast with them is an estimate (said in the UI without
    # naming the doubt; the doubt is here).
    is_confirmed: bool
    source: str
    source_fi: str
    source_sv: str

    def is_in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (
            self.valid_until is None or day <= self.valid_until
        )

    def percent(self, day_number: int) -> int:
        """The municipality's per cent of the `day_number`-th paid day."""
        return max(
            (s.municipal_percent for s in self.steps if day_number > s.after_day),
            default=0,
        )


BENEFIT_FINANCING_RULES: tuple[BenefitFinancingRules, ...] = (
    BenefitFinancingRules(
        valid_from=dt.date(2021, 3, 1),
        valid_until=dt.date(2024, 12, 31),
        steps=(FinancingStep(300, 50), FinancingStep(1000, 70)),
        benefits=("labour_market_subsidy",),
        is_confirmed=True,
        source="Act on the Financing of Unemployment Benefits (555/1998) as in "
        "force until 31.12.2024: labour market subsidy only, municipality 50 % "
        "after 300 paid days and 70 % after 1,000",
        source_fi="Laki työttömyysetuuksien rahoituksesta (555/1998) 31.12.2024 "
        "asti voimassa olleessa muodossa: vain työmarkkinatuki, kunta 50 % 300 "
        "maksetun päivän jälkeen ja 70 % 1 000 päivän jälkeen",
        source_sv="Lagen om finansiering av arbetslöshetsförmåner (555/1998) i "
        "den lydelse som gällde till 31.12.2024: endast arbetsmarknadsstöd, "
        "kommunen 50 % efter 300 betalda dagar och 70 % efter 1 000",
    ),
    BenefitFinancingRules(
        valid_from=dt.date(2025, 1, 1),
        valid_until=None,
        # ⚠ Unconfirmed (domain.md §3, §6.3, §7.4): the steps reported by
        # secondary sources (10 % after 100 paid days, 20 % after 200, 30 %
        # after 300); Kela bills from benefit day 101 (confirmed). Whether the
        # earnings-related share covers only its basic part is not known.
        steps=(
            FinancingStep(100, 10),
            FinancingStep(200, 20),
            FinancingStep(300, 30),
        ),
        benefits=("labour_market_subsidy", "basic_allowance", "earnings_related"),
        is_confirmed=False,
        source="Act on the Financing of Unemployment Benefits (555/1998) as "
        "amended from 1.1.2025 (HE 207/2022; Kela 29.5.2024 and 24.2.2025): "
        "labour market subsidy, basic and earnings-related daily allowance, "
        "also during services, from paid day 101 on; the share rises with the "
        "duration (estimate: 10 % after 100 days, 20 % after 200, 30 % after "
        "300)",
        source_fi="Laki työttömyysetuuksien rahoituksesta (555/1998) 1.1.2025 "
        "alkaen voimassa olevassa muodossa (HE 207/2022; Kela 29.5.2024 ja "
        "24.2.2025): työmarkkinatuki, perus- ja ansiopäiväraha, myös palvelujen "
        "aikana, 101. maksetusta päivästä alkaen; osuus kasvaa keston mukaan "
        "(arvio: 10 % 100 päivän jälkeen, 20 % 200 päivän jälkeen, 30 % 300 "
        "päivän jälkeen)",
        source_sv="Lagen om finansiering av arbetslöshetsförmåner (555/1998) i "
        "dess lydelse från 1.1.2025 (RP 207/2022; FPA 29.5.2024 och 24.2.2025): "
        "arbetsmarknadsstöd, grund- och inkomstrelaterad dagpenning, även under "
        "tjänster, från betald dag 101; andelen stiger med längden "
        "(uppskattning: 10 % efter 100 dagar, 20 % efter 200, 30 % efter 300)",
    ),
)


def benefit_financing_rules(on: dt.date) -> BenefitFinancingRules | None:
    """The municipal-financing rules in force for a benefit day `on`."""
    return next((r for r in BENEFIT_FINANCING_RULES if r.is_in_force(on)), None)


@dataclass(frozen=True)
class DailyAmount:
    """The benefit paid for one day that a forecast assumes."""

    benefit: str
    valid_from: dt.date
    cents: int
    source: str


# The full basic daily allowance and labour market subsidy (Kela: 37,21 € a
# day in 2024-2026; no index increase in 2024-2027 under the 2023 government
# programme). ⚠ The earnings-related allowance has no statutory amount: a
# forecast takes the average daily allowance of the funds' statistics
# (Finanssivalvonta / TYJ, about 80 € a day in 2024), unverified here.
DAILY_AMOUNTS: tuple[DailyAmount, ...] = (
    DailyAmount("labour_market_subsidy", dt.date(2024, 1, 1), 3721, "Kela"),
    DailyAmount("basic_allowance", dt.date(2024, 1, 1), 3721, "Kela"),
    DailyAmount("earnings_related", dt.date(2024, 1, 1), 8000, "TYJ"),
)
# Kela pays unemployment benefit for five days a week: 21,5 days a month on
# average (261 weekdays / 12, less the public holidays on weekdays).
PAID_DAYS_PER_MONTH = Decimal("21.5")


def daily_amount_cents(benefit: str, on: dt.date) -> int:
    """The day's benefit a forecast assumes for `benefit` on `on`."""
    found = [a for a in DAILY_AMOUNTS if a.benefit == benefit and a.valid_from <= on]
    if not found:
        msg = f"No daily amount for {benefit} on {on}."
        raise ValueError(msg)
    return max(found, key=lambda a: a.valid_from).cents


@dataclass(frozen=True)
class CaseloadGroup:
    """Jobseekers of one benefit with the same cumulative paid days now."""

    benefit: str
    paid_days: int
    persons: int


@dataclass(frozen=True)
class ForecastMonth:
    month: dt.date
    cents: int
    is_estimate: bool


def share_forecast(
    caseload: Collection[CaseloadGroup], *, first_month: dt.date, months: int = 12
) -> list[ForecastMonth]:
    """The municipal share in cents for each of `months` months from
    `first_month`, if everyone of the caseload stays on benefit: each person
    is paid PAID_DAYS_PER_MONTH days a month, and each day carries the
    municipal per cent of its cumulative day number under the rules in force
    on the month's first day, times the assumed daily amount."""
    result = []
    for offset in range(months):
        month = add_months(first_month, offset)
        rules = benefit_financing_rules(month)
        total = Decimal(0)
        if rules is not None:
            for group in caseload:
                if group.benefit not in rules.benefits:
                    continue
                start = group.paid_days + PAID_DAYS_PER_MONTH * offset
                percent_days = _percent_days(rules, start, PAID_DAYS_PER_MONTH)
                total += (
                    percent_days
                    * daily_amount_cents(group.benefit, month)
                    * group.persons
                    / 100
                )
        result.append(
            ForecastMonth(
                month,
                int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
                is_estimate=rules is None or not rules.is_confirmed,
            )
        )
    return result


def _percent_days(
    rules: BenefitFinancingRules, start: Decimal, days: Decimal
) -> Decimal:
    """Sum of the per cents of the paid days (start, start + days]: the
    days split over the steps they fall in."""
    end = start + days
    bounds = [Decimal(0), *(Decimal(s.after_day) for s in rules.steps)]
    total = Decimal(0)
    for index, low in enumerate(bounds):
        high = bounds[index + 1] if index + 1 < len(bounds) else None
        lo = max(start, low)
        hi = end if high is None else min(end, high)
        if hi > lo:
            total += (hi - lo) * rules.percent(int(low) + 1)
    return total
