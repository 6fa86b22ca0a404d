"""Tables as CSV for a Finnish Excel and as XLSX with typed cells.

One writer for every export, so that each reads the same way:

- CSV: UTF-8 with a byte-order mark (Excel reads UTF-8 only with it),
  semicolons, and figures as a Finnish Excel parses them (core.formats:
  decimal comma, no grouping, hyphen-minus; dates 1.3.2021, times in
  Helsinki). Excel's "CSV (puolipiste)" is what municipalities open and send.
- XLSX: numbers are numbers and dates are dates, each with a number format
  (`#,##0`, `0.0`, `0.0 %`, euros, `d.m.yyyy`), so that the file sorts and
  sums; Excel shows them in the reader's own settings. A figure too small to
  publish stays text ("<5").
- Headers are the caller's, in the reader's language; codes for other
  systems go in extra columns at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from core import formats

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
PERCENT = "percent"  # a value in per cent: 43.8 means 43,8 %
EUROS = "euros"  # cents
DATE = "date"
MONTH = "month"  # a date standing for its month
DATETIME = "datetime"

# Excel's number formats are stored in the en-US notation and shown with the
# reader's separators: "#,##0.0" is "1 234,5" in a Finnish Excel.
XLSX_FORMATS = {
    INTEGER: "#,##0",
    EUROS: '#,##0.00 "€"',
    DATE: "d.m.yyyy",
    MONTH: "mm/yyyy",
    DATETIME: "d.m.yyyy h:mm",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    places: int = 1  # decimals of DECIMAL and PERCENT


@dataclass(frozen=True)
class Cell:
    """A value whose kind differs from its column's (a table of counts and
    rates side by side)."""

    value: Any
    kind: str
    places: int = 1


def code_column(label: str) -> Column:
    """A column of codes that other systems read (municipality numbers, choice
    and indicator codes), headed in the reader's language with "(code)" after
    the label so a reader knows the cells are not meant to be read as words."""
    return Column(_("%(label)s (code)") % {"label": label})


def _typed(value: Any, column: Column) -> tuple[Any, str, int]:
    if isinstance(value, Cell):
        return value.value, value.kind, value.places
    return value, column.kind, column.places


def csv_text(value: Any, column: Column) -> str:
    """A cell as CSV text for a Finnish Excel."""
    value, kind, places = _typed(value, column)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return formats.spreadsheet_datetime(value)
    if isinstance(value, dt.date):
        if kind == MONTH:
            return formats.month_label(value)
        return formats.spreadsheet_date(value)
    if kind == EUROS:
        return formats.spreadsheet_number(Decimal(value) / 100, 2)
    if kind in (DECIMAL, PERCENT):
        return formats.spreadsheet_number(value, places)
    if isinstance(value, int | float | Decimal):
        return formats.spreadsheet_number(value)
    return str(value)


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any, column: Column) -> Any:
    value, kind, places = _typed(value, column)
    if value is None or isinstance(value, str):
        return value
    number_format = XLSX_FORMATS.get(kind)
    if isinstance(value, dt.datetime):
        value, number_format = formats.as_local_naive(value), XLSX_FORMATS[DATETIME]
    elif isinstance(value, dt.date):
        number_format = number_format or XLSX_FORMATS[DATE]
    elif kind == EUROS:
        value = float(Decimal(value) / 100)
    elif kind == PERCENT:
        # Excel keeps a percentage as a fraction: 43.8 % is 0.438.
        value = float(formats.rounded(value, places) / 100)
        number_format = f"0.{'0' * places} %" if places else "0 %"
    elif kind == DECIMAL:
        value = float(formats.rounded(value, places))
        number_format = f"#,##0.{'0' * places}" if places else "#,##0"
    elif isinstance(value, Decimal | float):
        value = float(value)
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    return cell


# --- CSV ------------------------------------------------------------------------


class _Echo:
    """csv.writer target that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> Iterator[str]:
    """The CSV text line by line, byte-order mark first: for streaming."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow([column.header for column in columns])
    for row in rows:
        yield writer.writerow(
            [
                csv_text(value, column)
                for value, column in zip(row, columns, strict=True)
            ]
        )


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, filename: str
) -> HttpResponse:
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response.writelines(csv_lines(columns, rows))
    return _attachment(response, filename)


# --- XLSX -----------------------------------------------------------------------


def xlsx_write(
    workbook: Workbook,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
) -> None:
    """One sheet of a write-only workbook: a header row and typed cells."""
    sheet = workbook.create_sheet(title[:31])  # Excel's limit for a sheet name
    sheet.append([column.header for column in columns])
    for row in rows:
        sheet.append(
            [
                _xlsx_cell(sheet, value, column)
                for value, column in zip(row, columns, strict=True)
            ]
        )


def xlsx_response(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    filename: str,
    title: str,
) -> HttpResponse:
    """A small table as an XLSX attachment, built in memory."""
    workbook = Workbook(write_only=True)
    xlsx_write(workbook, columns, rows, title=title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(
        HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename
    )
