"""A month's and the dashboard's figures as CSV and XLSX (core.tabular),
suppressed as on the pages.

Labels in the reader's language in the main columns, codes for other systems
at the end. A figure leaves as its value only (core.privacy): a count, or a
rate in per cent, never with the numerator and denominator it came from; a
suppressed one is "<5" or ".." with the reason in the note column.

Small tables (organisations by months), so they are built in memory; the
large personal-data exports stream instead (cases.exports)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import tabular
from core.formats import download_name
from core.tabular import Cell, Column

from .models import IndicatorUnit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.http import HttpResponse
    from django.utils.functional import Promise

    from .models import IndicatorDefinition, IndicatorRun
    from .selectors import Dashboard, FigureCell, MonthTable

Rows = list[list[Any]]


def _figure(cell: FigureCell | None) -> list[Any]:
    """The value (typed by the indicator's unit) and the note of one figure."""
    if cell is None:
        return [None, ""]
    if cell.suppression:
        return [cell.shown, cell.explanation]
    if cell.is_euro:
        return [Cell(cell.numerator, tabular.EUROS), ""]
    if cell.is_rate:
        return [Cell(cell.value, tabular.PERCENT, 1), ""]
    return [Cell(cell.value, tabular.INTEGER), ""]


def _unit(definition: IndicatorDefinition) -> str:
    units: dict[str, str] = {
        IndicatorUnit.PERCENT: "%",
        IndicatorUnit.EURO: "€",
        # A median's unit is its days (the name says it is a median).
        IndicatorUnit.MEDIAN_DAYS: pgettext("unit", "working days"),
        IndicatorUnit.MEDIAN_CALENDAR_DAYS: pgettext("unit", "days"),
    }
    return units.get(definition.unit, "")


def month_columns() -> list[Column]:
    return [
        Column(_("Organisation")),
        Column(_("Indicator")),
        Column(_("Unit")),
        Column(_("Value")),
        Column(pgettext("why a figure is hidden", "Note")),
        Column(_("Revision"), tabular.INTEGER),
        Column(_("Computed at"), tabular.DATETIME),
        tabular.code_column(_("Indicator")),
        Column(_("Definition version"), tabular.INTEGER),
    ]


def month_rows(run: IndicatorRun, table: MonthTable) -> Rows:
    rows: Rows = []
    for name, cells in table.rows:
        for definition, cell in zip(table.definitions, cells, strict=True):
            if cell is None:
                continue
            rows.append(
                [
                    name,
                    definition.localised_name,
                    _unit(definition),
                    *_figure(cell),
                    run.revision,
                    run.computed_at,
                    definition.code,
                    definition.version,
                ]
            )
    return rows


def dashboard_columns() -> list[Column]:
    return [
        Column(_("Organisation")),
        Column(_("Month"), tabular.MONTH),
        Column(_("Indicator")),
        Column(_("Unit")),
        Column(_("Value")),
        Column(pgettext("why a figure is hidden", "Note")),
        Column(_("Revision"), tabular.INTEGER),
        Column(_("Published")),
        tabular.code_column(_("Indicator")),
        Column(_("Definition version"), tabular.INTEGER),
    ]


def dashboard_rows(board: Dashboard) -> Rows:
    rows: Rows = []
    lines = [(name, points) for name, _id, points in board.lines] + [
        (name, points) for name, _id, points in board.members
    ]
    definition = board.definition
    for name, points in lines:
        for point in points:
            rows.append(
                [
                    name,
                    point.run.month,
                    definition.localised_name,
                    _unit(definition),
                    *_figure(point.cell),
                    point.run.revision,
                    _("yes") if point.run.published_at else _("no"),
                    definition.code,
                    point.version,
                ]
            )
    return rows


def response(
    columns: Sequence[Column],
    rows: Rows,
    *,
    label: str | Promise,
    parts: Sequence[str],
    file_format: str,
) -> HttpResponse:
    """A CSV or XLSX file named for its `label` in the reader's language."""
    if file_format == "xlsx":
        return tabular.xlsx_response(
            columns,
            rows,
            filename=download_name(label, *parts, extension="xlsx"),
            title=_("Figures"),
        )
    return tabular.csv_response(
        columns, rows, filename=download_name(label, *parts, extension="csv")
    )
