"""A suppressed figure travels alone in every output (issue 18, item 4).

One month of an employment area with two members, Kalajoki and Nivala, and
Heinola outside it:

- activation rate: Kalajoki 12/25 (48,0 %, shown), Nivala 37/41 (four people
  not active: "<5"), Heinola 30/60;
- new clients: Kalajoki 3 ("<5"), Nivala 40, Heinola 17; the area's 43 less
  Nivala's 40 would give Kalajoki's 3, so Nivala's 40 is withheld ("..").

Every output a coordinator of the area gets (month page, dashboard, their
CSV and XLSX, the API and the board's PDF, in Finnish and Swedish) is read
for 37, 41 and 40, none of which may appear, and for point decimals.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from appropriations import services as appropriation_services
from organisations.models import OrganisationRelation
from organisations.tests.factories import MunicipalityFactory
from reporting import services
from reporting.indicators import MonthComputations

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from reporting.models import IndicatorRun

pytestmark = pytest.mark.django_db

AUGUST = dt.date(2025, 8, 1)
# 12.05 in Helsinki: no 37, 40 or 41 in the times printed.
NOW = dt.datetime(2026, 12, 6, 10, 5, tzinfo=dt.UTC)
FORBIDDEN = ("37", "41", "40")


class _Text(HTMLParser):
    """What a reader meets: text, SVG titles and tooltips; no markup or URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value or "" for name, value in attrs if name == "title"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext is not installed")
    return subprocess.run(  # noqa: S603
        [pdftotext, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def _assert_nothing_leaks(text: str, where: str) -> None:
    for number in FORBIDDEN:
        assert not re.search(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)", text), (
            f"{number} in {where}"
        )


def _assert_no_point_decimals(text: str, where: str) -> None:
    # A point between digits is a date (1.3.2021, 08/2025 has none) or a
    # time (12.05): any other is an English decimal.
    without_dates = re.sub(r"\b\d{1,2}\.\d{1,2}\.(\d{4})?", "", text)
    without_times = re.sub(r"\b\d{1,2}\.\d{2}\b(?!\d)", "", without_dates)
    assert not re.search(r"\d\.\d", without_times), where


@pytest.fixture
def month(
    monkeypatch: pytest.MonkeyPatch,
    municipality: Organisation,
    employment_area: Organisation,
    other_municipality: Organisation,
) -> IndicatorRun:
    """August computed through the service from the counts above."""
    nivala = MunicipalityFactory(municipality_code="535", name="Nivala")
    OrganisationRelation.objects.create(
        parent=employment_area,
        child=nivala,
        kind=OrganisationRelation.Kind.MEMBER,
        valid_from=dt.date(2025, 1, 1),
    )
    kalajoki, heinola = municipality.pk, other_municipality.pk
    direct: dict[str, dict[int, tuple[int, int | None]]] = {
        "activation_rate": {kalajoki: (12, 25), nivala.pk: (37, 41), heinola: (30, 60)},
        "new_clients": {
            kalajoki: (3, None),
            nivala.pk: (40, None),
            heinola: (17, None),
        },
        "jobseekers_month_end": {
            kalajoki: (25, None),
            nivala.pk: (45, None),
            heinola: (60, None),
        },
    }
    monkeypatch.setattr(
        MonthComputations,
        "counts",
        lambda self, computation: direct.get(computation, {}),
    )
    with time_machine.travel(NOW, tick=False):
        return services.run_execute(run_id=services.run_start(month=AUGUST).pk)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_pages_show_neither_the_figure_nor_what_it_came_from(
    client: Client,
    coordinator: User,
    employment_area: Organisation,
    month: IndicatorRun,
    language: str,
) -> None:
    client.force_login(coordinator)
    pages = {
        "month": client.get(
            reverse("reporting:month", args=[month.pk]), HTTP_ACCEPT_LANGUAGE=language
        ),
        **{
            f"dashboard {code}": client.get(
                reverse("reporting:dashboard"),
                {"organisation": str(employment_area.pk), "indicator": code},
                HTTP_ACCEPT_LANGUAGE=language,
            )
            for code in ("activation_rate", "new_clients")
        },
    }

    for where, response in pages.items():
        assert response.status_code == 200, where
        text = _visible(response.content.decode())
        _assert_nothing_leaks(text, where)
        _assert_no_point_decimals(text, where)
    month_text = _visible(pages["month"].content.decode())
    assert "48,0" in month_text  # Kalajoki's rate, with a decimal comma
    assert ".." in month_text  # Nivala's withheld new clients
    words = "alle 5 henkilöä" if language == "fi" else "färre än 5 personer"
    assert words in month_text  # read out beside "<5"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_exports_carry_the_marks_and_nothing_else(
    client: Client,
    coordinator: User,
    employment_area: Organisation,
    month: IndicatorRun,
    language: str,
) -> None:
    client.force_login(coordinator)
    dashboard = {"organisation": str(employment_area.pk), "indicator": "new_clients"}
    files = {
        "month csv": client.get(
            reverse("reporting:month_csv", args=[month.pk]),
            HTTP_ACCEPT_LANGUAGE=language,
        ),
        "month xlsx": client.get(
            reverse("reporting:month_xlsx", args=[month.pk]),
            HTTP_ACCEPT_LANGUAGE=language,
        ),
        "dashboard csv": client.get(
            reverse("reporting:dashboard_csv"), dashboard, HTTP_ACCEPT_LANGUAGE=language
        ),
        "dashboard xlsx": client.get(
            reverse("reporting:dashboard_xlsx"),
            dashboard,
            HTTP_ACCEPT_LANGUAGE=language,
        ),
    }

    for where, response in files.items():
        assert response.status_code == 200, where
        assert f"-{language}." in response["Content-Disposition"], where
        if where.endswith("csv"):
            text = response.content.decode("utf-8")
            assert text.startswith("\ufeff"), where
            rows: list[list[Any]] = [line.split(";") for line in text[1:].splitlines()]
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            assert sheet is not None
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        cells = [str(c) for row in rows[1:] for c in row if c is not None]
        for number in FORBIDDEN:
            assert number not in cells, (number, where)
        _assert_nothing_leaks(" ".join(cells), where)
        nivala = [r for r in rows if r[0] == "Nivala" and "new_clients" in r]
        assert nivala, where
        assert all(".." in r for r in nivala), where
        kalajoki = [r for r in rows if r[0] == "Kalajoki" and "new_clients" in r]
        assert all("<5" in r for r in kalajoki), where


