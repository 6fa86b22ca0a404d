from __future__ import annotations

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
