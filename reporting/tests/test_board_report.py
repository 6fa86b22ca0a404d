"""The board's monthly PDF report: content, pages, tagging, languages, the
stored bytes, the task's progress and who may have it."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import re
import shutil
import subprocess
import zlib
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageStat

from appropriations import services as appropriation_services
from partners.models import EvaluationTarget, PartnershipAgreement
from reporting import board, services, tasks
from reporting.models import BoardReport, IndicatorDefinition
from reporting.selectors import FigureCell

from .conftest import AUGUST

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

JULY = dt.date(2025, 7, 1)
PAGES = 14  # 3 pages of trends, 1 of euros and 4 of definitions


@pytest.fixture
def board_data(
    august: list[Case], employment_area: Organisation, caseworker: User
) -> Organisation:
    """July and August computed, an agreement target and a quota of the area
    with one decision against it."""
    for month in (JULY, AUGUST):
        services.run_execute(run_id=services.run_start(month=month).pk)
    agreement = PartnershipAgreement.objects.create(
        name="Testin kumppanuussopimus",
        status="in_force",
        valid_from=dt.date(2025, 1, 1),
    )
    EvaluationTarget.objects.create(
        agreement=agreement,
        organisation=employment_area,
        indicator="activation_rate",
        description="Aktivointiaste yli 40 %",
        baseline=25,
        target=40,
        direction="increase",
        target_on=dt.date(2026, 12, 31),
        source="Sopimus 4 §",
    )
    appropriation_services.quota_create(
        holder=employment_area,
        appropriation="coaching",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        amount_cents=5_000_000,
        person_month_limit=None,
        source_reference="TEST/1/2025",
        source_date=dt.date(2024, 12, 1),
        actor=None,
    )
    appropriation_services.decision_record(
        case=august[0],
        actor=caseworker,
        appropriation="coaching",
        decided_on=JULY,
        starts_on=JULY,
        ends_on=dt.date(2025, 9, 30),
        amount_cents=1_200_000,
        provider="Testivalmennus Oy",
    )
    return employment_area


def _render(organisation: Organisation, *, language: str = "fi") -> BoardReport:
    report = services.board_report_request(
        organisation=organisation, month=AUGUST, language=language, user=None
    )
    return services.board_report_render(report_id=report.pk)


def _pdftotext(pdf: bytes, tmp_path: Path, *options: str) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [_tool("pdftotext"), *options, str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, laid out as printed."""
    return _pdftotext(pdf, tmp_path, "-layout").split("\f")[:-1]


def _text(pdf: bytes, tmp_path: Path) -> str:
    """All text in reading order, line breaks within cells folded to spaces."""
    return " ".join(_pdftotext(pdf, tmp_path).split())


