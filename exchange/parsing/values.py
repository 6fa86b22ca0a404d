"""Reading one value: identity codes, dates, numbers, choices and yes/no in the
forms Finnish files write them."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from cases import rules as case_rules

from .columns import normalise_name
from .problems import ValueProblem

if TYPE_CHECKING:
    from collections.abc import Iterable


def cell_text(value: Any) -> str:
    # A CSV's every cell is a str: the one test first (3 million cells in a
    # month's invoice file).
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_identity_code(value: Any, *, allow_temporary: bool) -> str:
    """The normalised henkilötunnus, by the same validation as registration."""
    text = cell_text(value).upper()
    if not text:
        raise ValueProblem("required")
    try:
        return case_rules.parse_identity_code(
            text, allow_temporary=allow_temporary
        ).value
    except case_rules.InvalidIdentityCodeError:
        pass
    masked = case_rules.mask_identity_code(text)
    if not allow_temporary:
        try:
            case_rules.parse_identity_code(text, allow_temporary=True)
        except case_rules.InvalidIdentityCodeError:
            pass
        else:
            raise ValueProblem("temporary_identity_code", masked=masked)
    raise ValueProblem("invalid_identity_code", masked=masked)


_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+)?$")


def parse_date(value: Any) -> dt.date:
    """1.3.2021, 01.03.2021, 2021-03-01 or a spreadsheet date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _date_from_text(cell_text(value))


# Cached: a file repeats the same few dates (an invoice month's periods, the
# registration days of a week) on thousands of lines; a refused text raises
# again each time and is not cached.
@functools.lru_cache(maxsize=4096)
def _date_from_text(text: str) -> dt.date:
    if not text:
        raise ValueProblem("required")
    if match := _FINNISH_DATE.match(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := _ISO_DATE.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise ValueProblem("invalid_date", value=text[:20])
    try:
        return dt.date(year, month, day)
    except ValueError:
        # 31.2.2025: the right shape but no such day.
        raise ValueProblem("invalid_date", value=text[:20]) from None


# Thousands separators: spaces, no-break and narrow no-break spaces.
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_decimal(value: Any) -> Decimal:
    """A number with a decimal comma or point; spaces group thousands."""
    if isinstance(value, bool):
        raise ValueProblem("invalid_number", value=str(value))
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = cell_text(value)
    if not text:
        raise ValueProblem("required")
    # Plain digits (paid days, day counts) need no cleaning.
    cleaned = (
        text
        if text.isascii() and text.isdigit()
        else _SPACES.sub("", text).replace(",", ".")
    )
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueProblem("invalid_number", value=text[:20]) from None
    if not number.is_finite():
        raise ValueProblem("invalid_number", value=text[:20])
    return number


def parse_choice(value: Any, aliases: dict[str, str], *, default: str = "") -> str:
    """A code from its code or any of its names (compared as column names)."""
    text = cell_text(value)
    if not text:
        if default:
            return default
        raise ValueProblem("required")
    code = aliases.get(normalise_name(text))
    if code is None:
        shown = sorted(set(aliases.values()))
        raise ValueProblem("invalid_choice", value=text[:40], choices=", ".join(shown))
    return code


_YES = {"kylla", "k", "ja", "j", "yes", "y", "true", "1", "x"}
_NO = {"ei", "e", "nej", "n", "no", "false", "0"}


def parse_yes_no(value: Any) -> bool:
    """Yes or no in Finnish, Swedish or English, 1/0 or a spreadsheet boolean."""
    if isinstance(value, bool):
        return value
    text = normalise_name(cell_text(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueProblem("invalid_yes_no", value=cell_text(value)[:20])


def parse_text(value: Any, *, max_length: int, required: bool = True) -> str:
    text = cell_text(value)
    if not text and required:
        raise ValueProblem("required")
    if len(text) > max_length:
        raise ValueProblem("too_long", max=max_length)
    return text


def _aliases(table: dict[str, Iterable[str]]) -> dict[str, str]:
    return {
        normalise_name(name): code for code, names in table.items() for name in names
    }


BENEFIT_TYPES = _aliases(
    {
        "earnings_related": (
            "earnings_related",
            "ansiosidonnainen",
            "ansiopäiväraha",
            "ansio",
            "ansiosidonnainen päiväraha",
            "inkomstrelaterad",
        ),
        "basic_allowance": (
            "basic_allowance",
            "peruspäiväraha",
            "perus",
            "grunddagpenning",
        ),
        "labour_market_subsidy": (
            "labour_market_subsidy",
            "työmarkkinatuki",
            "tmt",
            "arbetsmarknadsstöd",
        ),
        "none": ("none", "ei", "ei etuutta", "ingen", "-"),
    }
)
LABOUR_MARKET_STATUSES = _aliases(
    {
        "unemployed": ("unemployed", "työtön", "arbetslös"),
        "threat": ("threat", "työttömyysuhan alainen", "työttömyysuhka"),
        "laid_off": ("laid_off", "lomautettu", "kokoaikaisesti lomautettu"),
        "part_time": ("part_time", "osa-aikatyössä", "lyhennetty työaika"),
        "in_service": (
            "in_service",
            "palvelussa",
            "työllistymistä edistävässä palvelussa",
        ),
        "employed": ("employed", "työssä", "työllinen"),
    }
)
# Mother tongues Polku distinguishes; any other language is "other" with its name.
LANGUAGES = _aliases(
    {
        "fi": ("fi", "suomi", "finnish", "finska"),
        "sv": ("sv", "ruotsi", "swedish", "svenska"),
        "se": ("se", "saame", "sámi", "saami", "pohjoissaame"),
    }
)
