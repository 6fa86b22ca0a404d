"""The municipal share in euros from imported invoices: by municipality and
area, by benefit and duration band, hidden under five persons; and the
forecast from the current caseload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.utils import translation

from exchange.tests.files import code, import_invoices
from reporting import rules, selectors, services
from reporting.models import IndicatorValue

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

MARCH = dt.date(2025, 3, 1)


def _row(n: int, benefit: str, days: str, euros: str) -> list[str]:
    return [
        "K-3-208",
        "208",
        "3/2025",
        code(n),
        benefit,
        "1.3.2025",
        "31.3.2025",
        "21,5",
        days,
        euros,
    ]


def _values(month: dt.date) -> dict[tuple[str, int | None], IndicatorValue]:
    run = services.run_start(month=month, send=False)
    run = services.run_execute(run_id=run.pk)
    return {
        (v.definition.code, v.organisation_id): v
        for v in IndicatorValue.objects.filter(
            run=run, definition__unit="euro"
        ).select_related("definition")
    }


def test_euros_by_benefit_and_band_rolled_up_to_the_area(
    caseworker: User, municipality: Organisation, employment_area: Organisation
) -> None:
    import_invoices(
        caseworker,
        municipality,
        [
            _row(1, "tmt", "50", "0,00"),
            _row(2, "tmt", "150", "80,00"),
            _row(3, "perus", "350", "240,00"),
            _row(4, "ansio", "1200", "500,50"),
            _row(5, "ansio", "320", "400,00"),
            _row(6, "tmt", "", "10,00"),
        ],
    )

    values = _values(MARCH)

    total = values["municipal_share_euros", municipality.pk]
    assert (total.numerator, total.denominator) == (123050, 6)
    assert values["municipal_share_euros", employment_area.pk].numerator == 123050
    assert (
        values["municipal_share_euros_earnings_related", municipality.pk].numerator
        == 90050
    )
    assert (
        values["municipal_share_euros_days_300_999", municipality.pk].numerator == 64000
    )
    cell = selectors.FigureCell.of(total)
    with translation.override("fi"):
        assert cell.shown == "1\xa0230,50\xa0€"
        assert cell.per_person == Decimal("205.08")
    # Two persons only: no euro figure.
    small = selectors.FigureCell.of(
        values["municipal_share_euros_earnings_related", municipality.pk]
    )
    assert small.value is None
    assert small.shown == "<5"


def test_forecast_rises_with_duration_and_is_an_estimate() -> None:
    caseload = [rules.CaseloadGroup("basic_allowance", 90, 10)]
    months = rules.share_forecast(caseload, first_month=dt.date(2026, 1, 1), months=3)

    # Month 1: days 90-111.5, of which 11.5 at 10 %: 11.5 x 0.10 x 37.21 x 10.
    assert months[0].cents == round(Decimal("11.5") * 10 * 3721 * 10 / 100)
    assert months[1].cents > months[0].cents
    assert all(m.is_estimate for m in months)
    # Before 2025 only labour market subsidy was co-financed.
    old = rules.share_forecast(caseload, first_month=dt.date(2024, 1, 1), months=1)
    assert old[0].cents == 0


def test_forecast_from_the_caseload_hidden_under_five(
    register: Register, municipality: Organisation
) -> None:
    for _n in range(4):
        register(dt.date(2025, 5, 2), benefit_type="labour_market_subsidy")
    assert (
        selectors.euro_forecast(
            organisation_id=municipality.pk, on=dt.date(2025, 6, 30)
        )
        is None
    )
    register(dt.date(2025, 5, 2), benefit_type="labour_market_subsidy")

    forecast = selectors.euro_forecast(
        organisation_id=municipality.pk, on=dt.date(2025, 6, 30)
    )

    assert forecast is not None
    assert forecast.persons == 5
    assert len(forecast.months) == 12
    assert forecast.months[0].month == dt.date(2025, 7, 1)
    assert forecast.assumptions
