"""Identity-code and age rules; pure functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import rules


@pytest.mark.parametrize(
    ("code", "birth_date"),
    [
        ("131052-308T", dt.date(1952, 10, 13)),  # stdnum's documented example
        ("010594Y9032", dt.date(1994, 5, 1)),  # 2023 sign Y = 1900s
        ("010594Y9021", dt.date(1994, 5, 1)),
        ("020516C903K", dt.date(2016, 5, 2)),  # 2023 sign C = 2000s
        ("020516A903K", dt.date(2016, 5, 2)),
    ],
)
def test_valid_codes_give_their_birth_date(code: str, birth_date: dt.date) -> None:
    parsed = rules.parse_identity_code(code, allow_temporary=True)

    assert parsed.birth_date == birth_date


def test_temporary_codes_are_refused_unless_allowed() -> None:
    code = rules.build_identity_code(dt.date(1990, 1, 1), 950)

    with pytest.raises(rules.InvalidIdentityCodeError):
        rules.parse_identity_code(code, allow_temporary=False)
    assert rules.parse_identity_code(code, allow_temporary=True).is_temporary is True


@pytest.mark.parametrize(
    "code", ["131052-308U", "310252-308T", "131052308T", "", "abc"]
)
def test_invalid_codes_are_refused(code: str) -> None:
    with pytest.raises(rules.InvalidIdentityCodeError):
        rules.parse_identity_code(code, allow_temporary=True)


def test_built_codes_validate_in_every_century() -> None:
    for birth_date in (
        dt.date(1899, 12, 31),
        dt.date(1960, 2, 29),
        dt.date(2004, 7, 15),
    ):
        code = rules.build_identity_code(birth_date, 912)

        assert (
            rules.parse_identity_code(code, allow_temporary=True).birth_date
            == birth_date
        )


def test_new_century_signs_build_valid_codes() -> None:
    code = rules.build_identity_code(dt.date(2005, 3, 1), 999, sign="E")

    assert code[6] == "E"
    assert rules.parse_identity_code(code, allow_temporary=True).birth_date == dt.date(
        2005, 3, 1
    )


def test_mask_hides_the_individual_number_and_check_character() -> None:
    assert rules.mask_identity_code("010594Y9032") == "010594Y9***"


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (dt.date(2021, 2, 28), 28),
        (dt.date(2021, 3, 1), 29),  # a leap-day birthday counts on 1 March
        (dt.date(2024, 2, 28), 31),
        (dt.date(2024, 2, 29), 32),
    ],
)
def test_age_on_a_day_for_a_leap_day_birth(day: dt.date, age: int) -> None:
    assert rules.age_on(dt.date(1992, 2, 29), day) == age
