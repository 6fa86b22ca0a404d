"""Indicator charts (core.charts): the same SVG on the dashboard and in the
board's PDF report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core import formats
from core.charts import Chart, Series, line_chart

from .models import IndicatorUnit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.utils.safestring import SafeString

    from .models import IndicatorDefinition, IndicatorRun
    from .selectors import MonthRow, TargetLine, TrendPoint


def trend_chart(
    definition: IndicatorDefinition,
    runs: Sequence[IndicatorRun],
    lines: Sequence[tuple[str, Sequence[TrendPoint]]],
    *,
    targets: Sequence[TargetLine] = (),
) -> SafeString:
    """One indicator over months, one line per organisation, with the
    agreements' targets as reference lines. Suppressed figures are gaps."""
    names = ", ".join(name for name, _points in lines)
    return line_chart(
        Chart(
            title=_("%(indicator)s by month: %(names)s")
            % {"indicator": definition.localised_name, "names": names},
            description=_(
                "%(indicator)s for %(months)s months from %(first)s to %(last)s. "
                "Figures of fewer than five people are left out. The table "
                "next to the chart gives the same figures."
            )
            % {
                "indicator": definition.localised_name,
                "months": len(runs),
                "first": formats.month_label(runs[0].month) if runs else "",
                "last": formats.month_label(runs[-1].month) if runs else "",
            },
            labels=[formats.month_label(run.month) for run in runs],
            series=[
                Series(name, [point.plotted for point in points])
                for name, points in lines
            ],
            references=[(target.label, target.value) for target in targets],
            unit=_UNITS.get(definition.unit, ""),
            places=_PLACES.get(definition.unit, 0),
        )
    )


# The unit after each figure of a chart (its axis and tooltips) and the
# decimals of a tooltip's figure, by IndicatorUnit: a rate "43,8 %", a
# euro figure "1 501,50 €" as the table beside it writes them.
_UNITS: dict[str, str] = {IndicatorUnit.PERCENT: "%", IndicatorUnit.EURO: "€"}
_PLACES: dict[str, int] = {IndicatorUnit.PERCENT: 1, IndicatorUnit.EURO: 2}


def euro_trend_chart(
    definition: IndicatorDefinition, name: str, rows: Sequence[MonthRow]
) -> SafeString:
    """The municipal share in euros by billing month beside the same month a
    year earlier (issue 23). Hidden figures are gaps."""
    year_ago = _("Same month last year")
    return line_chart(
        Chart(
            title=_("%(indicator)s by month: %(name)s and %(year_ago)s")
            % {
                "indicator": definition.localised_name,
                "name": name,
                "year_ago": year_ago.lower(),
            },
            description=_(
                "%(indicator)s of %(name)s for %(months)s months from %(first)s "
                "to %(last)s, beside the same months a year earlier. Sums of "
                "fewer than five people are left out. The table after the "
                "chart gives the same figures."
            )
            % {
                "indicator": definition.localised_name,
                "name": name,
                "months": len(rows),
                "first": formats.month_label(rows[0].run.month) if rows else "",
                "last": formats.month_label(rows[-1].run.month) if rows else "",
            },
            labels=[formats.month_label(row.run.month) for row in rows],
            series=[
                Series(name, [row.points[0].plotted for row in rows]),
                Series(
                    year_ago,
                    [row.year_ago.plotted if row.year_ago else None for row in rows],
                ),
            ],
            unit="€",
            places=2,
        )
    )
