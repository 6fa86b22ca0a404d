from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from reporting import rules


@pytest.mark.parametrize(
    ("active", "unemployed", "rate"),
    [
        (25, 75, Decimal("25.0")),  # Heinola's starting point (seed 003)
        (5, 5, Decimal("50.0")),  # five on each side: shown
        (2, 3, None),  # 40 % of 5 would reveal 2 people
        (1, 2, None),  # fewer than five in all
        (0, 0, None),
        (0, 3000, Decimal("0.0")),  # nobody active reveals no one
        (1, 2999, None),  # one person in a service would be revealed
        (2998, 2, None),  # ... and so would two people outside
        (200, 100, Decimal("66.7")),  # rounded half up to one decimal
    ],
)
def test_activation_rate(active: int, unemployed: int, rate: Decimal | None) -> None:
    assert rules.activation_rate(active, unemployed) == rate


@pytest.mark.parametrize(
    ("baseline", "target", "current", "progress"),
    [
        ("25", "40", "25", "0.0"),
        ("25", "40", "32.5", "50.0"),
        ("25", "40", "43", "120.0"),
        ("100", "70", "85", "50.0"),  # a falling target (LMS share -30 %)
        ("25", "40", "20", "-33.3"),  # moving away from the target
    ],
)
def test_target_progress(
    baseline: str, target: str, current: str, progress: str
) -> None:
    assert rules.target_progress(
        baseline=Decimal(baseline), target=Decimal(target), current=Decimal(current)
    ) == Decimal(progress)


def test_no_progress_without_a_distance() -> None:
    assert (
        rules.target_progress(
            baseline=Decimal(1), target=Decimal(1), current=Decimal(2)
        )
        is None
    )


@pytest.mark.parametrize(
    ("day_number", "on", "in_service", "percent"),
    [
        (300, dt.date(2024, 12, 31), False, 0),  # the state pays up to day 300
        (301, dt.date(2024, 12, 31), False, 50),
        (1000, dt.date(2024, 12, 31), False, 50),
        (1001, dt.date(2024, 12, 31), False, 70),
        (1001, dt.date(2024, 12, 31), True, 0),  # no share while in a service
        (1001, dt.date(2025, 1, 1), True, 70),  # service days co-financed
        (301, dt.date(2025, 1, 1), False, 50),  # last confirmed bands
        (301, dt.date(2021, 3, 1), False, 50),  # the pilots' first day
    ],
)
def test_subsidy_municipal_percent(
    day_number: int, on: dt.date, in_service: bool, percent: int
) -> None:
    assert (
        rules.subsidy_municipal_percent(
            day_number=day_number, on=on, in_service=in_service
        )
        == percent
    )


def test_the_2025_subsidy_financing_rules_are_marked_unconfirmed() -> None:
    until_2024 = rules.subsidy_financing_rules(dt.date(2024, 12, 31))
    from_2025 = rules.subsidy_financing_rules(dt.date(2025, 1, 1))

    assert until_2024 is not None
    assert until_2024.is_confirmed
    assert from_2025 is not None
    assert not from_2025.is_confirmed
    assert "⚠" in from_2025.source


def test_no_subsidy_financing_rules_before_the_pilots() -> None:
    assert rules.subsidy_financing_rules(dt.date(2021, 2, 28)) is None
    with pytest.raises(ValueError, match="2021-02-28"):
        rules.subsidy_municipal_percent(day_number=500, on=dt.date(2021, 2, 28))


def test_the_subsidy_financing_rules_follow_each_other_without_gaps() -> None:
    versions = rules.SUBSIDY_FINANCING_RULES
    for before, after in itertools.pairwise(versions):
        assert before.valid_until is not None
        assert after.valid_from == before.valid_until + dt.timedelta(days=1)
    assert versions[-1].valid_until is None
