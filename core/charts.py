"""Server-side SVG charts for the dashboards and the PDF reports.

The same markup goes into the browser page and into WeasyPrint, so a chart
needs no JavaScript and renders identically in both. Each chart has a
title and a description for screen readers (role="img"); the pages show the
figures in a table next to it, which is the accessible equivalent (WCAG
1.1.1). Series are told apart by dash pattern and marker as well as by
colour (WCAG 1.4.1).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from itertools import count
from typing import TYPE_CHECKING

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core import formats

if TYPE_CHECKING:
    from collections.abc import Sequence

WIDTH, HEIGHT = 640, 280
# LEFT fits an axis label such as "150 000 €"; RIGHT leaves room for half of
# the last month label ("10/2025").
LEFT, RIGHT, TOP, BOTTOM = 76, 28, 16, 48
# The room a month label ("10/2025" at 11 px) needs on the x axis, with a gap.
LABEL_WIDTH = 48
# Colour-blind-safe palette (Okabe & Ito), each with its own dash pattern.
STYLES = (
    ("#0072B2", ""),
    ("#D55E00", "6 3"),
    ("#009E73", "2 3"),
    ("#CC79A7", "8 3 2 3"),
    ("#E69F00", "4 4"),
    ("#56B4E9", "1 2"),
)
_ids = count(1)


@dataclass
class Series:
    label: str
    values: Sequence[float | None]


@dataclass
class Chart:
    title: str
    description: str
    labels: Sequence[str]
    series: list[Series] = field(default_factory=list)
    # Horizontal reference lines such as a quota or a target: (label, value).
    references: list[tuple[str, float]] = field(default_factory=list)
    # The unit written after each figure ("%", "€"), and the decimals of a
    # data point's figure in its tooltip.
    unit: str = ""
    places: int = 0


def _f(value: float) -> str:
    return f"{value:.1f}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = float(10 ** math.floor(math.log10(value)))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _with_unit(text: str, unit: str) -> str:
    return f"{text}{formats.NBSP}{unit}" if unit else text


def _tick(value: float, unit: str) -> str:
    """An axis label in the reader's language: "25 000", "12,5 %", "1,5 milj. €"."""
    if abs(value) >= 1_000_000:
        millions = formats.number(value / 1_000_000, 0 if value % 1_000_000 == 0 else 1)
        return _with_unit(gettext("%(number)s million") % {"number": millions}, unit)
    places = 0 if value == int(value) else 1
    return _with_unit(formats.number(value, places), unit)


def line_chart(chart: Chart) -> SafeString:
    """A line chart over months (or any ordered labels)."""
    uid = next(_ids)
    # Read once: an area's member chart has some 400 points, each with a
    # figure in its tooltip (and Django's escape() has a lazy-string wrapper
    # around the standard library's, also per point).
    language = get_language()
    labels = [html.escape(str(label)) for label in chart.labels]
    values = [v for s in chart.series for v in s.values if v is not None]
    top = _nice_max(max([*values, *(v for _l, v in chart.references), 0.0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(chart.labels), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts: list[str] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'class="chart" role="img" aria-labelledby="chart{}-title chart{}-desc">'
            '<title id="chart{}-title">{}</title><desc id="chart{}-desc">{}</desc>',
            WIDTH,
            HEIGHT,
            uid,
            uid,
            uid,
            chart.title,
            uid,
            chart.description,
        )
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d0d0d0" '
                'stroke-width="1"/><text x="{}" y="{}" text-anchor="end" '
                'font-size="11" fill="#333">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _f(y(value)),
                _f(y(value)),
                LEFT - 6,
                _f(y(value) + 4),
                _tick(value, chart.unit),
            )
        )
    # Every label that fits, counted back from the newest so that it always
    # has one: over 24 months every other label ran into the next.
    spacing = plot_w / (n - 1) if n > 1 else plot_w
    every = max(1, math.ceil(LABEL_WIDTH / spacing))
    for i, label in enumerate(chart.labels):
        if (n - 1 - i) % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" '
                    'fill="#333">{}</text>',
                    _f(x(i)),
                    HEIGHT - BOTTOM + 16,
                    label,
                )
            )
    for label, value in chart.references:
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#000" '
                'stroke-width="1.5" stroke-dasharray="10 4"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" '
                'fill="#000">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _f(y(value)),
                _f(y(value)),
                WIDTH - RIGHT,
                _f(y(value) - 4),
                label,
            )
        )
    for index, series in enumerate(chart.series):
        colour, dash = STYLES[index % len(STYLES)]
        shown = [(i, v) for i, v in enumerate(series.values) if v is not None]
        points = [(x(i), y(v)) for i, v in shown]
        if len(points) > 1:
            parts.append(
                format_html(
                    '<polyline fill="none" stroke="{}" stroke-width="2.5" '
                    'stroke-dasharray="{}" points="{}"/>',
                    colour,
                    dash or "none",
                    " ".join(f"{px:.1f},{py:.1f}" for px, py in points),
                )
            )
        name = html.escape(str(series.label))
        for (i, v), (px, py) in zip(shown, points, strict=True):
            # The figure on hover, as the table beside the chart writes it.
            figure = formats.number(v, chart.places, language=language)
            parts.append(
                f"<g><title>{name}, {labels[i] if i < len(labels) else ''}: "
                f"{html.escape(_with_unit(figure, chart.unit))}</title>"
                f"{_marker(index, px, py, colour)}</g>"
            )
    parts.append(_legend(chart))
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every value above is escaped by format_html


def _marker(index: int, px: float, py: float, colour: str) -> str:
    shape = index % 3
    if shape == 0:
        return f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>'
    if shape == 1:
        return (
            f'<rect x="{px - 3.5:.1f}" y="{py - 3.5:.1f}" width="7" height="7" '
            f'fill="{colour}"/>'
        )
    return (
        f'<path d="M{px:.1f},{py - 4.5:.1f} L{px + 4.5:.1f},{py + 3.5:.1f} '
        f'L{px - 4.5:.1f},{py + 3.5:.1f} Z" fill="{colour}"/>'
    )


def _legend(chart: Chart) -> str:
    items = []
    x = LEFT
    for index, series in enumerate(chart.series):
        colour, dash = STYLES[index % len(STYLES)]
        items.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{HEIGHT - 10}" y2="{HEIGHT - 10}" '
            f'stroke="{colour}" stroke-width="2.5" '
            f'stroke-dasharray="{dash or "none"}"/>'
            + _marker(index, x + 12, HEIGHT - 10, colour)
            + f'<text x="{x + 30}" y="{HEIGHT - 6}" font-size="11" fill="#333">'
            f"{escape(series.label)}</text>"
        )
        x += 40 + 7 * len(series.label)
    return "".join(items)
