"""Agreement targets in euros (issue 23, seed 003: "-30 % from the 2020
level"): a yearly sum compared with the last twelve billed months, on the
dashboard and in the board PDF in Finnish and Swedish."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import shutil
import subprocess
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse
from django.utils import translation

from cases.rules.calendar import add_months
from exchange.tests.files import code, import_invoices
from partners import seed_data
from partners.models import EvaluationTarget, PartnershipAgreement
from reporting import board, rules, selectors, services
from reporting.models import IndicatorRun

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

AUGUST = dt.date(2025, 8, 1)
FIRST = add_months(AUGUST, -11)  # September 2024
# Five persons a month at 200,10 € each: 1 000,50 € a month, 12 006 € a year.
PERSONS = 5
EUROS = "200,10"


def test_the_rolling_year_needs_twelve_consecutive_shown_months() -> None:
    months = [(add_months(FIRST, n), Decimal("1000.50")) for n in range(12)]

    assert rules.rolling_year_euros(months) == Decimal("12006.00")
    assert rules.rolling_year_euros(months[1:]) is None
    hidden = [*months[:5], (months[5][0], None), *months[6:]]
    assert rules.rolling_year_euros(hidden) is None
    gap = [*months[:11], (add_months(FIRST, 12), Decimal(1))]
    assert rules.rolling_year_euros(gap) is None
    assert rules.change_percent(
        baseline=Decimal("1666666.67"), target=Decimal("1166666.67")
    ) == Decimal("-30.0")
    assert rules.monthly_equivalent(Decimal("12006")) == Decimal("1000.50")


def _invoice_rows(month: dt.date, euros: str = EUROS) -> list[list[str]]:
    end = add_months(month, 1) - dt.timedelta(days=1)
    return [
        [
            f"K-{month:%Y%m}",
            "208",
            f"{month.month}/{month.year}",
            code(n),
            "tmt",
            f"{month.day}.{month.month}.{month.year}",
            f"{end.day}.{end.month}.{end.year}",
            "21,5",
            str(300 + n),
            euros,
        ]
        for n in range(PERSONS)
    ]


def _compute(month: dt.date) -> None:
    run = services.run_start(month=month, send=False)
    services.run_execute(run_id=run.pk)


@pytest.fixture
def year_of_invoices(caseworker: User, municipality: Organisation) -> Organisation:
    """Twelve months of Kalajoki's invoices imported and computed, and an
    agreement target of -30 % in euros a year on the municipality."""
    rows = [row for n in range(12) for row in _invoice_rows(add_months(FIRST, n))]
    import_invoices(caseworker, municipality, rows)
    for n in range(12):
        _compute(add_months(FIRST, n))
    agreement = PartnershipAgreement.objects.create(
        name="Testin kuntakokeilu", status="in_force", valid_from=dt.date(2021, 3, 1)
    )
    EvaluationTarget.objects.create(
        agreement=agreement,
        organisation=municipality,
        indicator="municipal_share_euros",
        description="Kuntaosuus laskee 30 % vuoden 2020 tasosta",
        baseline=Decimal("15000.00"),
        target=Decimal("10500.00"),
        direction="decrease",
        target_on=dt.date(2026, 12, 31),
        source="Hakemus, kohta 4",
    )
    return municipality


def test_progress_compares_the_last_twelve_months_with_the_yearly_baseline(
    year_of_invoices: Organisation,
) -> None:
    agreement = PartnershipAgreement.objects.get()

    (row,) = selectors.target_rows(agreement, on=dt.date(2025, 9, 10))

    assert row.current == Decimal("12006.00")
    assert row.measured_on == dt.date(2025, 8, 31)
    # 15 000 → 10 500: 2 994 of the 4 500 euros, 66,5 %.
    assert row.progress == Decimal("66.5")
    with translation.override("fi"):
        assert row.baseline_shown == "15\xa0000,00\xa0€ vuodessa"
        assert row.target_shown == "10\xa0500,00\xa0€ vuodessa, \u221230,0\xa0%"
        assert row.current_shown == "12\xa0006,00\xa0€ vuodessa"
        assert row.period_shown == "12 kk 09/2024–08/2025"
    # A month earlier there are only eleven billed months.
    (early,) = selectors.target_rows(agreement, on=dt.date(2025, 8, 10))
    assert early.current is None
    assert early.progress is None
    with translation.override("sv"):
        assert early.missing == "färre än 12 fakturerade månader visas"


def test_the_dashboard_shows_the_progress_in_euros(
    year_of_invoices: Organisation, client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)

    response = client.get(
        reverse("reporting:dashboard"),
        {
            "indicator": "municipal_share_euros",
            "organisation": str(year_of_invoices.pk),
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    text = " ".join(response.content.decode().replace("\xa0", " ").split())
    assert response.status_code == 200
    assert (
        "Tavoite 10 500,00 € vuodessa 31.12.2026 mennessä (875,00 € kuukaudessa)"
        in text
    )
    assert "12 006,00 € vuodessa" in text
    assert "66,5 %" in text
    # The chart writes euros as its table does: the axis in euros, each
    # point's tooltip to the cent.
    chart = text[text.index("<svg") : text.index("</svg>")]
    assert re.search(r">\d[\d ]*(,\d)? €</text>", chart)
    tooltips = re.findall(r"<title>[^<]*: ([^<]*)</title>", chart)
    assert tooltips
    assert all(EURO.fullmatch(figure) for figure in tooltips), tooltips


def test_the_dashboard_shows_the_same_month_last_year(
    year_of_invoices: Organisation,
    client: Client,
    coordinator: User,
    caseworker: User,
    django_assert_max_num_queries: Any,
) -> None:
    # August 2024: five persons at 150,00 €, 750,00 € in all.
    import_invoices(
        caseworker, year_of_invoices, _invoice_rows(FIRST.replace(month=8), "150,00")
    )
    _compute(FIRST.replace(month=8))
    client.force_login(coordinator)

    with django_assert_max_num_queries(40):
        response = client.get(
            reverse("reporting:dashboard"),
            {
                "indicator": "municipal_share_euros",
                "organisation": str(year_of_invoices.pk),
            },
            HTTP_ACCEPT_LANGUAGE="sv",
        )

    html = response.content.decode().replace("\xa0", " ")
    assert "Samma månad i fjol" in html
    row = html[html.index(">08/2025</a>") :].split("</tr>")[0]
    # August 2025 (1 000,50 €), a year earlier 750,00 €: up by 250,50 €.
    assert "1 000,50 €" in row
    assert "750,00 €" in row
    assert "+250,50 €" in row
    # September 2024 has no computed month a year before it.
    earliest = html[html.index(">09/2024</a>") :].split("</tr>")[0]
    assert earliest.count("–") >= 2


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [tool, str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    # A table cell may break its line after a dash.
    return " ".join(text.replace("\xa0", " ").replace("–\n", "–").split())


# Words of the English texts that must not leak into a Finnish or Swedish PDF.
ENGLISH = re.compile(
    r"\b(a year|a month|months|Target|Baseline|Progress|fewer|billed|euro target)\b"
)
EURO = re.compile(r"\d{1,3}(?: \d{3})*,\d{2} €")


@pytest.mark.parametrize(
    ("language", "per_year", "period"),
    [("fi", "vuodessa", "12 kk 09/2024–08/2025"), ("sv", "per år", "12 mån.")],
)
def test_the_board_pdf_writes_euros_as_finns_do(
    year_of_invoices: Organisation,
    tmp_path: Path,
    language: str,
    per_year: str,
    period: str,
) -> None:
    report = services.board_report_request(
        organisation=year_of_invoices, month=AUGUST, language=language, user=None
    )
    report = services.board_report_render(report_id=report.pk)

    text = _pdftotext(bytes(report.pdf), tmp_path)

    assert f"15 000,00 € {per_year}" in text
    assert f"10 500,00 € {per_year}, \u221230,0 %" in text
    assert f"12 006,00 € {per_year}" in text
    assert period in text
    assert "66,5 %" in text
    # Every euro figure has the decimal comma and spaces between thousands.
    assert EURO.findall(text)
    assert not re.search(r"\d[.,]\d{3}[.,]\d{2} ?€|€\d|\d\.\d{2} ?€", text)
    assert not ENGLISH.search(text), ENGLISH.search(text)


# --- The euro trend in the board PDF (issue 23 item 4) ---------------------------


@pytest.fixture
def two_years_of_invoices(caseworker: User, municipality: Organisation) -> Organisation:
    """Kalajoki's invoices of 24 months up to August 2025, computed: 1 000,50
    € a month in the first year and 1 234,56 € x 5 = 6 172,80 € in the
    second; a month of four persons only in between (hidden)."""
    first = add_months(AUGUST, -23)
    rows = [
        row
        for n in range(24)
        for row in _invoice_rows(add_months(first, n), EUROS if n < 12 else "1234,56")
    ]
    hidden = add_months(first, 13)  # September 2024
    rows = [
        r
        for r in rows
        if not (r[2] == f"{hidden.month}/{hidden.year}" and r[3] == code(0))
    ]
    import_invoices(caseworker, municipality, rows)
    for n in range(24):
        _compute(add_months(first, n))
    return municipality


def test_the_euro_trend_has_24_months_beside_the_year_before(
    two_years_of_invoices: Organisation,
) -> None:
    run = IndicatorRun.objects.get(month=AUGUST)

    figures = board.board_figures(organisation=two_years_of_invoices, run=run)

    assert figures.euros is not None
    rows = figures.euros.rows
    assert len(rows) == 24
    assert rows[-1].run == run
    own, year_ago, hidden = rows[-1].points[0].cell, rows[-1].year_ago, rows[13]
    assert own is not None
    assert year_ago is not None
    assert hidden.points[0].cell is not None
    with translation.override("fi"):
        assert own.shown == "6\xa0172,80\xa0€"
        assert year_ago.shown == "1\xa0000,50\xa0€"
        assert rows[-1].change_from_year_ago == "+5\xa0172,30\xa0€"
        assert hidden.points[0].cell.shown == "<5"
        assert hidden.change_from_year_ago == "–"
        assert rows[0].year_ago is None  # before the first invoice
        assert rows[0].change_from_year_ago == "–"


@pytest.mark.parametrize(
    ("language", "heading", "year_ago"),
    [
        (
            "fi",
            "Kunnan rahoitusosuus euroina kuukausittain",
            "Sama kuukausi vuotta aiemmin",
        ),
        ("sv", "Kommunens finansieringsandel i euro per månad", "Samma månad i fjol"),
    ],
)
def test_the_board_pdf_draws_the_euro_trend_with_its_table(
    two_years_of_invoices: Organisation,
    tmp_path: Path,
    language: str,
    heading: str,
    year_ago: str,
) -> None:
    report = services.board_report_request(
        organisation=two_years_of_invoices, month=AUGUST, language=language, user=None
    )
    report = services.board_report_render(report_id=report.pk)

    text = _pdftotext(bytes(report.pdf), tmp_path)
    # The chapter, after its line in the contents.
    section = text[text.rindex(heading) :]
    section = section[: section.index("\u2013 = ")]

    assert year_ago in section
    assert "08/2025 6 172,80 € 1 000,50 € +5 172,30 €" in section
    assert "09/2023" in section  # the first of the 24 months
    assert "<5" in section
    assert EURO.findall(section)
    assert not re.search(r"\d[.,]\d{3}[.,]\d{2} ?€|€\d|\d\.\d{2} ?€", text)
    assert not ENGLISH.search(text), ENGLISH.search(text)


# --- Heinola's baseline (seed 003) -------------------------------------------------


def test_heinolas_baselines_cite_the_application_and_show_as_estimates() -> None:
    # given the seed agreements
    seed_data.load()
    targets = {
        t.indicator: t
        for t in EvaluationTarget.objects.filter(organisation__municipality_code="111")
    }

    # when
    rows = {
        row.target.indicator: row
        for row in selectors.measure_targets(
            list(targets.values()), on=dt.date(2025, 9, 10)
        )
    }

    # then: the application's own words, and "estimate" beside the baseline
    euros = targets["municipal_share_euros"]
    assert "kohta 4" in euros.source
    assert (
        "voisivat laskea nykytasosta jopa 30% (pienennystä nykyiseen yli 500 000€/v)"
    ) in euros.source
    assert euros.baseline_is_estimate
    assert "noin 25%" in targets["activation_rate"].source
    with translation.override("fi"):
        assert rows["municipal_share_euros"].baseline_shown == (
            "1\xa0666\xa0666,67\xa0€ vuodessa (arvio)"
        )
        assert rows["activation_rate"].baseline_shown == "25 (arvio)"
        # An index of the level when the application was written: exact.
        assert rows["labour_market_subsidy_municipal_share"].baseline_shown == "100"
    with translation.override("sv"):
        assert rows["municipal_share_euros"].baseline_shown.endswith(
            "per år (uppskattning)"
        )


def test_the_migration_cites_heinola_as_the_seed_data_does() -> None:
    migration = importlib.import_module(
        "partners.migrations.0005_evaluation_target_baseline_is_estimate"
    )

    assert migration.SUBSIDY == seed_data.HEINOLA_SUBSIDY_WORDING
    assert migration.ACTIVATION == seed_data.HEINOLA_ACTIVATION_WORDING
    assert migration.APPLICATION == seed_data.HEINOLA_APPLICATION
