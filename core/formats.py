"""How Polku writes numbers, percentages, money, dates and times for people.

One module for pages, charts, PDFs and exports, so that a figure reads the
same everywhere: "43,8 %", "1 949,85 €", "-2,1" (with the minus sign) and
"6.12.2026 17.05" in Finnish and Swedish; English keeps its decimal point
and comma grouping ("1,949.85 €", "43.8 %") but the Finnish day.month.year
dates (config/formats/en).

- Separators come from the language's format module (Django's fi, Polku's
  config/formats/sv and en): decimal comma and a no-break space between
  thousands in Finnish and Swedish, so that a number never breaks over a line.
- A unit follows the number after a no-break space: "43,8 %", "12 €"
  (Kotus, Kielitoimiston ohjepankki "Prosenttimerkki"; the same in
  Finland-Swedish, Svenska skrivregler 2017; ISO 80000-1 for English).
- A negative number takes the minus sign U+2212, as Finnish and Swedish
  typography asks for, never the hyphen. Spreadsheet text is the exception:
  Excel reads only the hyphen-minus as a sign (`spreadsheet_number`).
- Rounding is half away from zero (ROUND_HALF_UP: 0,05 → 0,1 and -0,05 →
  -0,1), as Statistics Finland rounds published figures and as Finnish
  schools teach. Python's round() rounds half to even (banker's rounding),
  which would print 12,25 as "12,2" while every reader checking the figure
  by hand expects "12,3".
- Times are written in Europe/Helsinki (`timezone.localtime`); the database
  keeps UTC.
- None, a missing figure, is an en dash "–", as in statistical tables.

Domain-free: figures too small to publish are core.privacy's concern.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language

if TYPE_CHECKING:
    import datetime as dt

    from django.utils.functional import Promise

Number = int | float | Decimal

MINUS = "\u2212"  # MINUS SIGN, not the hyphen-minus
NBSP = "\xa0"
MISSING = "–"  # EN DASH: no figure


def _language(language: str | None) -> str:
    return (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]


@lru_cache(maxsize=16)
def _separators(language: str) -> tuple[str, str]:
    """The language's decimal and thousands separators."""
    return (
        str(get_format("DECIMAL_SEPARATOR", language, use_l10n=True)),
        str(get_format("THOUSAND_SEPARATOR", language, use_l10n=True)),
    )


def to_decimal(value: Number) -> Decimal:
    """The exact decimal a person means by `value`: a float through its
    shortest repr, so that 2.675 stays 2.675 and not 2.67499999…"""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def rounded(value: Number, places: int = 0) -> Decimal:
    """`value` to `places` decimals, half away from zero (see the module)."""
    return to_decimal(value).quantize(_quantum(places), ROUND_HALF_UP)


@lru_cache(maxsize=16)
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _digits(value: Decimal, *, decimal: str, thousands: str) -> str:
    """|value| written with the separators given, grouped by three."""
    integer, _point, fraction = f"{abs(value):f}".partition(".")
    if thousands and len(integer) > 3:
        head = len(integer) % 3 or 3
        groups = [integer[:head]] + [
            integer[i : i + 3] for i in range(head, len(integer), 3)
        ]
        integer = thousands.join(groups)
    return f"{integer}{decimal}{fraction}" if fraction else integer


def number(
    value: Number | None,
    places: int = 0,
    *,
    language: str | None = None,
    sign: bool = False,
) -> str:
    """A number in the reader's language: "1 234", "43,8", "-2,1".

    `sign` writes "+" before a positive number and "±" before zero, for
    changes ("+2,1", "±0")."""
    if value is None:
        return MISSING
    return _number(value, places, _language(language), sign)


# Kept by value: a dashboard writes some 950 figures a request, most of
# them twice (its table and its chart's tooltips) and the same again on the
# next request, and writing one took ~2 µs (issue 21). Numerically equal
# values of any type (1, 1.0, Decimal("1.00")) share an entry, and rightly:
# the text depends on the value rounded to `places` only.
@lru_cache(maxsize=4096)
def _number(value: Number, places: int, language: str, sign: bool) -> str:  # noqa: FBT001 - positional for the cache
    decimal, thousands = _separators(language)
    figure = rounded(value, places)
    text = _digits(figure, decimal=decimal, thousands=thousands)
    if figure < 0:
        return f"{MINUS}{text}"
    if sign:
        return f"±{text}" if figure == 0 else f"+{text}"
    return text


def recorded(value: Number | None, *, language: str | None = None) -> str:
    """A recorded figure with the decimals it has and no trailing zeros:
    Decimal("45.50") → "45,5", Decimal("500.00") → "500"."""
    if value is None:
        return MISSING
    exponent = to_decimal(value).normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number(value, places, language=language)


