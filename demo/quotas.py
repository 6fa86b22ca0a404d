"""Demo quotas and the decisions that use them (appropriations).

The Ylivieska-region pilot has quotas for 2024 with decisions made during the
pilot; the employment area has a quota of each kind for every year from 2025
whose quota decision has been made by the anchor day, with decisions of the
months before the anchor, one of each kind of change. Sizes are invented,
sized like seed 004's "kiintiö asiakasmäärän mukaan".

Lawful whatever the anchor day: a year's quotas are decided on the first
working day from 15 December of the year before (as a real quota decision
would be), no decision is dated after the anchor, and a decision covers only
days of quotas decided by its own decision day — a start-up grant decided in
November ends on 31 December rather than spending a quota not yet decided.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from appropriations import services
from appropriations.models import AppropriationType
from appropriations.rules import DAYS_PER_MONTH
from cases.rules.calendar import next_working_day_on_or_after
from organisations.models import Organisation

from .process import municipality_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .staff import Staff
    from .stories import History
    from .timeline import Context, Entry

PILOT_NAME = "Ylivieskan seudun työllisyyden kuntakokeilu"
PILOT_YEAR = 2024
PILOT_ENDS = dt.date(2024, 12, 31)
AREA_FIRST_YEAR = 2025  # the employment areas began on 1.1.2025 (Act 380/2023)
# (type, euros, person-months or None) of one year.
PILOT_QUOTAS = (
    (AppropriationType.PAY_SUBSIDY, 420_000, 300),
    (AppropriationType.START_UP_GRANT, 60_000, 80),
    (AppropriationType.LABOUR_MARKET_TRAINING, 150_000, 120),
    (AppropriationType.COACHING, 80_000, None),
)
AREA_QUOTAS = (
    (AppropriationType.PAY_SUBSIDY, 380_000, 280),
    (AppropriationType.START_UP_GRANT, 50_000, 70),
    (AppropriationType.LABOUR_MARKET_TRAINING, 120_000, 100),
    # Small, so that the second coaching decision needs a team lead's override.
    (AppropriationType.COACHING, 2_500, None),
    (AppropriationType.SERVICE_VOUCHER, 40_000, None),
)
MONTHS = {"pay_subsidy": 4, "start_up_grant": 6}  # others 3
# Euros a month (pay subsidy: 50 % of 1,450 € pay costs) or for the whole service.
MONTHLY_CENTS = {"pay_subsidy": 72_500, "start_up_grant": 80_000}
LUMP_CENTS = {"training": 260_000, "coaching": 140_000, "service_voucher": 90_000}
EMPLOYER = {
    "employer_name": "Demo: Jokilaakson Konepaja Oy",
    "employer_business_id": "9876544-9",
}
OWN_POST_EMPLOYER = {
    "208": {
        "employer_name": "Demo: Kalajoen kaupunki",
        "employer_business_id": "9876545-7",
    },
    "977": {
        "employer_name": "Demo: Ylivieskan kaupunki",
        "employer_business_id": "9876546-5",
    },
}
PROVIDER = "Demo: Jokilaakson työpajayhdistys ry"
DECIDING_MUNICIPALITIES = ("208", "977")  # members of both the pilot and the area


def quota_decided_on(year: int) -> dt.date:
    """The day the year's quotas are decided: December of the year before."""
    return next_working_day_on_or_after(dt.date(year - 1, 12, 15))


def area_quota_years(on: dt.date) -> list[int]:
    """The area's quota years decided by `on`."""
    return [
        year
        for year in range(AREA_FIRST_YEAR, on.year + 2)
        if quota_decided_on(year) <= on
    ]


def _covered_until(decided_on: dt.date, *, pilot: bool) -> dt.date | None:
    """The last day a decision made on `decided_on` may run: the end of the
    latest quota year decided by then (the pilot's ends with the pilot)."""
    if pilot:
        return PILOT_ENDS if quota_decided_on(PILOT_YEAR) <= decided_on else None
    years = area_quota_years(decided_on)
    return dt.date(max(years), 12, 31) if years else None


def quotas_load(staff: Staff, *, anchor: dt.date) -> None:
    """The pilot's 2024 quotas and the area's quotas decided by the anchor day."""
    pilot = Organisation.objects.get(name=PILOT_NAME)
    rows: list[tuple[Organisation, int, Any, str, Any]] = [
        (
            pilot,
            PILOT_YEAR,
            PILOT_QUOTAS,
            f"Demo: TEM:n kiintiöpäätös TEM/2310/{PILOT_YEAR - 1}",
            staff.users["ylivieska.coordinator"],
        )
    ]
    rows += [
        (
            staff.area,
            year,
            AREA_QUOTAS,
            f"Demo: KEHA-keskuksen kiintiöpäätös KEHA/{year - 1}/118",
            staff.users["ykn.coordinator"],
        )
        for year in area_quota_years(anchor)
    ]
    for holder, year, quotas, reference, actor in rows:
        for appropriation, euros, person_months in quotas:
            services.quota_create(
                holder=holder,
                appropriation=appropriation,
                starts_on=dt.date(year, 1, 1),
                ends_on=dt.date(year, 12, 31),
                amount_cents=euros * 100,
                person_month_limit=None
                if person_months is None
                else person_months * 10,
                source_reference=reference,
                source_date=quota_decided_on(year),
                actor=actor,
            )


@dataclass(frozen=True)
class DecisionMade:
    key: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    amount_cents: int
    by_team_lead: bool = False
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        code = municipality_of(person)
        actor = (context.team_leads if self.by_team_lead else context.caseworkers)[code]
        context.decisions[self.key] = services.decision_record(
            case=context.cases[person],
            actor=actor,
            appropriation=self.kind,
            decided_on=on,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            amount_cents=self.amount_cents,
            **self.extra,
        )


