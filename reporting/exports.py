"""The dashboard's figures as CSV and XLSX, suppressed as on the page.

Small tables (organisations by months), so they are built in memory; the
large personal-data exports of the API issue stream instead."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.privacy import suppress_small

if TYPE_CHECKING:
    from .selectors import Dashboard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Row = list[str | int | None]


def dashboard_rows(board: Dashboard) -> list[Row]:
    header: Row = [
        _("Organisation"),
        _("Month"),
        _("Indicator"),
        _("Version"),
        _("Numerator"),
        _("Denominator"),
        _("Value"),
        _("Revision"),
        _("Published"),
    ]
    rows = [header]
    lines = [(name, points) for name, _id, points in board.lines] + [
        (name, points) for name, _id, points in board.members
    ]
    for name, points in lines:
        for point in points:
            cell = point.cell
            rows.append(
                [
                    name,
                    f"{point.run.month:%Y-%m}",
                    board.definition.code,
                    point.version,
                    suppress_small(cell.numerator) if cell else None,
                    suppress_small(cell.denominator)
                    if cell and cell.denominator is not None
                    else None,
                    cell.shown if cell else None,
                    point.run.revision,
                    _("yes") if point.run.published_at else _("no"),
                ]
            )
    return rows


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: list[Row], *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return _attachment(response, filename)


def xlsx_response(rows: list[Row], *, filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Figures")[:31])
    for row in rows:
        # Figures stay text where suppression turned them into "<5".
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), filename)
