"""Parsing rows: columns, values, duplicates (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest

from exchange import parsing
from exchange.formats import Record
from exchange.models import BatchKind
from exchange.parsing import ImportKind, ValueProblem

from .files import code

TODAY = dt.date(2026, 1, 15)
CONTEXT = parsing.Context(allow_temporary=True, today=TODAY)


def test_import_kinds_equal_the_batch_kinds() -> None:
    assert {k.value for k in ImportKind} == set(BatchKind.values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.3.2021", dt.date(2021, 3, 1)),
        ("01.03.2021", dt.date(2021, 3, 1)),
        ("2021-03-01", dt.date(2021, 3, 1)),
        ("2021-03-01T00:00:00", dt.date(2021, 3, 1)),
        (dt.datetime(2021, 3, 1, 0, 0), dt.date(2021, 3, 1)),  # noqa: DTZ001 - a cell
    ],
)
def test_finnish_and_iso_dates_are_read(text: object, expected: dt.date) -> None:
    assert parsing.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.2.2025", "2025-02-30", "1/3/2025", "maaliskuu"])
def test_impossible_or_unknown_dates_are_problems(text: str) -> None:
    with pytest.raises(ValueProblem) as problem:
        parsing.parse_date(text)

    assert problem.value.code == "invalid_date"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123,5", Decimal("123.5")),
        ("123.5", Decimal("123.5")),
        ("1 234,25", Decimal("1234.25")),
        ("1\u00a0234,25", Decimal("1234.25")),
        (12.5, Decimal("12.5")),
        (7, Decimal(7)),
    ],
)
def test_decimal_commas_and_points_are_read(text: object, expected: Decimal) -> None:
    assert parsing.parse_decimal(text) == expected


def test_an_invalid_identity_code_is_reported_masked() -> None:
    with pytest.raises(ValueProblem) as problem:
        parsing.parse_identity_code("010190-900Z", allow_temporary=True)

    assert problem.value.code == "invalid_identity_code"
    assert problem.value.params == {"masked": "010190-9***"}
    assert "900Z" not in parsing.problem_message(
        problem.value.code, problem.value.params
    )


def test_temporary_identity_codes_are_refused_where_settings_do_not_allow_them() -> (
    None
):
    value = code(1)

    assert parsing.parse_identity_code(value.lower(), allow_temporary=True) == value
    with pytest.raises(ValueProblem) as problem:
        parsing.parse_identity_code(value, allow_temporary=False)

    assert problem.value.code == "temporary_identity_code"


def test_column_names_match_in_finnish_and_english_whatever_the_case() -> None:
    mapping, problems = parsing.map_columns(
        ["HENKILÖTUNNUS", "Benefit type", "Päivät", "as-of"],
        ImportKind.BENEFIT_COUNTERS,
    )

    assert problems == []
    assert mapping == {
        "identity_code": "HENKILÖTUNNUS",
        "benefit_type": "Benefit type",
        "days": "Päivät",
        "as_of": "as-of",
    }


def test_a_missing_required_column_is_one_problem_on_the_header_line() -> None:
    _mapping, problems = parsing.map_columns(
        ["hetu", "etuus"], ImportKind.BENEFIT_COUNTERS
    )

    assert [(p.line, p.column, p.code) for p in problems] == [
        (1, "päivät", "column_missing"),
        (1, "tilannepäivä", "column_missing"),
    ]


def _jobseeker(values: dict[str, object], line: int = 2) -> object:
    mapping, _problems = parsing.map_columns(list(values), ImportKind.JOBSEEKERS)
    return parsing.parse_jobseeker_row(
        Record(line=line, number=line - 1, values=values), mapping, CONTEXT
    )


def test_a_jobseeker_row_with_several_bad_values_reports_each_column() -> None:
    result = _jobseeker(
        {
            "hetu": "123",
            "etunimet": "Testi",
            "sukunimi": "",
            "kunta": "Kalajoki",
            "rekisteröity": "31.2.2025",
        },
        line=7,
    )

    assert isinstance(result, list)
    assert [(p.line, p.column, p.code) for p in result] == [
        (7, "hetu", "invalid_identity_code"),
        (7, "sukunimi", "required"),
        (7, "kunta", "unknown_municipality"),
        (7, "rekisteröity", "invalid_date"),
    ]


def test_a_jobseeker_row_reads_codes_and_finnish_labels() -> None:
    result = _jobseeker(
        {
            "identity_code": code(2),
            "first_names": "Testi",
            "last_name": "Henkilö",
            "municipality_code": 8,  # a spreadsheet dropped the zeros of 008
            "registered_on": "2.1.2026",
            "status": "lomautettu",
            "kieli": "viro",
            "etuus": "Työmarkkinatuki",
        }
    )

    assert isinstance(result, parsing.JobseekerRow)
    assert result.municipality_code == "008"
    assert result.status_at_start == "laid_off"
    assert (result.mother_tongue, result.other_language) == ("other", "viro")
    assert result.benefit_type == "labour_market_subsidy"
    assert result.email is None


def test_registration_in_the_future_is_a_problem() -> None:
    result = _jobseeker(
        {
            "hetu": code(3),
            "etunimet": "Testi",
            "sukunimi": "Henkilö",
            "kuntakoodi": "208",
            "rekisteröintipäivä": "16.1.2026",
        }
    )

    assert isinstance(result, list)
    assert [p.code for p in result] == ["date_in_future"]


def test_a_counter_needs_a_benefit_and_days_with_at_most_two_decimals() -> None:
    mapping, _ = parsing.map_columns(
        ["hetu", "etuus", "päivät", "tilannepäivä"], ImportKind.BENEFIT_COUNTERS
    )
    record = Record(
        line=3,
        number=2,
        values={
            "hetu": code(4),
            "etuus": "ei",
            "päivät": "1,234",
            "tilannepäivä": "1.1.2026",
        },
    )

    result = parsing.parse_counter_row(record, mapping, CONTEXT)

    assert isinstance(result, list)
    assert [(p.column, p.code) for p in result] == [
        ("etuus", "benefit_required"),
        ("päivät", "invalid_number"),
    ]


def test_a_service_cannot_end_before_it_starts() -> None:
    mapping, _ = parsing.map_columns(
        ["hetu", "palvelu", "alkoi", "päättyi"], ImportKind.SERVICE_EVENTS
    )
    record = Record(
        line=2,
        number=1,
        values={
            "hetu": code(5),
            "palvelu": "coaching",
            "alkoi": "2.1.2026",
            "päättyi": "1.1.2026",
        },
    )

    result = parsing.parse_service_row(record, mapping, CONTEXT)

    assert isinstance(result, list)
    assert [(p.column, p.code) for p in result] == [("päättyi", "end_before_start")]


def test_repeats_of_a_natural_key_are_problems_pointing_at_the_first() -> None:
    records = [
        Record(line, line - 1, {"hetu": c, "etuus": "tmt", "päivät": "1", "pvm": d})
        for line, c, d in [
            (2, code(6), "1.1.2026"),
            (3, code(6), "2.1.2026"),
            (4, code(6), "1.1.2026"),
        ]
    ]

    parsed = parsing.parse_records(
        records,
        ["hetu", "etuus", "päivät", "pvm"],
        kind=ImportKind.BENEFIT_COUNTERS,
        context=CONTEXT,
    )

    assert [r.line for r in parsed.rows] == [2, 3]
    assert [(p.line, p.code, p.params) for p in parsed.problems] == [
        (4, "duplicate_counter", {"line": 2})
    ]


def test_line_ranges_compress_outcomes() -> None:
    ranges = parsing.line_ranges([7, 2, 3, 4, 9, 10])

    assert ranges == [[2, 4], [7, 7], [9, 10]]
    assert parsing.format_ranges(ranges) == "2–4, 7, 9–10"


_INVOICE = {
    "laskunumero": "K-1",
    "kuntakoodi": "208",
    "laskutuskuukausi": "12/2025",
    "henkilötunnus": code(1),
    "etuus": "tmt",
    "jakso alkaa": "1.12.2025",
    "jakso päättyy": "31.12.2025",
    "maksetut päivät": "21,5",
    "päiväkertymä": "350",
    "kunnan osuus": "123,45",
    "henkilöitä": "",
}
# One value changed at a time: good forms and every kind of bad one.
_INVOICE_VARIANTS: list[dict[str, object]] = [
    {},
    {"henkilötunnus": "", "henkilöitä": "7"},
    {"henkilötunnus": " " + code(2).lower() + " "},
    {"henkilötunnus": "010190-1234"},
    {"henkilötunnus": code(3)[:-1] + "X"},
    {"laskunumero": ""},
    {"laskunumero": "K" * 65},
    {"kuntakoodi": "8"},
    {"kuntakoodi": "abc"},
    {"kuntakoodi": "1234"},
    {"kuntakoodi": ""},
    {"laskutuskuukausi": "2025-12"},
    {"laskutuskuukausi": "13/2025"},
    {"laskutuskuukausi": dt.date(2025, 12, 5)},
    {"etuus": ""},
    {"etuus": "Ansiopäiväraha"},
    {"etuus": "ei"},
    {"etuus": "lottovoitto"},
    {"jakso alkaa": "2025-12-01"},
    {"jakso alkaa": "31.2.2025"},
    {"jakso päättyy": "30.11.2025"},
    {"jakso päättyy": "31.1.2026"},
    # openpyxl reads a date cell as a naive datetime.
    {"jakso päättyy": dt.datetime(2025, 12, 31, 0, 0)},  # noqa: DTZ001
    {"maksetut päivät": "367"},
    {"maksetut päivät": "-1"},
    {"maksetut päivät": "1,234"},
    {"maksetut päivät": 21.5},
    {"maksetut päivät": "x"},
    {"päiväkertymä": ""},
    {"päiväkertymä": "1,5"},
    {"päiväkertymä": "100000"},
    {"kunnan osuus": "1 234,56"},
    {"kunnan osuus": "-10,00"},
    {"kunnan osuus": "1,001"},
    {"kunnan osuus": "100000000"},
    {"kunnan osuus": None},
    {"henkilöitä": "2000000", "henkilötunnus": ""},
]


@pytest.mark.parametrize("changes", _INVOICE_VARIANTS)
@pytest.mark.parametrize("kind", [ImportKind.INVOICES_KELA, ImportKind.INVOICES_FUND])
def test_the_fast_invoice_row_agrees_with_the_reader_or_leaves_the_row_to_it(
    changes: dict[str, object], kind: str
) -> None:
    from exchange.parsing.rows import _invoice_row, parse_invoice_row

    mapping, problems = parsing.map_columns(list(_INVOICE), kind)
    assert problems == []
    record = Record(line=2, number=1, values={**_INVOICE, **changes})

    fast = parse_invoice_row(record, mapping, CONTEXT, kind=kind)
    full = _invoice_row(record, mapping, CONTEXT, kind)

    assert fast == full


@pytest.mark.parametrize("kind", [ImportKind.INVOICES_KELA, ImportKind.INVOICES_FUND])
def test_a_files_invoice_parser_agrees_with_the_reader_on_every_line(
    kind: str,
) -> None:
    """Every variant twice in one file, so that the second of each meets the
    first one's remembered values, good and bad alike."""
    from exchange.parsing.rows import InvoiceRowParser, _invoice_row

    mapping, problems = parsing.map_columns(list(_INVOICE), kind)
    assert problems == []
    parse = InvoiceRowParser(mapping, CONTEXT, kind)
    records = [
        Record(line=2 + n, number=1 + n, values={**_INVOICE, **changes})
        for n, changes in enumerate(_INVOICE_VARIANTS * 2)
    ]

    expected = [_invoice_row(record, mapping, CONTEXT, kind) for record in records]
    with mock.patch(
        "exchange.parsing.rows._invoice_row", side_effect=_invoice_row
    ) as reader:
        assert [parse(record, mapping, CONTEXT) for record in records] == expected
    # Only a line with a problem is left to the reader.
    assert reader.call_count == sum(isinstance(row, list) for row in expected)
