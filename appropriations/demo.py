"""Demo quotas and decisions (`manage.py demo_data`): the Ylivieska-region
pilot's 2024 quotas with decisions made during the pilot, and the
employment area's quotas for the current year with this year's decisions,
one of each kind of change. Figures are invented, sized like seed 004's
"kiintiö asiakasmäärän mukaan"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.models import User
from cases.models import Case
from organisations.models import Organisation

from . import services
from .models import AppropriationType, Decision, Quota

PILOT_NAME = "Ylivieskan seudun työllisyyden kuntakokeilu"
AREA_NAME = "Ylivieskan–Kalajoen–Nivalan työllisyysalue"
# (type, euros, person-months or None) per holder and year.
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
    # Small, so that the demo shows a team lead's override.
    (AppropriationType.COACHING, 3_000, None),
    (AppropriationType.SERVICE_VOUCHER, 40_000, None),
)


QuotaRows = tuple[tuple[str, int, int | None], ...]


def _quotas(holder: Organisation, year: int, rows: QuotaRows, reference: str) -> None:
    for appropriation, euros, person_months in rows:
        services.quota_create(
            holder=holder,
            appropriation=appropriation,
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            amount_cents=euros * 100,
            person_month_limit=None if person_months is None else person_months * 10,
            source_reference=reference,
            source_date=dt.date(year - 1, 12, 15),
            actor=None,
        )


def _decide(
    case: Case, actor: User, kind: str, start: dt.date, **extra: Any
) -> Decision:
    months = {"pay_subsidy": 4, "start_up_grant": 6}.get(kind, 3)
    end = start + dt.timedelta(days=round(months * 30.4) - 1)
    amounts = {
        "pay_subsidy": 1_450_00 * months // 2,
        "start_up_grant": 800_00 * months,
        "training": 2_600_00,
        "coaching": 1_400_00,
        "service_voucher": 900_00,
    }
    data: dict[str, Any] = {
        "appropriation": kind,
        "decided_on": start - dt.timedelta(days=10),
        "starts_on": start,
        "ends_on": end,
        "amount_cents": amounts[kind],
    }
    if kind == "pay_subsidy":
        data.update(
            employer_name="Demo: Jokilaakson Konepaja Oy",
            employer_business_id="0201256-6",
            subsidy_percent=50,
        )
    else:
        data["provider"] = "Demo: Jokilaakson työpajayhdistys ry"
    data.update(extra)
    return services.decision_record(case=case, actor=actor, **data)


def load(today: dt.date) -> None:
    if Quota.objects.exists():
        return
    pilot = Organisation.objects.filter(name=PILOT_NAME).first()
    area = Organisation.objects.filter(name=AREA_NAME).first()
    if pilot is None or area is None:
        return
    _quotas(pilot, 2024, PILOT_QUOTAS, "Demo: TEM/2310/2023 (kiintiöpäätös)")
    _quotas(area, today.year, AREA_QUOTAS, f"Demo: KEHA/{today.year - 1}/118")

    caseworker = User.objects.get(username="kalajoki.caseworker")
    team_lead = User.objects.get(username="kalajoki.teamlead")
    open_cases = Case.objects.filter(
        organisation__municipality_code="208", status="active"
    ).select_related("jobseeker", "job_search_period")
    # During the pilot: cases whose job search began before 2024.
    early = [
        c
        for c in open_cases.order_by("opened_on", "id")
        if c.job_search_period and c.job_search_period.started_on < dt.date(2023, 12, 1)
    ][:4]
    for case, kind in zip(
        early,
        ("pay_subsidy", "start_up_grant", "training", "pay_subsidy"),
        strict=False,
    ):
        _decide(case, caseworker, kind, dt.date(2024, 3, 1))
    # This year, in the employment area.
    recent = list(open_cases.order_by("-opened_on", "id")[:6])
    start = max(dt.date(today.year, 1, 20), today - dt.timedelta(days=150))
    for case, kind in zip(
        recent,
        ("pay_subsidy", "start_up_grant", "training", "coaching", "service_voucher"),
        strict=False,
    ):
        decision = _decide(case, caseworker, kind, start)
        if kind == "training":
            services.decision_shorten(
                decision=decision,
                actor=caseworker,
                ends_on=start + dt.timedelta(days=45),
                on=start + dt.timedelta(days=40),
                reason="Koulutus keskeytyi: työllistyi",
            )
    if len(recent) > 5:
        _decide(
            recent[5],
            caseworker,
            "pay_subsidy",
            start,
            municipality_own_post=True,
            employer_name="Demo: Kalajoen kaupunki",
        )
        _decide(
            recent[5],
            team_lead,
            "coaching",
            start,
            override_reason="Valmennus on aloitettava ennen lisäkiintiön päätöstä.",
        )
