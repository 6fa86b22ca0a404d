"""A 2026 quota of the test employment area, and a case to decide on."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest

from appropriations import services
from appropriations.models import AppropriationType

if TYPE_CHECKING:
    from accounts.models import User
    from appropriations.models import Quota
    from cases.models import Case
    from organisations.models import Organisation
    from tests.personas import Register

YEAR_START = dt.date(2026, 1, 1)
YEAR_END = dt.date(2026, 12, 31)


@pytest.fixture
def quota(employment_area: Organisation, coordinator: User) -> Quota:
    """€10,000 and 12 person-months of pay subsidy for 2026."""
    return services.quota_create(
        holder=employment_area,
        appropriation=AppropriationType.PAY_SUBSIDY,
        starts_on=YEAR_START,
        ends_on=YEAR_END,
        amount_cents=1_000_000,
        person_month_limit=120,
        source_reference="TEM/1234/2025",
        source_date=dt.date(2025, 12, 15),
        actor=coordinator,
    )


@pytest.fixture
def case(register: Register) -> Case:
    return register(dt.date(2026, 1, 5))


def pay_subsidy(**overrides: Any) -> dict[str, Any]:
    """The fields of a pay subsidy decision for three months of 2026."""
    return {
        "appropriation": AppropriationType.PAY_SUBSIDY,
        "decided_on": dt.date(2026, 2, 20),
        "starts_on": dt.date(2026, 3, 1),
        "ends_on": dt.date(2026, 5, 31),
        "amount_cents": 450_000,
        "employer_name": "Testi Oy",
        "employer_business_id": "0201256-6",
        "subsidy_percent": 50,
        **overrides,
    }
