"""Personal identity codes (henkilötunnus) and ages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stdnum.fi import hetu

# Henkilötunnus century signs. Since 1.1.2023 the signs Y, X, W, V, U (1900s)
# and B, C, D, E, F (2000s) are issued beside '-' and 'A' (Government Decree
# 690/2022 amending 128/2010).
CENTURY_BY_SIGN = {
    "+": 1800,
    **dict.fromkeys("-YXWVU", 1900),
    **dict.fromkeys("ABCDEF", 2000),
}
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Individual numbers 900-999 are reserved for temporary identifiers and never
# issued to real people (Population Information System); demo data uses them.
TEMPORARY_INDIVIDUAL_NUMBERS = range(900, 1000)


class InvalidIdentityCodeError(ValueError):
    """The text is not a valid Finnish personal identity code."""


@dataclass(frozen=True)
class IdentityCode:
    value: str
    birth_date: dt.date
    is_temporary: bool


# DDMMYY, century sign, individual number, check character: the shape
# python-stdnum's hetu module checks (Population Information Act 661/2009,
# section 11; the signs of decree 690/2022).
_SHAPE = re.compile(
    r"^[0-3]\d[01]\d\d\d[-+ABCDEFYXWVU]\d\d\d[0-9ABCDEFHJKLMNPRSTUVWXY]\Z"
)


def parse_identity_code(text: str, *, allow_temporary: bool) -> IdentityCode:
    """Validate a henkilötunnus (DDMMYYCZZZQ); return it normalised, with birth date.

    The same rules as python-stdnum's `hetu.validate` (tested against it),
    whose `compact` maps every character through a table of Unicode dashes
    and quotes: two thirds of an import's validation time. ASCII text (every
    code a system exports) needs no such mapping; other text still goes
    through stdnum.
    """
    if not text.isascii():
        try:
            text = hetu.validate(text, allow_temporary=allow_temporary)
        except hetu.ValidationError as exc:
            raise InvalidIdentityCodeError(text) from exc
    value = text.upper().strip()
    if not _SHAPE.match(value):
        raise InvalidIdentityCodeError(text)
    individual = int(value[7:10])
    try:
        birth_date = dt.date(
            CENTURY_BY_SIGN[value[6]] + int(value[4:6]),
            int(value[2:4]),
            int(value[0:2]),
        )
    except ValueError as exc:
        raise InvalidIdentityCodeError(text) from exc
    is_temporary = individual in TEMPORARY_INDIVIDUAL_NUMBERS
    # Individual numbers start from 002 (stdnum: "for historical reasons").
    if (
        individual < 2
        or (is_temporary and not allow_temporary)
        or value[10] != CHECK_CHARACTERS[int(value[:6] + value[7:10]) % 31]
    ):
        raise InvalidIdentityCodeError(text)
    return IdentityCode(value=value, birth_date=birth_date, is_temporary=is_temporary)


def identity_code_check_character(birth_date: dt.date, individual_number: int) -> str:
    """The check character for a birth date and individual number."""
    digits = f"{birth_date:%d%m}{birth_date.year % 100:02d}{individual_number:03d}"
    return CHECK_CHARACTERS[int(digits) % 31]


def build_identity_code(
    birth_date: dt.date, individual_number: int, *, sign: str = ""
) -> str:
    """Compose a henkilötunnus; without `sign`, the traditional sign of the century."""
    if not sign:
        sign = {1800: "+", 1900: "-", 2000: "A"}[birth_date.year // 100 * 100]
    check = identity_code_check_character(birth_date, individual_number)
    date_part = f"{birth_date:%d%m}{birth_date.year % 100:02d}"
    return f"{date_part}{sign}{individual_number:03d}{check}"


def mask_identity_code(value: str) -> str:
    """Show the birth-date part only: 010190-9***. The full code is a logged reveal."""
    return f"{value[:8]}***"


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in full years on `day` (a person born 29 Feb turns a year older on 1 Mar)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)
