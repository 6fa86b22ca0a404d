"""Activation counts in SQL, and their use in an agreement's evaluation plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from cases import services
from cases.models import ServiceType
from partners.models import EvaluationTarget, PartnershipAgreement
from reporting import selectors as reporting_selectors
from reporting import services as reporting_services
from reporting.selectors import activation_figure

from .conftest import AUGUST

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 8, 31)


def _service(
    case: Case, code: str, user: User, ended_on: dt.date | None = None
) -> None:
    period = services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code=code),
        started_on=dt.date(2025, 8, 1),
        planned_end_on=None,
        provider="",
        actor=user,
    )
    if ended_on:
        period.ended_on = ended_on
        period.save()


@pytest.fixture
def people(
    register: Register, caseworker: User, other_municipality: Organisation
) -> None:
    cases = [register(dt.date(2025, 5, 2)) for _ in range(14)]
    for case in cases[:4]:
        _service(case, "coaching", caseworker)  # active
    _service(cases[4], "work_trial", caseworker)  # active
    _service(cases[5], "career_guidance", caseworker)  # not an activating service
    _service(cases[6], "coaching", caseworker, ended_on=dt.date(2025, 8, 20))  # ended
    register(dt.date(2025, 9, 15))  # registered after the day: not counted


def test_activation_counts_people_on_the_day(
    people: None, municipality: Organisation
) -> None:
    figure = activation_figure(organisation_ids=[municipality.pk], on=DAY)

    assert (figure.active, figure.unemployed) == (5, 9)
    assert figure.rate == Decimal("35.7")


def test_other_organisations_are_not_counted(
    people: None, other_municipality: Organisation
) -> None:
    figure = activation_figure(organisation_ids=[other_municipality.pk], on=DAY)

    assert (figure.active, figure.unemployed, figure.rate) == (0, 0, None)


def test_an_agreement_target_shows_its_progress(
    people: None, municipality: Organisation
) -> None:
    agreement = PartnershipAgreement.objects.create(
        name="Arvioitava", valid_from=dt.date(2025, 1, 1)
    )
    for indicator in ("activation_rate", "labour_market_subsidy_municipal_share"):
        EvaluationTarget.objects.create(
            agreement=agreement,
            organisation=municipality,
            indicator=indicator,
            description=indicator,
            baseline=Decimal(25),
            target=Decimal(40),
            direction="increase",
            target_on=dt.date(2026, 12, 31),
            source="Testi",
        )

    rows = {
        r.target.indicator: r
        for r in reporting_selectors.target_rows(agreement, on=dt.date(2025, 9, 10))
    }

    activation = rows["activation_rate"]
    assert (activation.current, activation.measured_on) == (Decimal("35.7"), DAY)
    assert activation.progress == Decimal("71.3")
    # Computed by the monthly runs; no month has been computed here.
    subsidy = rows["labour_market_subsidy_municipal_share"]
    assert subsidy.available
    assert subsidy.measured_on is None


def test_a_target_on_a_monthly_indicator_reads_the_newest_run(
    august: list[Case], municipality: Organisation
) -> None:
    reporting_services.run_execute(run_id=reporting_services.run_start(month=AUGUST).pk)
    agreement = PartnershipAgreement.objects.create(
        name="Kuukausittain", valid_from=dt.date(2025, 1, 1)
    )
    EvaluationTarget.objects.create(
        agreement=agreement,
        organisation=municipality,
        indicator="jobseekers_month_end",
        description="Työnhakijoita",
        baseline=Decimal(10),
        target=Decimal(4),
        direction="decrease",
        target_on=dt.date(2026, 12, 31),
        source="Testi",
    )

    (row,) = reporting_selectors.target_rows(agreement, on=dt.date(2025, 9, 10))

    assert (row.current, row.measured_on) == (Decimal(5), dt.date(2025, 8, 31))
    assert row.available


def test_the_dashboard_measures_a_live_target_from_the_months_stored_figure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The activation rate of the month is read from the month's finished
    run when there is one (reporting.selectors.measure_targets
    stored_first); the agreement page, and a month without a run, measure
    it on the spot."""
    import types

    from reporting import selectors

    month_end = dt.date(2026, 10, 31)
    target: Any = types.SimpleNamespace(
        indicator="activation_rate",
        organisation_id=7,
        baseline=Decimal(20),
        target=Decimal(30),
    )
    stored = {"activation_rate": {7: (Decimal("25.0"), month_end)}}
    monkeypatch.setattr(
        selectors, "stored_figures", lambda wanted, until, **_read: stored
    )
    live: list[dt.date] = []

    def activation_figure(**kwargs: Any) -> selectors.ActivationFigure:
        live.append(kwargs["on"])
        return selectors.ActivationFigure(on=kwargs["on"], active=1, unemployed=3)

    monkeypatch.setattr(selectors, "activation_figure", activation_figure)
    monkeypatch.setattr(selectors, "_covered", lambda pk, on: [pk])

    (row,) = selectors.measure_targets(
        [target], on=dt.date(2026, 11, 5), stored_first=True
    )
    assert (row.current, row.measured_on, live) == (Decimal("25.0"), month_end, [])

    (row,) = selectors.measure_targets([target], on=dt.date(2026, 11, 5))
    assert (row.measured_on, live) == (month_end, [month_end])

    stored["activation_rate"] = {7: (Decimal("25.0"), dt.date(2026, 9, 30))}
    (row,) = selectors.measure_targets(
        [target], on=dt.date(2026, 11, 5), stored_first=True
    )
    assert live == [month_end, month_end]