@dataclass(frozen=True)
class DecisionShortened:
    key: str
    ends_on: dt.date
    reason: str

    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        services.decision_shorten(
            decision=context.decisions[self.key],
            actor=context.caseworkers[municipality_of(person)],
            ends_on=self.ends_on,
            on=on,
            reason=self.reason,
        )


@dataclass(frozen=True)
class _Spec:
    kind: str
    decided_on: dt.date
    pilot: bool = False
    own_post: bool = False
    override: bool = False
    shorten: bool = False


def _specs(anchor: dt.date) -> list[_Spec]:
    def before(days: int) -> dt.date:
        return anchor - dt.timedelta(days=days)

    return [
        # During the pilot (fixed dates).
        _Spec("pay_subsidy", dt.date(2024, 2, 20), pilot=True),
        _Spec("start_up_grant", dt.date(2024, 3, 4), pilot=True),
        _Spec("training", dt.date(2024, 3, 18), pilot=True),
        _Spec("pay_subsidy", dt.date(2024, 4, 15), pilot=True),
        # In the employment area, in the months before the anchor day.
        _Spec("pay_subsidy", before(150)),
        _Spec("training", before(120), shorten=True),
        _Spec("pay_subsidy", before(100), own_post=True),
        _Spec("coaching", before(90)),
        _Spec("coaching", before(80), override=True),
        _Spec("service_voucher", before(60)),
        _Spec("start_up_grant", before(25)),
    ]


def _amount(kind: str, starts_on: dt.date, ends_on: dt.date) -> int:
    if kind in LUMP_CENTS:
        return LUMP_CENTS[kind]
    days = (ends_on - starts_on).days + 1
    cents = Decimal(MONTHLY_CENTS[kind]) * days / DAYS_PER_MONTH
    return int(cents.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# A decision shorter than this is not worth showing.
SHORTEST_DAYS = 28


def _period(
    spec: _Spec, decided_on: dt.date, *, anchor: dt.date
) -> tuple[dt.date, dt.date, dt.date] | None:
    """(decided on, starts on, ends on) of a decision: it starts ten days after
    the decision and runs its usual length, but only over quota years decided
    by its decision day. One that would run into a year whose quotas are
    decided before the anchor day is decided after them instead (December),
    otherwise it ends with the year."""
    length = round(MONTHS.get(spec.kind, 3) * float(DAYS_PER_MONTH))

    def period(day: dt.date) -> tuple[dt.date, dt.date, dt.date | None]:
        starts_on = day + dt.timedelta(days=10)
        return day, starts_on, _covered_until(day, pilot=spec.pilot)

    decided_on, starts_on, covered = period(decided_on)
    natural_end = starts_on + dt.timedelta(days=length - 1)
    if not spec.pilot and covered is not None and natural_end > covered:
        next_quotas = quota_decided_on(covered.year + 1)
        if decided_on < next_quotas < anchor:
            decided_on, starts_on, covered = period(next_quotas)
            natural_end = starts_on + dt.timedelta(days=length - 1)
    if covered is None:
        return None
    ends_on = min(natural_end, covered)
    if (ends_on - starts_on).days + 1 < SHORTEST_DAYS:
        return None
    return decided_on, starts_on, ends_on


def decisions_plan(histories: Sequence[History], *, anchor: dt.date) -> list[Entry]:
    """Each decision on a different jobseeker of Kalajoki or Ylivieska whose
    case is open when it is decided and starts, after the initial interview."""
    entries: list[Entry] = []
    used: set[str] = set()
    candidates = [
        h
        for h in histories
        if h.person.municipality_code in DECIDING_MUNICIPALITIES
        and h.interview_on is not None
    ]
    for number, spec in enumerate(_specs(anchor)):
        decided_on = spec.decided_on
        if spec.pilot:
            if decided_on >= anchor:
                continue
        elif decided_on < dt.date(AREA_FIRST_YEAR, 1, 1):
            continue  # the area did not exist yet
        period = _period(spec, decided_on, anchor=anchor)
        if period is None:
            continue
        decided_on, starts_on, ends_on = period
        history = next(
            (
                h
                for h in candidates
                if h.person.key not in used
                and h.interview_on is not None
                and h.interview_on <= decided_on - dt.timedelta(days=7)
                and h.is_open_on(starts_on)
            ),
            None,
        )
        if history is None:
            continue
        used.add(history.person.key)
        key = f"decision-{number}"
        extra: dict[str, Any] = {}
        if spec.kind == "pay_subsidy":
            extra = dict(
                OWN_POST_EMPLOYER[history.person.municipality_code]
                if spec.own_post
                else EMPLOYER,
                subsidy_percent=50,
                municipality_own_post=spec.own_post,
            )
        elif spec.kind != "start_up_grant":
            extra["provider"] = PROVIDER
        if spec.override:
            extra["override_reason"] = (
                "Valmennus on aloitettava ennen lisäkiintiön päätöstä."
            )
        entries.append(
            history.entry(
                decided_on,
                2000 + number,
                DecisionMade(
                    key=key,
                    kind=spec.kind,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    amount_cents=_amount(spec.kind, starts_on, ends_on),
                    by_team_lead=spec.override,
                    extra=extra,
                ),
            )
        )
        shortened_on = starts_on + dt.timedelta(days=40)
        if (
            spec.shorten
            and shortened_on < anchor
            and shortened_on + dt.timedelta(days=5) < ends_on
        ):
            entries.append(
                history.entry(
                    shortened_on,
                    3000 + number,
                    DecisionShortened(
                        key=key,
                        ends_on=shortened_on + dt.timedelta(days=5),
                        reason="Koulutus keskeytyi: työllistyi",
                    ),
                )
            )
    return entries
