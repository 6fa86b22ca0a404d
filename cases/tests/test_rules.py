"""Identity-code and age rules; pure functions, no database."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from stdnum.fi import hetu

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


def _stdnum(text: str, *, allow_temporary: bool) -> str | None:
    try:
        return hetu.validate(text, allow_temporary=allow_temporary)
    except hetu.ValidationError:
        return None


def _ours(text: str, *, allow_temporary: bool) -> str | None:
    try:
        return rules.parse_identity_code(text, allow_temporary=allow_temporary).value
    except rules.InvalidIdentityCodeError:
        return None


def test_validation_agrees_with_stdnum_on_codes_and_their_corruptions() -> None:
    # The fast path must accept and refuse exactly what stdnum does: valid
    # codes of every sign and century, and each with one character changed,
    # case and spaces changed, or Unicode dashes (only stdnum maps those).
    rng = random.Random(20261207)  # noqa: S311 - test data, not secrets
    alphabet = "0123456789+-ABCDEFHJKLMNPRSTUVWXYZabcf `\u2013\u00e4"
    texts = ["", " ", "000000-0000", "290200A9022", "290204A902Y", "010100-0010"]
    for _ in range(3_000):
        birth = dt.date(1850, 1, 1) + dt.timedelta(days=rng.randrange(365 * 200))
        sign = rng.choice(
            {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}[birth.year // 100 * 100]
        )
        code = rules.build_identity_code(birth, rng.randrange(0, 1000), sign=sign)
        position = rng.randrange(len(code))
        texts += [
            code,
            code.lower(),
            f" {code}\t",
            code[:position] + rng.choice(alphabet) + code[position + 1 :],
            code[:position] + code[position + 1 :],
            code.replace("-", "\u2013"),
        ]
    for text in texts:
        for allow in (True, False):
            assert _ours(text, allow_temporary=allow) == _stdnum(
                text, allow_temporary=allow
            ), (text, allow)


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
