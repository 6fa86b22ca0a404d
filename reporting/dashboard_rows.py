"""The indicator dashboard's figure tables as HTML, with every value escaped.

Written here, not by template loops: an area's dashboard shows 24 months
of its seventeen member municipalities (408 figures) beside the area's,
the peer's and the country's, and resolving `{{ point.cell|figure }}` with
its lookups and filter per cell was a third of the page's CPU at 1,000,000
jobseekers (docs/performance.md section 8). The markup is the old loops'
(reporting/tests/test_dashboard_rows.py renders both in fi, sv and en);
reporting/dashboard.html keeps the tables' captions and headers around
the rows.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import formats, privacy
from core.links import reverse_fast

from .models import IndicatorUnit

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from .models import IndicatorRun
    from .selectors import Dashboard, FigureCell, TrendPoint


@lru_cache(maxsize=16)
def _suppressed(language: str) -> dict[str, str]:
    """core.templatetags.privacy.figure's markup of a suppressed figure, by
    suppression, in one language: it depends on nothing else."""
    with translation.override(language or None):
        return {
            kind: str(
                format_html(
                    '<span class="suppressed" title="{}"><span aria-hidden="true">'
                    '{}</span><span class="visually-hidden">{}</span></span>',
                    privacy.explanation(kind),
                    privacy.mark(kind),
                    privacy.explanation(kind),
                )
            )
            for kind in (privacy.SMALL, privacy.WITHHELD)
        }


class _Figures:
    """`{{ cell|figure }}` (core.templatetags.privacy) as the template wrote
    it, in the language active when made."""

    def __init__(self) -> None:
        self.language = translation.get_language() or ""
        self.suppressed = _suppressed(self.language)

    def __call__(self, cell: FigureCell | None) -> str:
        if cell is None:
            return formats.MISSING
        suppression = cell.suppression
        if suppression:
            return self.suppressed[suppression]
        return escape(cell.shown_in(self.language))

    def cells(self, points: Sequence[TrendPoint]) -> str:
        return "".join(f'<td class="num">{self(point.cell)}</td>' for point in points)


def _short_month(month: dt.date) -> str:
    """`{{ month|date:"m/y" }}`: the format has no words, so it reads the
    same in every language."""
    return f"{month.month:02d}/{month.year % 100:02d}"


def member_month_headers(runs: Sequence[IndicatorRun]) -> SafeString:
    """The member table's month column headers."""
    return mark_safe(  # noqa: S308 - digits and slashes only
        "".join(
            f'<th scope="col" class="num">{_short_month(run.month)}</th>'
            for run in runs
        )
    )


def member_rows(board: Dashboard, *, months: int) -> SafeString:
    """The member municipalities' rows: a drill-down link and a figure per
    month. `months` is the period chosen, kept in the links."""
    figure = _Figures()
    query = (
        f"&amp;indicator={escape(board.definition.code)}&amp;months={int(months)}"
        + (f"&amp;peer={int(board.peer_id)}" if board.peer_id else "")
    )
    return mark_safe(  # noqa: S308 - names escaped here, figures by _Figures
        "".join(
            f'\n    <tr><th scope="row"><a href="?organisation={int(organisation_id)}'
            f'{query}">{escape(name)}</a></th>\n      '
            f"{figure.cells(points)}</tr>\n  "
            for name, organisation_id, points in board.members
        )
    )


def month_rows(board: Dashboard) -> SafeString:
    """The trend table's rows: the month with a link to its run, a figure
    per line and, for euros, per jobseeker and beside the same month a year
    earlier; the run's revision."""
    figure = _Figures()
    is_euro = board.definition.unit == IndicatorUnit.EURO
    published = escape(_("published"))
    rows = []
    for row in board.month_rows:
        run = row.run
        # The whitespace the template's {% if %} around the euro cells left.
        euro = "\n      "
        if is_euro:
            own = row.points[0].cell if row.points else None
            year_ago = figure(row.year_ago) if row.year_ago else formats.MISSING
            euro = (
                f'\n      <td class="num">'
                f"{escape(own.per_person_shown) if own else formats.MISSING}</td>"
                f'\n      <td class="num">{year_ago}</td>'
                f'<td class="num">{escape(row.change_from_year_ago)}</td>'
            )
        rows.append(
            f'\n    <tr><th scope="row"><a href="'
            f'{escape(reverse_fast("reporting:month", run.pk))}">'
            f"{escape(formats.month_label(run.month))}</a></th>\n      "
            f"{figure.cells(row.points)}{euro}\n      "
            f"<td>{int(run.revision)}"
            f"{f' · {published}' if run.published_at else ''}</td></tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


def comparison_rows(board: Dashboard, *, months: int) -> SafeString:
    """The newest month's every indicator: a link to its trend, the unit,
    whether it is of the national set, and the own, the peer's and the
    country's figures."""
    figure = _Figures()
    national = f' <span class="muted">({escape(_("national set"))})</span>'
    organisation = "" if board.organisation_id is None else int(board.organisation_id)
    query = f"&amp;months={int(months)}" + (
        f"&amp;peer={int(board.peer_id)}" if board.peer_id else ""
    )
    rows = []
    for row in board.comparison:
        definition = row.definition
        cells = f'<td class="num">{figure(row.own)}</td>'
        if board.peer_name:
            cells += f'<td class="num">{figure(row.peer)}</td>'
        if board.organisation_id:
            cells += f'<td class="num">{figure(row.country)}</td>'
        rows.append(
            f'\n    <tr><th scope="row"><a href="?organisation={organisation}'
            f'&amp;indicator={escape(definition.code)}{query}">'
            f"{escape(definition.localised_name)}</a>"
            f"{_UNIT_MARKS.get(definition.unit, '')}"
            f"{national if row.is_national else ''}"
            f"</th>\n      {cells}</tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


# What follows an indicator's name in the comparison.
_UNIT_MARKS: dict[str, str] = {
    IndicatorUnit.PERCENT: " (%)",
    IndicatorUnit.EURO: " (€)",
}
