"""Reading files: encodings, separators, line numbers (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from exchange import formats

from .files import xlsx_bytes

# Spreadsheet cells carry no time zone; openpyxl gives naive datetimes.
CELL_DATE = dt.datetime(2025, 3, 1)  # noqa: DTZ001


def test_a_utf8_file_with_a_bom_is_read_and_the_bom_is_not_part_of_the_header() -> None:
    data = "\ufeffhenkilötunnus;sukunimi\r\n010190-900X;Äijälä\r\n".encode()

    table = formats.read_table("vienti.csv", data)

    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ";"
    assert table.headers == ["henkilötunnus", "sukunimi"]
    assert table.records[0].values["sukunimi"] == "Äijälä"


def test_a_windows_excel_file_falls_back_to_cp1252() -> None:
    data = "sukunimi;etunimet\nÖhman;Väinö\n".encode("cp1252")

    table = formats.read_table("vienti.csv", data)

    assert table.encoding == "cp1252"
    assert table.records[0].values == {"sukunimi": "Öhman", "etunimet": "Väinö"}


def test_bytes_that_cp1252_leaves_undefined_are_read_as_latin1() -> None:
    data = b"sukunimi\n\xc4ij\xe4l\xe4\x81\n"

    text, encoding = formats.decode_text(data)

    assert encoding == "latin-1"
    assert text.startswith("sukunimi\nÄijälä")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("a;b;c", ";"),
        ("a,b,c", ","),
        ("a\tb\tc", "\t"),
        ('"a,1";b;c', ";"),
        ("only", ","),
    ],
)
def test_the_separator_is_the_one_the_header_uses(line: str, expected: str) -> None:
    assert formats.sniff_delimiter(line) == expected


def test_a_record_keeps_the_line_it_starts_on_past_blank_and_multiline_rows() -> None:
    data = b'nimi,huom\nA,1\n\nB,"kaksi\nrivia"\nC,3\n'

    table = formats.read_table("x.csv", data)

    assert [(r.line, r.number) for r in table.records] == [(2, 1), (4, 2), (6, 3)]


def test_json_records_carry_the_line_where_their_object_begins() -> None:
    data = b'[\n  {"a": 1},\n  {\n    "a": 2\n  }\n]\n'

    table = formats.read_table("x.json", data)

    assert [(r.line, r.number, r.values) for r in table.records] == [
        (2, 1, {"a": 1}),
        (3, 2, {"a": 2}),
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b'{"a": 1}', "json_not_list"),
        (b'[{"a": 1}, 2]', "json_item_not_object"),
        (b'[{"a": 1},\n {"a": }]', "json_invalid"),
        (b"PK\x03\x04 not really a zip", "unreadable"),
    ],
)
def test_an_unreadable_file_is_one_problem(data: bytes, code: str) -> None:
    with pytest.raises(formats.FileFormatError) as error:
        formats.read_table("x", data)

    assert error.value.code == code


def test_xlsx_rows_are_lines_and_cells_keep_their_types() -> None:
    data = xlsx_bytes(
        [
            ["010190-900X", CELL_DATE, 12.5],
            [None, None, None],
            ["x", 1, 2],
        ],
        header=["hetu", "pvm", "päivät"],
    )

    table = formats.read_table("x.xlsx", data)

    assert table.format == "xlsx"
    assert [r.line for r in table.records] == [2, 4]
    assert table.records[0].values["pvm"] == CELL_DATE
    assert table.records[0].values["päivät"] == 12.5


def test_the_format_is_known_from_the_content_before_the_name() -> None:
    assert formats.detect_format("data.csv", b"[{}]") == "json"
    assert formats.detect_format("data.txt", b"PK\x03\x04...") == "xlsx"
    assert formats.detect_format("data.json", b"a;b") == "json"
    assert formats.detect_format("data", b"a;b") == "csv"


def test_a_limit_reads_only_the_first_records() -> None:
    data = b"a\n1\n2\n3\n"

    assert len(formats.read_table("x.csv", data, limit=2).records) == 2
    assert len(formats.read_table("x.json", b"[{}, {}, {}]", limit=2).records) == 2
