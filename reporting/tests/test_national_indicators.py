"""The national follow-up set (issue 23 item 4), each indicator against
small hand-computed data at the month's boundaries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from cases.models import JobSearchPeriod, ProcessStep
from reporting import indicators, services
from reporting.definitions import NATIONAL_CODES, NATIONAL_DEFINITIONS
from reporting.models import IndicatorValue
from reporting.selectors import FigureCell

from .conftest import close_case as _close
from .conftest import service_period

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

AUG_1, AUG_31 = dt.date(2025, 8, 1), dt.date(2025, 8, 31)


def aug(day: int) -> dt.date:
    return dt.date(2025, 8, day)


# --- Inflow to over three months' unemployment ---------------------------------


def test_the_inflow_counts_unemployment_passing_three_months_in_the_month(
    register: Register,
    caseworker: User,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    # given: three months after May falls in August
    register(dt.date(2025, 5, 1))  # passes on 1.8
    register(dt.date(2025, 5, 31))  # passes on 31.8
    register(dt.date(2025, 4, 30))  # passed on 30.7
    register(dt.date(2025, 6, 1))  # passes on 1.9
    _close(register(dt.date(2025, 5, 10)), dt.date(2025, 8, 9), "other", caseworker)
    ends_that_day = register(dt.date(2025, 5, 10))
    _close(ends_that_day, dt.date(2025, 8, 10), "other", caseworker)  # counted
    in_service = register(dt.date(2025, 5, 15))
    service_period(in_service, "coaching", caseworker, started_on=dt.date(2025, 8, 1))
    service_ended = register(dt.date(2025, 5, 15))
    service_period(  # coaching is an activating service
        service_ended,
        "coaching",
        caseworker,
        started_on=dt.date(2025, 6, 1),
        ended_on=dt.date(2025, 8, 14),
    )  # unemployed again on 15.8: counted
    threatened = register(dt.date(2025, 5, 20))
    JobSearchPeriod.objects.filter(pk=threatened.job_search_period_id).update(
        status_at_start="threat"
    )
    register(
        dt.date(2025, 5, 2),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )

    # when
    counts = indicators.inflow_over_3_months_unemployed(AUG_1, AUG_31)

    # then: 1.5, 31.5, 10.5 (ends on the day), 15.5 (service over); Heinola
    assert counts == {municipality.pk: (4, None), other_municipality.pk: (1, None)}


def test_a_spell_from_the_end_of_november_passes_three_months_in_february(
    register: Register, municipality: Organisation
) -> None:
    # given: 30.11.2024 + 3 months = 28.2.2025 (clamped to the month's end)
    register(dt.date(2024, 11, 30))
    register(dt.date(2024, 12, 1))  # passes on 1.3.2025

    # when
    february = indicators.inflow_over_3_months_unemployed(
        dt.date(2025, 2, 1), dt.date(2025, 2, 28)
    )

    # then
    assert february == {municipality.pk: (1, None)}


# --- Time from job search start to open-market employment ----------------------


def test_days_to_employment_count_only_exits_to_open_market_employment(
    register: Register,
    caseworker: User,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    # given
    _close(register(dt.date(2025, 5, 2)), AUG_1, "open_market_employment", caseworker)
    _close(register(AUG_1), AUG_31, "open_market_employment", caseworker)
    _close(register(dt.date(2025, 6, 1)), AUG_31, "subsidised_employment", caseworker)
    _close(register(dt.date(2025, 6, 1)), AUG_31, "education", caseworker)
    _close(
        register(dt.date(2025, 5, 2)),
        dt.date(2025, 7, 31),
        "open_market_employment",
        caseworker,
    )
    _close(
        register(dt.date(2025, 5, 2)),
        dt.date(2025, 9, 1),
        "open_market_employment",
        caseworker,
    )
    heinola = register(
        dt.date(2025, 8, 4),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    _close(
        heinola,
        dt.date(2025, 8, 14),
        "open_market_employment",
        other_municipality_caseworker,
    )

    # when
    days = indicators.days_to_open_market_employment(AUG_1, AUG_31)

    # then: 2.5-1.8 is 91 days, 1.8-31.8 30 days; Heinola 10 days
    assert days == {
        municipality.pk: Counter({91: 1, 30: 1}),
        other_municipality.pk: Counter({10: 1}),
    }


def test_the_median_days_are_stored_for_five_exits_and_hidden_for_fewer(
    register: Register,
    caseworker: User,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    # given: five in Kalajoki after 10, 20, 30, 40 and 100 days, one in
    # Heinola after 27
    for days in (10, 20, 30, 40, 100):
        case = register(AUG_31 - dt.timedelta(days=days))
        _close(case, AUG_31, "open_market_employment", caseworker)
    heinola = register(
        dt.date(2025, 8, 4),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    _close(heinola, AUG_31, "open_market_employment", other_municipality_caseworker)
    run = services.run_start(month=AUG_1, send=False)

    # when
    services.run_execute(run_id=run.pk)

    # then
    values = {
        v.organisation_id: FigureCell.of(v)
        for v in IndicatorValue.objects.filter(
            run=run, definition__code="days_to_open_market_employment"
        ).select_related("definition")
    }
    assert values[municipality.pk].value == 30
    assert values[municipality.pk].shown == "30"
    assert values[other_municipality.pk].shown == "<5"
    # The country: 10, 20, 27, 30, 40, 100 -> (27 + 30) / 2 = 28,5, half up
    assert values[None].value == 29


# --- Meeting statutory deadlines --------------------------------------------------


def test_statutory_deadlines_met_are_steps_due_in_the_month_done_by_their_due_date(
    register: Register, municipality: Organisation
) -> None:
    # given
    case = register(dt.date(2025, 5, 2))
    ProcessStep.objects.filter(case=case).delete()
    jul_31, sep_1 = dt.date(2025, 7, 31), dt.date(2025, 9, 1)
    steps = [  # kind, due, status, done or paused on
        ("initial_interview", aug(10), "done", aug(10)),
        ("activation_plan", aug(15), "done", aug(20)),
        ("multisectoral_review", AUG_31, "open", None),
        ("integration_plan", aug(20), "paused", aug(10)),
        ("multisectoral_plan", aug(5), "paused", aug(12)),
        ("rebooking", aug(12), "done", aug(11)),
        ("job_search_discussion", aug(3), "cancelled", None),
        ("supplementary_discussion", jul_31, "done", dt.date(2025, 7, 30)),
        ("multisectoral_assessment", sep_1, "done", AUG_31),
        ("multisectoral_assessment", AUG_1, "done", AUG_1),
    ]
    for sequence, (kind, due_on, status, on) in enumerate(steps, start=1):
        ProcessStep.objects.create(
            organisation=municipality,
            case=case,
            jobseeker=case.jobseeker,
            kind=kind,
            sequence=sequence,
            status=status,
            due_on=due_on,
            completed_on=on if status == "done" else None,
            paused_on=on if status == "paused" else None,
            counts_from=dt.date(2025, 5, 2),
            counts_from_event="registration",
            rule_code="test",
        )

    # when
    statutory = indicators.statutory_deadlines_met(AUG_1, AUG_31)
    interviews_and_discussions = indicators.deadline_compliance(AUG_1, AUG_31)

    # then: due in August and counted are the interview (in time), the
    # activation plan (late), the review (open), the multi-sectoral plan
    # (paused when already late) and the assessment due 1.8 (in time)
    assert statutory == {municipality.pk: (2, 5)}
    assert interviews_and_discussions == {municipality.pk: (1, 1)}


def test_the_national_set_is_three_versioned_definitions_naming_their_source() -> None:
    assert NATIONAL_CODES == (
        "inflow_over_3_months_unemployed",
        "days_to_open_market_employment",
        "statutory_deadlines_met",
    )
    for definition in NATIONAL_DEFINITIONS:
        assert definition["version"] == 1
        assert "Työllisyyskuva" in definition["source"]
        assert "Työllisyyskuva" in definition["source_fi"]
        assert "Työllisyyskuva" in definition["source_sv"]
