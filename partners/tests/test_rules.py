"""Cost splits in exact cents, lifecycle, the service matrix check, conflicts."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from partners import rules

MUNICIPALITIES = [f"m{n:02d}" for n in range(13)]


def test_the_seed_project_comes_out_right() -> None:
    external, own = rules.external_share(12_674_000, Decimal("0.80"))

    shares = rules.split_cents(own, dict.fromkeys(MUNICIPALITIES, 1))

    assert (external, own) == (10_139_200, 2_534_800)  # €101,392 and €25,348
    assert sum(shares.values()) == own
    assert set(shares.values()) == {194_984, 194_985}  # about €1,950 each
    assert max(shares.values()) <= 195_000  # within the €1,950 cap of seed 000


def test_caps_are_respected_and_the_rest_redistributed() -> None:
    shares = rules.split_cents(
        100_000, {"a": 1, "b": 1, "c": 1}, caps={"a": 1_000, "b": None, "c": None}
    )

    assert shares == {"a": 1_000, "b": 49_500, "c": 49_500}


def test_caps_that_cannot_cover_the_amount_are_an_error() -> None:
    with pytest.raises(rules.CostSplitError):
        rules.split_cents(100_00, {"a": 1, "b": 1}, caps={"a": 10_00, "b": 10_00})


@pytest.mark.parametrize("seed", range(25))
def test_awkward_totals_and_many_parties_always_add_up(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data
    parties = {f"p{n}": rng.randint(1, 250_000) for n in range(rng.randint(1, 60))}
    total = rng.randint(0, 10**9)

    shares = rules.split_cents(total, parties)

    assert sum(shares.values()) == total
    for party, share in shares.items():
        exact = Fraction(total) * parties[party] / sum(parties.values())
        assert abs(share - exact) < 1  # never more than a cent from the exact share


def test_population_weights_split_in_proportion() -> None:
    shares = rules.split_cents(100_000, {"big": 3, "small": 1})

    assert shares == {"big": 75_000, "small": 25_000}


def test_an_agreement_enters_force_only_after_every_approval() -> None:
    assert rules.missing_approvals([1, 2, 3], [1, 3]) == [2]
    assert rules.missing_approvals([1, 2, 3], [3, 2, 1]) == []
    assert rules.can_move("negotiation", "approved")
    assert not rules.can_move("draft", "in_force")
    assert not rules.can_move("terminated", "in_force")


def test_the_matrix_check_finds_gaps_and_overlaps() -> None:
    entries = [
        rules.MatrixEntry("job_mediation", True, 1, 10, frozenset({100, 101})),
        rules.MatrixEntry("job_mediation", True, 1, 11, frozenset({101})),
        rules.MatrixEntry("start_up_grant", True, 1, None, frozenset({100, 101})),
    ]

    findings = rules.check_matrix(
        entries,
        services={"job_mediation": True, "start_up_grant": True, "voluntary": False},
        municipalities=[100, 101],
    )

    assert [(f.kind, f.service, f.municipality) for f in findings] == [
        ("overlap", "job_mediation", 101),
        ("gap", "start_up_grant", 100),
        ("gap", "start_up_grant", 101),
    ]


def test_recorded_figures_that_disagree_are_conflicts() -> None:
    figures = [
        rules.Figure("municipal_share_per_party", Decimal("1950"), "seed 000"),
        rules.Figure("municipal_share_per_party", Decimal("1948"), "seed 001"),
        rules.Figure("funding_rate", Decimal("0.80"), "seed 000"),
        rules.Figure("funding_rate", Decimal("0.80"), "seed 001"),
    ]

    (conflict,) = rules.figure_conflicts(figures)

    assert conflict.key == "municipal_share_per_party"
