"""The dashboard's figure tables written in Python (reporting.dashboard_rows)
read exactly as the template loops they replace did, in fi, sv and en."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from cases.rules.calendar import add_months
from core import privacy
from reporting import dashboard_rows, services
from reporting.definitions import NATIONAL_CODES
from reporting.models import IndicatorDefinition, IndicatorRun, IndicatorUnit
from reporting.selectors import ComparisonRow, Dashboard, FigureCell, TrendPoint

from .conftest import AUGUST

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation

# The loops of reporting/dashboard.html before the rows moved to Python.
_OLD_MONTH_ROWS = """{% load i18n formats privacy %}
  {% for row in board.month_rows %}{% with run=row.run %}
    <tr><th scope="row"><a href="{% url 'reporting:month' run.pk %}">{{ run.month|month_label }}</a></th>
      {% for point in row.points %}<td class="num">{{ point.cell|figure }}</td>{% endfor %}
      {% if board.definition.unit == "euro" %}<td class="num">{% with own=row.points.0 %}{% if own.cell %}{{ own.cell.per_person_shown }}{% else %}–{% endif %}{% endwith %}</td>
      <td class="num">{% if row.year_ago %}{{ row.year_ago|figure }}{% else %}–{% endif %}</td><td class="num">{{ row.change_from_year_ago }}</td>{% endif %}
      <td>{{ run.revision }}{% if run.published_at %} · {% translate "published" %}{% endif %}</td></tr>
  {% endwith %}{% endfor %}
  """  # noqa: E501 - the old template as it was
_OLD_MEMBER_HEADERS = """{% for run in board.runs %}<th scope="col" class="num">{{ run.month|date:"m/y" }}</th>{% endfor %}"""  # noqa: E501 - the old template as it was
_OLD_MEMBER_ROWS = """{% load privacy %}
  {% for name, id, points in board.members %}
    <tr><th scope="row"><a href="?organisation={{ id }}&amp;indicator={{ board.definition.code }}&amp;months={{ form.cleaned_data.months }}{% if board.peer_id %}&amp;peer={{ board.peer_id }}{% endif %}">{{ name }}</a></th>
      {% for point in points %}<td class="num">{{ point.cell|figure }}</td>{% endfor %}</tr>
  {% endfor %}
  """  # noqa: E501 - the old template as it was

_OLD_COMPARISON_ROWS = """{% load i18n privacy %}{% for row in board.comparison %}
    <tr><th scope="row"><a href="?organisation={{ board.organisation_id|default_if_none:'' }}&amp;indicator={{ row.definition.code }}&amp;months={{ form.cleaned_data.months }}{% if board.peer_id %}&amp;peer={{ board.peer_id }}{% endif %}">{{ row.definition.localised_name }}</a>{% if row.definition.unit == "percent" %} (%){% elif row.definition.unit == "euro" %} (€){% endif %}{% if row.is_national %} <span class="muted">({% translate "national set" %})</span>{% endif %}</th>
      <td class="num">{{ row.own|figure }}</td>{% if board.peer_name %}<td class="num">{{ row.peer|figure }}</td>{% endif %}{% if board.organisation_id %}<td class="num">{{ row.country|figure }}</td>{% endif %}</tr>
  {% endfor %}"""  # noqa: E501 - the old template as it was

LANGUAGES = ["fi", "sv", "en"]


def _old(loop: str, board: Dashboard, months: int) -> str:
    context = {"board": board, "form": {"cleaned_data": {"months": months}}}
    return Template(loop).render(Context(context))


def _new(board: Dashboard, months: int) -> tuple[str, str, str, str]:
    return (
        f"\n  {dashboard_rows.month_rows(board)}\n  ",
        str(dashboard_rows.member_month_headers(board.runs)),
        f"\n  {dashboard_rows.member_rows(board, months=months)}\n  ",
        str(dashboard_rows.comparison_rows(board, months=months)),
    )


# Every way a figure is written: shown (with thousands and decimals),
# "<5", "..", no rate over nobody, zero, and no figure at all.
_CELLS: dict[str, list[FigureCell | None]] = {
    IndicatorUnit.COUNT: [
        FigureCell(12_345, None, IndicatorUnit.COUNT),
        FigureCell(3, None, IndicatorUnit.COUNT),
        FigureCell(40, None, IndicatorUnit.COUNT, is_withheld=True),
        FigureCell(0, None, IndicatorUnit.COUNT),
        None,
    ],
    IndicatorUnit.PERCENT: [
        FigureCell(438, 1000, IndicatorUnit.PERCENT),
        FigureCell(2, 5, IndicatorUnit.PERCENT),
        FigureCell(0, 0, IndicatorUnit.PERCENT),
        FigureCell(1, 3, IndicatorUnit.PERCENT),
        None,
    ],
    IndicatorUnit.EURO: [
        FigureCell(194_985_01, 1234, IndicatorUnit.EURO),
        FigureCell(50_000, 3, IndicatorUnit.EURO),
        FigureCell(120_000, 12, IndicatorUnit.EURO, is_withheld=True),
        FigureCell(99, 5, IndicatorUnit.EURO),
        None,
    ],
    IndicatorUnit.MEDIAN_DAYS: [
        FigureCell(14, 20, IndicatorUnit.MEDIAN_DAYS),
        FigureCell(9, 4, IndicatorUnit.MEDIAN_DAYS),
        FigureCell(1_200, 6, IndicatorUnit.MEDIAN_DAYS),
        FigureCell(0, 5, IndicatorUnit.MEDIAN_DAYS),
        None,
    ],
}


def _comparison(own: int | None) -> list[ComparisonRow]:
    """Every indicator's unit, national or not, a name that needs escaping;
    the own figures for an organisation, or none for the country."""
    rows = []
    for i, (code, unit) in enumerate(
        [
            (NATIONAL_CODES[0], IndicatorUnit.COUNT),
            ("a_rate", IndicatorUnit.PERCENT),
            ("a_sum", IndicatorUnit.EURO),
            ("a_median", IndicatorUnit.MEDIAN_CALENDAR_DAYS),
        ]
    ):
        cells = _CELLS[IndicatorUnit.MEDIAN_DAYS if "median" in unit else unit]
        definition = IndicatorDefinition(
            code=code,
            version=1,
            unit=unit,
            name=f"Mittari & <{i}>",
            name_sv=f"Mätare {i}" if i % 2 else "",
            name_en=f"Indicator {i}",
        )
        rows.append(
            ComparisonRow(
                definition,
                cells[i] if own is not None else cells[(i + 1) % len(cells)],
                cells[(i + 2) % len(cells)],
                cells[(i + 1) % len(cells)],
            )
        )
    return rows


def _board(unit: str, *, peer_id: int | None, own: int | None = 1) -> Dashboard:
    """Five months of an area beside a peer and the country, with two
    member municipalities (one whose name needs escaping): each month's
    cells shifted by one so that every kind of cell meets every column."""
    cells = _CELLS[unit]
    runs = [
        IndicatorRun(
            pk=100 + i,
            month=add_months(dt.date(2025, 11, 1), i),
            revision=1 + i % 2,
            published_at=timezone.now() if i % 2 else None,
        )
        for i in range(len(cells))
    ]

    def points(shift: int) -> list[TrendPoint]:
        return [
            TrendPoint(run, cells[(i + shift) % len(cells)], 1)
            for i, run in enumerate(runs)
        ]

    year_ago = {run.month: cells[(i + 3) % len(cells)] for i, run in enumerate(runs)}
    return Dashboard(
        definition=IndicatorDefinition(code="a_code&more", version=1, unit=unit),
        organisation_id=own,
        organisation_name="Alue",
        runs=runs,
        lines=[("Alue", 1, points(0)), ("Koko maa", None, points(1))],
        members=[
            ("Kalajoki", 2, points(2)),
            ('Pedersöre & <"Bennäs">', 3, points(3)),
        ],
        targets=[],
        progress=[],
        year_ago=year_ago if unit == IndicatorUnit.EURO else {},
        comparison=_comparison(own),
        peer_id=peer_id,
        peer_name="Vertailu" if peer_id else "",
    )


@pytest.mark.parametrize(
    ("own", "peer_id"),
    [(1, None), (1, 7), (None, None), (None, 7)],
    ids=["alone", "with a peer", "country", "country with a peer"],
)
@pytest.mark.parametrize("unit", list(_CELLS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rows_read_as_the_template_loops_did(
    language: str, unit: str, own: int | None, peer_id: int | None
) -> None:
    # given
    board = _board(unit, peer_id=peer_id, own=own)

    with translation.override(language):
        # when
        month_rows, headers, member_rows, comparison_rows = _new(board, 12)

        # then
        assert month_rows == _old(_OLD_MONTH_ROWS, board, 12)
        assert headers == _old(_OLD_MEMBER_HEADERS, board, 12)
        assert member_rows == _old(_OLD_MEMBER_ROWS, board, 12)
        assert comparison_rows == _old(_OLD_COMPARISON_ROWS, board, 12)
        assert privacy.mark(privacy.SMALL) not in month_rows  # escaped
        assert "&lt;5" in member_rows


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_carries_the_rows_the_template_loops_wrote(
    client: Client,
    coordinator: User,
    august: list[Case],
    employment_area: Organisation,
    language: str,
) -> None:
    # given: Kalajoki's activation rate of 2 in 5 is hidden as "<5"
    services.run_execute(run_id=services.run_start(month=AUGUST).pk)
    client.force_login(coordinator)

    # when
    response = client.get(
        reverse("reporting:dashboard"),
        {"organisation": str(employment_area.pk), "indicator": "activation_rate"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    # then
    page = response.content.decode()
    board: Any = response.context["board"]
    assert board.members
    with translation.override(language):
        for loop in (
            _OLD_MONTH_ROWS,
            _OLD_MEMBER_HEADERS,
            _OLD_MEMBER_ROWS,
            _OLD_COMPARISON_ROWS,
        ):
            assert _old(loop, board, 24) in page
    assert 'class="suppressed"' in page
