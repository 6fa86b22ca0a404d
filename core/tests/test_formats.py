"""core.formats: figures as Finnish, Finland-Swedish and English readers
expect them. No database: pure formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formats

NBSP = "\xa0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("language", "grouped", "decimal", "rate", "negative", "money"),
    [
        ("fi", f"1{NBSP}234{NBSP}567", "43,8", f"43,8{NBSP}%", f"{MINUS}2,1",
         f"1{NBSP}949,85{NBSP}€"),
        ("sv", f"1{NBSP}234{NBSP}567", "43,8", f"43,8{NBSP}%", f"{MINUS}2,1",
         f"1{NBSP}949,85{NBSP}€"),
        ("en", "1,234,567", "43.8", f"43.8{NBSP}%", f"{MINUS}2.1",
         f"1,949.85{NBSP}€"),
    ],
)  # fmt: skip
def test_numbers_follow_the_language(
    language: str,
    grouped: str,
    decimal: str,
    rate: str,
    negative: str,
    money: str,
) -> None:
    # given a language / when formatting / then its separators and units
    with translation.override(language):
        assert formats.number(1_234_567) == grouped
        assert formats.number(Decimal("43.75"), 1) == decimal
        assert formats.percent(Decimal("43.75")) == rate
        assert formats.number(Decimal("-2.1"), 1) == negative
        assert formats.euros(194_985) == money
        assert formats.amount(Decimal("1949.85")) == money


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_finnish_and_swedish_never_write_a_decimal_point(language: str) -> None:
    with translation.override(language):
        assert formats.number(12.9, 1) == "12,9"
        assert formats.percent(0.5) == f"0,5{NBSP}%"
        assert formats.tenths(125) == "12,5"
        assert formats.change(Decimal("-0.4"), 1) == f"{MINUS}0,4"


def test_an_explicit_language_overrides_the_active_one() -> None:
    with translation.override("en"):
        assert formats.number(Decimal("1234.5"), 1, language="sv") == f"1{NBSP}234,5"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        # Half away from zero, as Statistics Finland rounds, not half to even.
        (Decimal("12.25"), 1, "12,3"),
        (Decimal("12.35"), 1, "12,4"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("-2.5"), 0, f"{MINUS}3"),
        (Decimal("-0.05"), 1, f"{MINUS}0,1"),
        # A float means its shortest decimal: 2.675 is not 2.67499999...
        (2.675, 2, "2,68"),
        (1.005, 2, "1,01"),
        (0.1 + 0.2, 1, "0,3"),
    ],
)
def test_rounding_is_half_away_from_zero(
    value: Decimal | float, places: int, expected: str
) -> None:
    with translation.override("fi"):
        assert formats.number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (Decimal("0.00"), "0"),
        # Rounds to zero: no "-0".
        (Decimal("-0.04"), "0"),
        (999, "999"),
        (1000, f"1{NBSP}000"),
        (-1234, f"{MINUS}1{NBSP}234"),
        (None, "–"),
    ],
)
def test_zero_small_and_missing_figures(
    value: int | Decimal | None, expected: str
) -> None:
    with translation.override("fi"):
        assert formats.number(value) == expected


def test_changes_carry_their_sign() -> None:
    with translation.override("fi"):
        assert formats.change(12) == "+12"
        assert formats.change(Decimal("2.1"), 1) == "+2,1"
        assert formats.change(Decimal("-2.1"), 1) == f"{MINUS}2,1"
        assert formats.change(0) == "±0"
        assert formats.change(Decimal("0.0"), 1) == "±0,0"
        assert formats.change(None) == "–"


def test_missing_money_and_rates_are_a_dash() -> None:
    assert formats.euros(None) == "–"
    assert formats.percent(None) == "–"


def test_times_are_written_in_helsinki_time() -> None:
    # given 15.05 UTC on a winter day (UTC+2) and a summer day (UTC+3)
    winter = dt.datetime(2026, 12, 6, 15, 5, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 6, 6, 15, 5, tzinfo=dt.UTC)
    # then
    with translation.override("fi"):
        assert formats.local_datetime(winter) == "6.12.2026 17.05"
        assert formats.local_datetime(summer) == "6.6.2026 18.05"
    with translation.override("sv"):
        assert formats.local_datetime(winter) == "6.12.2026 17.05"
    assert formats.spreadsheet_datetime(winter) == "6.12.2026 17:05"
    assert formats.as_local_naive(winter) == dt.datetime(2026, 12, 6, 17, 5)  # noqa: DTZ001


def test_dates_are_day_month_year_in_every_language() -> None:
    day = dt.date(2021, 3, 1)
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            assert formats.short_date(day) == "1.3.2021"
            assert formats.month_label(day) == "03/2021"
    assert formats.spreadsheet_date(day) == "1.3.2021"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1949.85"), 2, "1949,85"),
        (Decimal("-2.15"), 1, "-2,2"),
        (1_234_567, 0, "1234567"),
        (Decimal("43.75"), 1, "43,8"),
    ],
)
def test_spreadsheet_numbers_are_what_a_finnish_excel_parses(
    value: Decimal | int, places: int, expected: str
) -> None:
    # whatever the reader's language: Excel parses by the computer's settings
    with translation.override("en"):
        assert formats.spreadsheet_number(value, places) == expected


def test_the_template_filters_use_the_same_formats() -> None:
    template = Template(
        "{% load formats money %}{{ n|number }} {{ r|percent }} {{ d|change:1 }} "
        "{{ c|euros }} {{ t|local_datetime }}"
    )
    context = Context(
        {
            "n": 25_348,
            "r": Decimal("43.75"),
            "d": Decimal("-2.1"),
            "c": 194_985,
            "t": dt.datetime(2026, 12, 6, 15, 5, tzinfo=dt.UTC),
        }
    )
    with translation.override("sv"):
        rendered = template.render(context)
    assert rendered == (
        f"25{NBSP}348 43,8{NBSP}% {MINUS}2,1 1{NBSP}949,85{NBSP}€ 6.12.2026 17.05"
    )


def test_a_download_is_named_in_the_documents_language_in_plain_letters() -> None:
    from django.utils.translation import gettext_lazy

    label = gettext_lazy("Jobseeker number")  # any translated label

    assert formats.download_name(label, 3, extension="pdf", language="fi") == (
        "tyonhakijan-numero-3-fi.pdf"
    )
    assert formats.download_name(label, "2026-12", extension="csv", language="sv") == (
        "den-arbetssokandes-nummer-2026-12-sv.csv"
    )


def test_a_figure_written_once_is_written_the_same_in_each_language() -> None:
    # number() keeps what it wrote by value, places, language and sign:
    # equal values of any type share the text, the language never leaks.
    with translation.override("fi"):
        assert formats.number(Decimal("1234.50"), 1) == f"1{NBSP}234,5"
    with translation.override("en"):
        assert formats.number(Decimal("1234.5"), 1) == "1,234.5"
        assert formats.number(1234.5, 1) == "1,234.5"
    assert (
        formats.number(1, language="fi")
        == formats.number(Decimal("1.00"), language="fi")
        == "1"
    )
    assert formats.number(2, language="fi", sign=True) == "+2"
    assert formats.number(2, language="fi") == "2"
    # Rounding stays exact for floats: 2.675 is 2,68, not 2,67.
    assert formats.number(2.675, 2, language="fi") == "2,68"
    assert formats.number(Decimal("-0.05"), 1, language="fi") == f"{MINUS}0,1"