def percent(
    value: Number | None, places: int = 1, *, language: str | None = None
) -> str:
    """A percentage from a value in per cent: 43.75 → "43,8 %"."""
    if value is None:
        return MISSING
    return f"{number(value, places, language=language)}{NBSP}%"


def change(
    value: Number | None, places: int = 0, *, language: str | None = None
) -> str:
    """A signed difference: "+12", "-2,1", "±0"."""
    return number(value, places, language=language, sign=True)


def euros(cents: int | None, *, language: str | None = None) -> str:
    """Cents as euros with two decimals: 194985 → "1 949,85 €"."""
    if cents is None:
        return MISSING
    return amount(Decimal(cents) / 100, language=language)


def amount(value: Number | None, *, language: str | None = None) -> str:
    """A sum already in euros: Decimal("1949.85") → "1 949,85 €"."""
    if value is None:
        return MISSING
    return f"{number(value, 2, language=language)}{NBSP}€"


def tenths(value: int | None, *, language: str | None = None) -> str:
    """Tenths of a unit (person-months) with one decimal: 125 → "12,5"."""
    if value is None:
        return MISSING
    return number(Decimal(value) / 10, 1, language=language)


# --- Dates and times ------------------------------------------------------------


def short_date(day: dt.date, *, language: str | None = None) -> str:
    """The date in the active language's SHORT_DATE_FORMAT (1.3.2021).

    Cached per language and day: a worklist page formats a few hundred dates
    but only a handful of different ones, and Django parses the format and
    builds a formatter object for each call. A caller formatting many
    dates may pass the active `language`, read once."""
    return _short_date(day, language or get_language() or "")


@lru_cache(maxsize=4096)
def _short_date(day: dt.date, language: str) -> str:
    with translation.override(language or None):
        return date_format(day, "SHORT_DATE_FORMAT")


def local_datetime(moment: dt.datetime | None) -> str:
    """A moment as a person in Finland reads it: 6.12.2026 17.05 (Helsinki
    time, whatever time zone the value carries)."""
    if moment is None:
        return MISSING
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def month_label(month: dt.date) -> str:
    """A month as tables and charts head it: 03/2026."""
    # date_format(month, "m/Y") without its format parser: "m/Y" has no
    # words, so it reads the same in every language, and a dashboard writes
    # some 75 of these a page.
    return f"{month.month:02d}/{month.year:04d}"


def optional_date(day: dt.date | None) -> str:
    return MISSING if day is None else short_date(day)


# --- Spreadsheet text (CSV for a Finnish Excel) ------------------------------------


def spreadsheet_number(value: Number, places: int = 0) -> str:
    """A number as a Finnish Excel reads it from CSV: decimal comma, no
    grouping and the hyphen-minus as the sign ("-2,1", "1949,85").

    Independent of the reader's language: Excel parses by the regional
    settings of the computer, which are Finnish in a Finnish municipality
    whatever language the page is read in."""
    figure = rounded(value, places)
    text = _digits(figure, decimal=",", thousands="")
    return f"-{text}" if figure < 0 else text


def spreadsheet_date(day: dt.date) -> str:
    """1.3.2021: the form a Finnish Excel turns into a date."""
    return f"{day.day}.{day.month}.{day.year}"


def spreadsheet_datetime(moment: dt.datetime) -> str:
    """6.12.2026 17:05 in Helsinki time. The colon, unlike the point of
    running text, cannot be read as a day and month."""
    local = timezone.localtime(moment)
    return f"{spreadsheet_date(local.date())} {local:%H:%M}"


def as_local_naive(moment: dt.datetime) -> dt.datetime:
    """The Helsinki wall-clock time without a zone, for an XLSX cell (the
    format has no time zones, and the reader expects local time)."""
    return timezone.localtime(moment).replace(tzinfo=None)


def download_name(
    label: str | Promise, *parts: object, extension: str, language: str | None = None
) -> str:
    """A download's file name from a label in the reader's language and its
    distinguishing parts: "tyonhakijat-20261206-fi.csv", "avtal-3-sv.pdf".

    Letters are folded to ASCII (ä → a) and spaces to hyphens because mail
    filters and older archive systems still mangle other file names."""
    from django.utils import translation
    from django.utils.text import slugify

    # A lazy label turns into text here, in the document's language.
    with translation.override(language or translation.get_language()):
        label = str(label)
    language = language or translation.get_language() or ""
    pieces = [slugify(label)] + [slugify(str(part)) for part in parts]
    pieces.append(language)
    return "-".join(piece for piece in pieces if piece) + f".{extension}"