def _objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the catalogue sits in a
    compressed object stream)."""
    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        # decompressobj, not decompress: a stream whose last byte is "\r" loses
        # it to the pattern's optional "\r", and a truncated stream must still
        # inflate as far as it goes.
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompressobj().decompress(match.group(1)))
    return b"".join(inflated)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


def test_the_report_shows_the_month_contents_pages_and_definitions(
    board_data: Organisation, tmp_path: Path
) -> None:
    # given the area's computed months, target and quota
    # when
    report = _render(board_data)

    # then
    assert report.status == "done"
    assert report.progress_done == 100
    text = _text(bytes(report.pdf), tmp_path)
    assert "Testin työllisyysalue" in text
    assert "08/2025" in text
    assert "07/2025" in text  # the month before, in the summary and trends
    assert "Aktivointiaste" in text
    assert "Kalajoki" in text  # the member municipality's table
    assert "Koko maa" in text  # the country beside the area in the trends
    assert "<5" in text  # one new client in August, suppressed
    assert "Testin kumppanuussopimus" in text
    assert "Aktivointiaste yli 40 %" in text
    assert "Tavoite 40" in text  # the target line of the chart
    assert "50 000,00" in text  # the quota
    assert "12 000,00" in text  # committed by the decision
    assert "TEST/1/2025" in text
    assert "ALP / (ALP + U)" in text  # the definitions appendix
    assert "Tilastokeskus" in text  # its source, in Finnish
    assert "Heinola" not in text  # not a member of the area
    assert "Kunnan rahoitusosuus euroina kuukausittain" in text
    assert "ei ole tuotu kuntaosuuslaskuja" in text  # no invoices in the test
    assert "Testivalmennus" not in text  # decisions are not in the report
    # Page numbers in the footers and in the table of contents.
    pages = _pages(bytes(report.pdf), tmp_path)
    assert len(pages) == PAGES
    assert f"{PAGES} / {PAGES}" in pages[-1]
    assert "/ " not in pages[0]  # no number on the cover
    contents = [line.split() for line in pages[1].splitlines() if "...." in line]
    # Summary, municipalities, trends, euros, targets, quotas, definitions.
    assert [words[-1] for words in contents] == ["3", "4", "5", "8", "9", "10", "11"]
    for words in contents:
        assert words[0] in pages[int(words[-1]) - 1]  # the heading is there


def test_the_report_is_a_tagged_pdf_with_pages_that_are_not_blank(
    board_data: Organisation, tmp_path: Path
) -> None:
    report = _render(board_data)
    pdf = bytes(report.pdf)
    (tmp_path / "report.pdf").write_bytes(pdf)

    subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [
            _tool("pdftoppm"),
            "-r",
            "50",
            "-png",
            str(tmp_path / "report.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )

    assert b"/StructTreeRoot" in _objects(pdf)
    assert b"/Lang (fi)" in _objects(pdf)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == PAGES
    for page in pages:
        with Image.open(page) as image:
            extrema = ImageStat.Stat(image.convert("L")).extrema[0]
        assert extrema[0] < 128, f"{page.name} is blank"


def test_a_swedish_report_has_swedish_headings_and_names(
    board_data: Organisation, tmp_path: Path
) -> None:
    report = _render(board_data, language="sv")

    text = _text(bytes(report.pdf), tmp_path)

    assert b"/Lang (sv)" in _objects(bytes(report.pdf))
    assert "Sammanfattning" in text
    assert "Utvärderingsplan" in text
    assert "Anslagskvoter" in text
    assert "Indikatordefinitioner" in text
    assert "Aktiveringsgrad" in text  # the definition's name_sv
    assert "Hela landet" in text
    assert "Yhteenveto" not in text
    assert "Koko maa" not in text


def test_a_swedish_report_defines_the_indicators_in_swedish(
    board_data: Organisation, tmp_path: Path
) -> None:
    report = _render(board_data, language="sv")

    text = _text(bytes(report.pdf), tmp_path)

    # The appendix: numerator, denominator and source of the activation rate.
    assert "Personer i aktiverande tjänster" in text
    assert "arbetslösa arbetssökande som inte deltar" in text
    assert "Statistikcentralen" in text
    assert "ansökningsomgång för kommunförsöken" in text
    assert "Källmaterial 004" not in text
    assert "domain.md" not in text
    assert "⚠" not in text
    assert "Persons in activating services" not in text
    assert "Aktivoivissa palveluissa" not in text
    assert "Seed 004" not in text


def test_a_coordinator_generates_and_downloads_the_stored_bytes(
    client: Client,
    coordinator: User,
    board_data: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    client.force_login(coordinator)
    page = client.get(reverse("reporting:reports"))
    assert page.status_code == 200
    assert (
        reverse("reporting:reports")
        in client.get(reverse("reporting:index")).content.decode()
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:reports"),
            {"organisation": board_data.pk, "month": "2025-08-01", "language": "fi"},
        )

    # then
    assert response.status_code == 302
    report = BoardReport.objects.get()
    assert report.status == "done"
    assert report.run.month == AUGUST
    download = client.get(reverse("reporting:report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert hashlib.sha256(download.content).hexdigest() == report.sha256
    digest = base64.b64encode(hashlib.sha256(download.content).digest()).decode()
    assert download["Repr-Digest"] == f"sha-256=:{digest}:"
    assert len(download.content) == report.size_bytes
    listing = client.get(reverse("reporting:reports")).content.decode()
    assert report.sha256 in listing

    # a second report and a repeated task leave the first one as it was
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:reports"),
            {"organisation": board_data.pk, "month": "2025-08-01", "language": "sv"},
        )
    services.board_report_render(report_id=report.pk)
    again = client.get(reverse("reporting:report_download", args=[report.pk]))
    assert again.content == download.content
    assert BoardReport.objects.count() == 2


def test_the_task_reports_its_progress_up_to_100(
    board_data: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    report = services.board_report_request(
        organisation=board_data, month=AUGUST, language="fi", user=None
    )
    seen: list[tuple[str, int]] = []
    draw = board.board_charts

    def spy(figures: board.BoardFigures) -> board.BoardCharts:
        row = BoardReport.objects.get(pk=report.pk)
        seen.append((row.status, row.progress_done))
        return draw(figures)

    monkeypatch.setattr(board, "board_charts", spy)

    # when
    tasks.board_report_task.delay(report.pk)

    # then
    report.refresh_from_db()
    assert seen == [("running", 50)]
    assert (report.status, report.progress_done) == ("done", 100)
    assert report.finished_at is not None
    assert report.render_seconds is not None
    assert report.size_bytes == len(bytes(report.pdf)) > 10_000


def test_a_failure_is_recorded_with_its_message(
    board_data: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        msg = "font cache unavailable"
        raise OSError(msg)

    monkeypatch.setattr(services, "render_pdf", broken)

    report = _render(board_data)

    assert report.status == "failed"
    assert "font cache unavailable" in report.error
    assert report.sha256 == ""


def test_a_month_without_a_finished_run_is_refused(
    client: Client, coordinator: User, board_data: Organisation
) -> None:
    with pytest.raises(ValidationError) as error:
        services.board_report_request(
            organisation=board_data,
            month=dt.date(2025, 9, 1),
            language="fi",
            user=coordinator,
        )
    assert "09/2025" in str(error.value)

    client.force_login(coordinator)
    response = client.post(
        reverse("reporting:reports"),
        {"organisation": board_data.pk, "month": "2025-09-01", "language": "fi"},
    )
    assert response.status_code == 400
    assert not BoardReport.objects.exists()


def test_a_report_is_404_without_the_role_or_the_organisation(
    client: Client,
    caseworker: User,
    board_viewer: User,
    board_data: Organisation,
    django_assert_max_num_queries: Any,
) -> None:
    # given a finished report of the area, which the Kalajoki board viewer
    # does not follow
    report = _render(board_data)
    download = reverse("reporting:report_download", args=[report.pk])

    client.force_login(caseworker)
    assert client.get(reverse("reporting:reports")).status_code == 404
    assert client.get(download).status_code == 404

    client.force_login(board_viewer)
    page = client.get(reverse("reporting:reports"))
    assert page.status_code == 200
    assert "Testin työllisyysalue" not in page.content.decode()
    assert client.get(download).status_code == 404
    refused = client.post(
        reverse("reporting:reports"),
        {"organisation": board_data.pk, "month": "2025-08-01", "language": "fi"},
    )
    assert refused.status_code == 400  # not among the choices
    assert BoardReport.objects.count() == 1


def test_the_reports_page_reads_a_fixed_number_of_queries(
    client: Client, coordinator: User, board_data: Organisation
) -> None:
    client.force_login(coordinator)
    # The session's first request reads the user's access and keeps it in
    # the session (core.memo.per_session); the page is measured after.
    client.get(reverse("core:home"))

    def queries_with(reports: int) -> int:
        while BoardReport.objects.count() < reports:
            services.board_report_request(
                organisation=board_data, month=AUGUST, language="fi", user=coordinator
            )
        with CaptureQueriesContext(connection) as context:
            page = client.get(reverse("reporting:reports"))
        assert page.content.decode().count("<progress") == reports
        assert 'http-equiv="refresh"' in page.content.decode()
        return len(context)

    assert queries_with(1) == queries_with(4)


@pytest.mark.parametrize(
    ("unit", "now", "before", "change"),
    [
        ("count", (120, None), (117, None), "+3"),
        ("count", (40, None), (40, None), "±0"),
        ("count", (3, None), (40, None), "–"),  # "<5" this month
        ("percent", (20, 50), (15, 50), "+10,0"),  # percentage points
        ("percent", (2, 50), (15, 50), "–"),  # 2 of 50 would reveal 2 people
    ],
)
def test_the_change_hides_what_the_figures_hide(
    unit: str, now: tuple[int, int | None], before: tuple[int, int | None], change: str
) -> None:
    definition = IndicatorDefinition(code="x", unit=unit)

    row = board.FigureRow(
        definition,
        board.Figure(FigureCell(*now, unit), 1),
        board.Figure(FigureCell(*before, unit), 1),
    )

    with translation.override("fi"):
        assert row.change == change


def test_the_only_organisation_is_already_chosen(
    client: Client,
    board_viewer: User,
    municipality: Organisation,
    board_data: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a board viewer who follows one municipality
    client.force_login(board_viewer)

    # when the form is shown and sent without touching the organisation
    page = client.get(reverse("reporting:reports")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:reports"), {"month": "2025-08-01", "language": "fi"}
        )

    # then it offers no empty choice, and the report is of that municipality
    assert "---------" not in page
    assert f'<option value="{municipality.pk}" selected>' in page
    assert response.status_code == 302
    assert BoardReport.objects.get().organisation == municipality


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fi", "Organisaatiolle ei laskettu lukuja tältä kuukaudelta."),
        ("sv", "Inga siffror beräknades för organisationen den här månaden."),
    ],
)
def test_a_table_without_figures_says_so_instead_of_empty_headings(
    language: str, words: str
) -> None:
    # A municipality with no jobseekers has no figure of the month: the
    # report said nothing under the table's headings (the browser walk of
    # issue 23 found it in the Swedish PDF).
    with translation.override(language):
        html = render_to_string(
            "reporting/pdf/_figure_table.html", {"rows": [], "caption": "Testikunta"}
        )

    assert words in html
    assert "<table" not in html
