"""Activation-plan, multi-sectoral and integration-plan triggers; no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from django.utils import translation

from cases.rules.triggers import (
    BenefitFacts,
    activation_plan_trigger,
    integration_plan_needed,
    multisectoral_assessment_trigger,
)

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    # Citations and notes are lazy translations; these tests compare them as
    # written in the code, whatever the default language.
    with translation.override("en"):
        yield


IN_2025 = dt.date(2025, 6, 2)
IN_2024 = dt.date(2024, 6, 3)
IN_2026 = dt.date(2026, 6, 1)

# Meets no criterion; each test replaces only the facts it is about.
NOBODY = BenefitFacts(
    age=30,
    has_employment_plan=True,
    lms_days_for_unemployment=0,
    lms_days_last_12_months=0,
    lms_days_after_max_allowance=0,
    max_allowance_period_exhausted=False,
    months_main_income_social_assistance=0,
    months_continuously_unemployed=0,
)


# Activation plan (189/2001 3 §)


def test_activation_plan_is_not_triggered_when_no_criterion_is_met() -> None:
    result = activation_plan_trigger(NOBODY, on=IN_2025)

    assert (result.triggered, result.clause, result.advisory) == (False, "none", False)
    assert "189/2001" in result.rule_source


@pytest.mark.parametrize(("days", "triggered"), [(179, False), (180, True)])
def test_under_25_needs_180_lms_days_in_the_last_12_months(
    days: int, triggered: bool
) -> None:
    facts = replace(
        NOBODY, age=24, lms_days_last_12_months=days, lms_days_for_unemployment=days
    )

    result = activation_plan_trigger(facts, on=IN_2025)

    assert result.triggered is triggered
    if triggered:
        assert result.clause == "under25_lms_180_days_12_months"


@pytest.mark.parametrize(("age", "triggered"), [(24, True), (25, False)])
def test_the_180_day_criterion_stops_at_the_25th_birthday(
    age: int, triggered: bool
) -> None:
    # given 180 LMS days in 12 months: enough under 25, short of 500 at 25
    facts = replace(
        NOBODY, age=age, lms_days_last_12_months=180, lms_days_for_unemployment=180
    )
    # when
    result = activation_plan_trigger(facts, on=IN_2025)
    # then
    assert result.triggered is triggered


def test_under_25_with_the_maximum_allowance_period_exhausted_is_triggered() -> None:
    result = activation_plan_trigger(
        replace(NOBODY, age=22, max_allowance_period_exhausted=True), on=IN_2025
    )

    assert (result.triggered, result.clause) == (
        True,
        "under25_max_allowance_exhausted",
    )


@pytest.mark.parametrize(("months", "triggered"), [(3, False), (4, True)])
def test_under_25_on_social_assistance_for_4_months_is_triggered(
    months: int, triggered: bool
) -> None:
    result = activation_plan_trigger(
        replace(NOBODY, age=20, months_main_income_social_assistance=months), on=IN_2025
    )

    assert result.triggered is triggered


@pytest.mark.parametrize(("days", "triggered"), [(499, False), (500, True)])
def test_25_or_older_needs_500_lms_days(days: int, triggered: bool) -> None:
    result = activation_plan_trigger(
        replace(NOBODY, age=25, lms_days_for_unemployment=days), on=IN_2025
    )

    assert result.triggered is triggered
    if triggered:
        assert result.clause == "25plus_lms_500_days"


@pytest.mark.parametrize(("days", "triggered"), [(179, False), (180, True)])
def test_25_or_older_needs_180_lms_days_after_the_maximum_allowance_period(
    days: int, triggered: bool
) -> None:
    result = activation_plan_trigger(
        replace(NOBODY, age=40, lms_days_after_max_allowance=days), on=IN_2025
    )

    assert result.triggered is triggered
    if triggered:
        assert result.clause == "25plus_lms_180_days_after_max_allowance"


@pytest.mark.parametrize(("months", "triggered"), [(11, False), (12, True)])
def test_25_or_older_on_social_assistance_for_12_months_is_triggered(
    months: int, triggered: bool
) -> None:
    result = activation_plan_trigger(
        replace(NOBODY, age=40, months_main_income_social_assistance=months), on=IN_2025
    )

    assert result.triggered is triggered


def test_the_first_matching_clause_is_reported() -> None:
    facts = replace(
        NOBODY,
        age=24,
        lms_days_last_12_months=200,
        months_main_income_social_assistance=6,
    )

    result = activation_plan_trigger(facts, on=IN_2025)

    assert result.clause == "under25_lms_180_days_12_months"


def test_without_an_employment_plan_no_activation_plan_is_triggered() -> None:
    facts = replace(NOBODY, has_employment_plan=False, lms_days_for_unemployment=900)

    result = activation_plan_trigger(facts, on=IN_2025)

    assert (result.triggered, result.clause) == (False, "no_employment_plan")


@pytest.mark.parametrize(
    ("on", "triggered", "advisory", "clause"),
    [
        (dt.date(2025, 12, 31), True, False, "25plus_lms_500_days"),
        (dt.date(2026, 1, 1), False, True, "benefit_criteria_removed_2026"),
    ],
)
def test_benefit_day_criteria_are_only_advisory_from_2026(
    on: dt.date, triggered: bool, advisory: bool, clause: str
) -> None:
    result = activation_plan_trigger(
        replace(NOBODY, lms_days_for_unemployment=500), on=on
    )

    assert (result.triggered, result.advisory, result.clause) == (
        triggered,
        advisory,
        clause,
    )


def test_social_assistance_still_triggers_an_activation_plan_in_2026() -> None:
    result = activation_plan_trigger(
        replace(NOBODY, age=23, months_main_income_social_assistance=4), on=IN_2026
    )

    assert (result.triggered, result.clause) == (
        True,
        "under25_social_assistance_4_months",
    )
    assert "HE 109/2025" in result.rule_source


def test_in_2026_social_assistance_wins_over_an_earlier_benefit_criterion() -> None:
    # given both 500 LMS days (advisory only) and 12 months of social assistance
    facts = replace(
        NOBODY, lms_days_for_unemployment=600, months_main_income_social_assistance=12
    )
    # when
    result = activation_plan_trigger(facts, on=IN_2026)
    # then
    assert (result.triggered, result.advisory, result.clause) == (
        True,
        False,
        "25plus_social_assistance_12_months",
    )


def test_no_activation_rule_before_september_2010() -> None:
    result = activation_plan_trigger(
        replace(NOBODY, lms_days_for_unemployment=900), on=dt.date(2010, 8, 31)
    )

    assert (result.triggered, result.clause) == (False, "no_rule_in_force")


# Multi-sectoral service (1369/2014 2 §; 381/2023 3 §)


@pytest.mark.parametrize(("days", "triggered"), [(299, False), (300, True)])
def test_300_lms_days_require_a_multisectoral_assessment(
    days: int, triggered: bool
) -> None:
    result = multisectoral_assessment_trigger(
        replace(NOBODY, lms_days_for_unemployment=days), on=IN_2024
    )

    assert result.triggered is triggered
    assert result.clause == ("lms_300_days" if triggered else "none")
    assert str(result.rule_source) == (
        "Act on Multi-sectoral Joint Service Promoting Employment (1369/2014) section 2"
    )


@pytest.mark.parametrize(("months", "triggered"), [(11, False), (12, True)])
def test_at_25_twelve_months_of_unemployment_require_an_assessment(
    months: int, triggered: bool
) -> None:
    result = multisectoral_assessment_trigger(
        replace(NOBODY, age=25, months_continuously_unemployed=months), on=IN_2024
    )

    assert result.triggered is triggered
    if triggered:
        assert result.clause == "25plus_unemployed_12_months"


@pytest.mark.parametrize(
    ("age", "months", "triggered"),
    [(24, 5, False), (24, 6, True), (25, 6, False)],
)
def test_under_25_six_months_of_unemployment_require_an_assessment(
    age: int, months: int, triggered: bool
) -> None:
    result = multisectoral_assessment_trigger(
        replace(NOBODY, age=age, months_continuously_unemployed=months), on=IN_2024
    )

    assert result.triggered is triggered
    if triggered:
        assert result.clause == "under25_unemployed_6_months"


@pytest.mark.parametrize(
    ("on", "triggered", "advisory", "clause"),
    [
        (dt.date(2024, 12, 31), True, False, "lms_300_days"),
        (dt.date(2025, 1, 1), False, True, "lms_300_days_advisory"),
    ],
)
def test_from_2025_the_old_multisectoral_criteria_are_advisory(
    on: dt.date, triggered: bool, advisory: bool, clause: str
) -> None:
    result = multisectoral_assessment_trigger(
        replace(NOBODY, lms_days_for_unemployment=300), on=on
    )

    assert (result.triggered, result.advisory, result.clause) == (
        triggered,
        advisory,
        clause,
    )


def test_from_2025_no_advisory_without_the_old_criteria() -> None:
    result = multisectoral_assessment_trigger(NOBODY, on=IN_2025)

    assert (result.triggered, result.advisory, result.clause) == (False, False, "none")
    assert str(result.rule_source) == (
        "Act on Multi-sectoral Promotion of Employment (381/2023)"
    )


def test_advisory_multisectoral_result_names_both_acts() -> None:
    result = multisectoral_assessment_trigger(
        replace(NOBODY, age=22, months_continuously_unemployed=7), on=IN_2025
    )

    assert result.clause == "under25_unemployed_6_months_advisory"
    assert "381/2023" in result.rule_source
    assert "1369/2014" in result.rule_source


def test_no_multisectoral_rule_before_2015() -> None:
    result = multisectoral_assessment_trigger(
        replace(NOBODY, lms_days_for_unemployment=900), on=dt.date(2014, 12, 31)
    )

    assert result.clause == "no_rule_in_force"


# Integration plan (1386/2010; 681/2023)


@pytest.mark.parametrize(
    ("on", "triggered", "clause"),
    [
        (dt.date(2022, 3, 1), True, "first_plan_within_3_years"),  # first day
        (dt.date(2025, 2, 28), True, "first_plan_within_3_years"),  # last day
        (dt.date(2025, 3, 1), False, "over_3_years_since_first_residence"),
        (dt.date(2022, 2, 28), False, "before_first_residence"),
    ],
)
def test_first_integration_plan_window_is_three_years_from_first_residence(
    on: dt.date, triggered: bool, clause: str
) -> None:
    result = integration_plan_needed(
        is_immigrant=True,
        first_residence_on=dt.date(2022, 3, 1),
        on=on,
        integration_need=True,
    )

    assert (result.triggered, result.clause) == (triggered, clause)


@pytest.mark.parametrize(
    ("on", "triggered"),
    [(dt.date(2027, 2, 27), True), (dt.date(2027, 2, 28), False)],
)
def test_a_leap_day_residence_window_closes_on_28_february(
    on: dt.date, triggered: bool
) -> None:
    result = integration_plan_needed(
        is_immigrant=True,
        first_residence_on=dt.date(2024, 2, 29),
        on=on,
        integration_need=True,
    )

    assert result.triggered is triggered


@pytest.mark.parametrize(
    ("on", "source"),
    [
        (dt.date(2024, 12, 31), "(1386/2010)"),
        (dt.date(2025, 1, 1), "(681/2023)"),
    ],
)
def test_integration_source_changes_in_2025(on: dt.date, source: str) -> None:
    result = integration_plan_needed(
        is_immigrant=True,
        first_residence_on=dt.date(2024, 6, 1),
        on=on,
        integration_need=True,
    )

    assert result.triggered is True
    assert str(result.rule_source).endswith(source)


def test_no_integration_plan_for_a_non_immigrant() -> None:
    result = integration_plan_needed(
        is_immigrant=False,
        first_residence_on=None,
        on=IN_2025,
        integration_need=True,
    )

    assert (result.triggered, result.clause) == (False, "not_immigrant")


def test_no_integration_plan_without_an_assessed_need() -> None:
    result = integration_plan_needed(
        is_immigrant=True,
        first_residence_on=dt.date(2024, 6, 1),
        on=IN_2025,
        integration_need=False,
    )

    assert (result.triggered, result.clause) == (False, "no_integration_need")


def test_unknown_first_residence_asks_the_caseworker_to_check() -> None:
    result = integration_plan_needed(
        is_immigrant=True,
        first_residence_on=None,
        on=IN_2025,
        integration_need=True,
    )

    assert (result.triggered, result.advisory, result.clause) == (
        False,
        True,
        "first_residence_unknown",
    )
