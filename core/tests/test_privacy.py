from __future__ import annotations

import itertools

import pytest
from django.utils import translation

from core.privacy import (
    SMALL,
    WITHHELD,
    Group,
    explanation,
    is_small,
    rate_reveals_small,
    suppress_small,
    withheld_figures,
)


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (120, "120")]
)
def test_small_counts_are_suppressed(count: int, shown: str) -> None:
    assert suppress_small(count) == shown
    assert is_small(count) is (shown == "<5")


@pytest.mark.parametrize(
    ("numerator", "denominator", "reveals"),
    [
        (12, 25, False),
        (3, 25, True),  # three people
        (22, 25, True),  # three people are not counted
        (0, 4, True),  # fewer than five in all
        (0, 25, False),
        (25, 25, False),
    ],
)
def test_a_rate_that_would_reveal_a_small_count_is_suppressed(
    numerator: int, denominator: int, reveals: bool
) -> None:
    assert rate_reveals_small(numerator, denominator) is reveals


@pytest.mark.parametrize(
    ("language", "small", "withheld"),
    [
        ("fi", "alle 5 henkilöä", "summasta"),
        ("sv", "färre än 5 personer", "summan"),
        ("en", "fewer than 5 people", "total"),
    ],
)
def test_a_suppressed_figure_says_why_in_words(
    language: str, small: str, withheld: str
) -> None:
    with translation.override(language):
        assert explanation(SMALL) == small
        assert withheld in explanation(WITHHELD)


# --- Complementary suppression ------------------------------------------------


def _ranges(
    values: dict[str, int], groups: list[Group[str]], hidden: set[str]
) -> dict[str, set[int]]:
    """Brute force: every value each hidden "<5" figure could have for a
    reader who sees every shown figure and every total that is not hidden,
    and knows that a "<5" figure is 1-4 and a withheld one 5 or more (up to
    the largest total, which bounds every part)."""
    small = sorted(k for k in hidden if 0 < values[k] < 5)
    withheld = sorted(k for k in hidden if k not in small)
    ceiling = max(values.values())
    possible: dict[str, set[int]] = {k: set() for k in small}
    domains = [range(1, 5)] * len(small) + [range(5, ceiling + 1)] * len(withheld)
    for guess in itertools.product(*domains):
        world = dict(values) | dict(zip(small + withheld, guess, strict=True))
        if all(
            world[g.total] == sum(world[p] for p in g.parts)
            for g in groups
            if g.total not in hidden
        ):
            for key in small:
                possible[key].add(world[key])
    return possible


def test_a_lone_small_member_takes_another_member_with_it() -> None:
    # given an area of 93 whose members are 3, 40 and 50
    values = {"area": 93, "a": 3, "b": 40, "c": 50}
    groups = [Group("area", ("a", "b", "c"))]
    # when
    withheld = withheld_figures(values, groups)
    # then the smaller of the others is withheld, and "a" could be any of 1-4
    assert withheld == {"b"}
    assert _ranges(values, groups, {"a", *withheld}) == {"a": {1, 2, 3, 4}}


def test_the_other_part_must_be_large_enough_to_leave_the_full_range() -> None:
    # given 3 + 5: withholding the 5 would still tell a reader "a" is 1-3
    # (8 - a >= 5); the 9 leaves 1-4 (12 - a >= 5 for every a up to 4... and 7)
    values = {"area": 3 + 5 + 9 + 40, "a": 3, "b": 5, "c": 9, "d": 40}
    groups = [Group("area", ("a", "b", "c", "d"))]

    withheld = withheld_figures(values, groups)

    assert withheld == {"c"}
    assert _ranges(values, groups, {"a", *withheld}) == {"a": {1, 2, 3, 4}}


def test_two_small_members_alone_can_pin_each_other() -> None:
    # given 4 + 4 = 8 hidden: both must be 4, so a third is withheld too
    values = {"area": 4 + 4 + 30, "a": 4, "b": 4, "c": 30}
    groups = [Group("area", ("a", "b", "c"))]

    withheld = withheld_figures(values, groups)

    assert withheld == {"c"}
    assert _ranges(values, groups, {"a", "b", "c"}) == {
        "a": {1, 2, 3, 4},
        "b": {1, 2, 3, 4},
    }


def test_the_total_is_withheld_when_no_part_can_be() -> None:
    # given two members, 3 and 5: withholding the 5 would still tell a reader
    # that "a" is at most 3 (8 - 5)
    values = {"area": 8, "a": 3, "b": 5}
    groups = [Group("area", ("a", "b"))]

    assert withheld_figures(values, groups) == {"area"}


def test_an_unpublished_small_part_is_protected_and_never_withheld() -> None:
    # given an area holding 2 people itself, beside members 20 and 30
    values = {"area": 52, "own": 2, "a": 20, "b": 30}
    groups = [Group("area", ("own", "a", "b"))]

    withheld = withheld_figures(values, groups, unpublished={"own"})

    assert withheld == {"a"}
    assert _ranges(values, groups, {"own", "a"}) == {"own": {1, 2, 3, 4}}


def test_nothing_is_withheld_without_a_small_part() -> None:
    values = {"area": 0 + 40 + 50, "a": 0, "b": 40, "c": 50}
    assert withheld_figures(values, [Group("area", ("a", "b", "c"))]) == set()


def test_each_total_is_protected_on_its_own() -> None:
    # given a municipality in an area, a two-member pilot and the whole country
    values = {
        "country": 3 + 12 + 20 + 5 + 100,
        "area": 3 + 12 + 20,
        "pilot": 3 + 5,
        "a": 3,
        "b": 12,
        "c": 20,
        "d": 5,
        "e": 100,
    }
    groups = [
        Group("area", ("a", "b", "c")),
        Group("pilot", ("a", "d")),
        Group("country", ("a", "b", "c", "d", "e")),
    ]
    # when
    withheld = withheld_figures(values, groups)
    # then each total with its parts leaves "a" anywhere in 1-4
    for group in groups:
        if group.total not in withheld:
            assert _ranges(values, [group], {"a", *withheld}) == {"a": {1, 2, 3, 4}}
    # the pilot cannot hide its 3 behind the 5 (8 - 5 = 3): its total is withheld
    assert "pilot" in withheld


@pytest.mark.parametrize("seed", range(40))
def test_no_small_figure_can_be_narrowed_in_random_areas(seed: int) -> None:
    # given random areas of 2-5 members with some small counts
    import random

    rng = random.Random(seed)  # noqa: S311 - test data, not security
    members = [f"m{i}" for i in range(rng.randint(2, 5))]
    values = {m: rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 11, 20]) for m in members}
    values["area"] = sum(values.values())
    groups = [Group("area", tuple(members))]
    # when
    withheld = withheld_figures(values, groups)
    hidden = {k for k, v in values.items() if 0 < v < 5} | withheld
    # then
    ranges = _ranges(values, groups, hidden)
    assert all(r == {1, 2, 3, 4} for r in ranges.values()), (values, withheld)
