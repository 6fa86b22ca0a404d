"""core.tabular: CSV for a Finnish Excel, XLSX with typed cells."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils import translation
from openpyxl import load_workbook

from core import tabular
from core.tabular import Cell, Column

COLUMNS = [
    Column("Nimi"),
    Column("Määrä", tabular.INTEGER),
    Column("Osuus", tabular.PERCENT),
    Column("Summa", tabular.EUROS),
    Column("Päivä", tabular.DATE),
    Column("Laskettu", tabular.DATETIME),
    Column("Arvo"),
]
ROW = [
    "Kalajoki",
    12_345,
    Decimal("43.75"),
    194_985,
    dt.date(2021, 3, 1),
    dt.datetime(2026, 12, 6, 15, 5, tzinfo=dt.UTC),
    Cell(Decimal("-2.15"), tabular.DECIMAL, 1),
]
SUPPRESSED = ["Nivala", "<5", "<5", None, None, None, ".."]


def test_csv_is_what_a_finnish_excel_reads() -> None:
    # whatever the reader's language
    with translation.override("en"):
        lines = list(tabular.csv_lines(COLUMNS, [ROW, SUPPRESSED]))

    assert lines[0] == "\ufeff"
    assert lines[1] == "Nimi;Määrä;Osuus;Summa;Päivä;Laskettu;Arvo\r\n"
    # no grouping, decimal comma, hyphen-minus, Helsinki time
    assert lines[2] == "Kalajoki;12345;43,8;1949,85;1.3.2021;6.12.2026 17:05;-2,2\r\n"
    assert lines[3] == "Nivala;<5;<5;;;;..\r\n"


def test_xlsx_cells_are_numbers_and_dates_with_formats() -> None:
    response = tabular.xlsx_response(
        COLUMNS, [ROW, SUPPRESSED], filename="t.xlsx", title="Luvut"
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    name, count, share, money, day, moment, value = sheet[2]
    assert name.value == "Kalajoki"
    assert (count.value, count.number_format) == (12_345, "#,##0")
    assert (share.value, share.number_format) == (0.438, "0.0 %")
    assert (money.value, money.number_format) == (1949.85, '#,##0.00 "€"')
    assert (day.value, day.number_format) == (dt.datetime(2021, 3, 1), "d.m.yyyy")  # noqa: DTZ001
    assert moment.value == dt.datetime(2026, 12, 6, 17, 5)  # noqa: DTZ001 - local
    assert (value.value, value.number_format) == (-2.2, "#,##0.0")
    # A suppressed figure stays text.
    assert [c.value for c in sheet[3]][1:3] == ["<5", "<5"]
    assert sheet.title == "Luvut"