def test_the_api_gives_the_marks_and_no_numerator_or_denominator(
    client: Client, coordinator: User, month: IndicatorRun
) -> None:
    client.force_login(coordinator)

    values = client.get(
        reverse("reporting-api:run_values", args=[month.pk]), {"page_size": "100"}
    ).json()["results"]

    by_name = {(v["organisation_name"], v["indicator"]): v for v in values}
    assert by_name["Nivala", "activation_rate"]["value"] == "<5"
    assert by_name["Nivala", "new_clients"]["value"] == ".."
    assert by_name["Nivala", "new_clients"]["suppression"] == "withheld"
    assert by_name["Kalajoki", "new_clients"]["numerator"] == "<5"
    assert by_name["Kalajoki", "activation_rate"]["value"] == "48.0"
    for value in values:
        for field in ("numerator", "denominator", "value"):
            assert value[field] not in FORBIDDEN, value


@pytest.mark.parametrize(
    ("language", "rate", "words", "absent"),
    [
        ("fi", "Aktivointiaste", "alle 5 henkilöä", "Aktiveringsgrad (%)"),
        ("sv", "Aktiveringsgrad", "färre än 5 personer", "Aktivointiaste (%)"),
    ],
)
def test_the_board_pdf_says_why_in_words(
    employment_area: Organisation,
    coordinator: User,
    month: IndicatorRun,
    language: str,
    rate: str,
    words: str,
    absent: str,
) -> None:
    # given a quota, for the money in the report
    appropriation_services.quota_create(
        holder=employment_area,
        appropriation="coaching",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        amount_cents=123_456,
        person_month_limit=None,
        source_reference="TEST/1/2025",
        source_date=dt.date(2024, 12, 1),
        actor=None,
    )
    with time_machine.travel(NOW, tick=False):
        report = services.board_report_request(
            organisation=employment_area, month=AUGUST, language=language, user=None
        )
        report = services.board_report_render(report_id=report.pk)

    assert report.status == "done", report.error
    assert report.filename.endswith(f"-{language}.pdf")
    text = _pdf_text(bytes(report.pdf))
    _assert_nothing_leaks(text, "board PDF")
    _assert_no_point_decimals(text, "board PDF")
    nivala = text[text.index("Nivala") :]
    assert rate in nivala
    assert words in nivala
    assert absent not in text
    assert "74,2" in text  # the area's rate: 49 of 66
    assert re.search(r"1\s234,56\s€", text)  # the quota, in the PDF's spaces
