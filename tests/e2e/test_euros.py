"""The euro flow of issue 23 as a coordinator walks it: the month's Kela
municipal-share invoice file in, the month computed, the euro indicator on
the dashboard in Finnish and the board's PDF in Swedish."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import MembershipFactory
from cases.rules.calendar import add_months
from exchange.tests.files import INVOICE_HEADER, code, csv_bytes
from organisations.models import Membership
from partners.models import AgreementParty, EvaluationTarget, PartnershipAgreement
from tests.personas import SINCE

from .conftest import (
    axe_violations,
    download_board_report,
    screenshot,
    sign_in_with_form,
)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

    from accounts.models import User
    from organisations.models import Organisation

    from .conftest import Browse

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Six persons at 250,25 € each: 1 501,50 € in the month, enough persons (five
# or more) for the figure to be shown.
GOOD_LINES = 6
EUROS = "250,25"
MONTH_TOTAL = "1\xa0501,50\xa0€"
# A figure in euros as Finns and Finland-Swedes write it: a space (here the
# no-break space) between thousands, a decimal comma, a space before "€".
EURO = re.compile(r"\d{1,3}(?:\xa0\d{3})*,\d{2}\xa0€")
# A decimal point in a figure, looked for once dates and times are left out.
DECIMAL_POINT = re.compile(r"\d\.\d")
# 31.12.2026 and 31.12.2026 16.07: dates and times as written in Finland.
DATE_TIME = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}(?:,? (?:klo )?\d{1,2}\.\d{2})?")


def _decimal_point(text: str) -> str | None:
    """Where `text` has a figure with a decimal point (or € before one)."""
    text = DATE_TIME.sub("<date>", text)
    found = DECIMAL_POINT.search(text) or re.search(r"€\d", text)
    return None if found is None else text[found.start() - 40 : found.end() + 40]


def _invoice_month() -> dt.date:
    """Two months back: billed and computable whatever the date (the suite
    also runs with the clock at 31 December and 29 February)."""
    return add_months(timezone.localdate().replace(day=1), -2)


def _invoice_file(month: dt.date) -> bytes:
    """Kela's file for Kalajoki (208): six good lines and, on lines 4 and 7,
    an impossible period start and an amount with three decimals."""
    end = add_months(month, 1) - dt.timedelta(days=1)

    def row(n: int, *, start: str = "", euros: str = EUROS) -> list[str]:
        return [
            f"K-{month:%Y%m}-208",
            "208",
            f"{month.month}/{month.year}",
            code(n),
            "tmt",
            start or f"1.{month.month}.{month.year}",
            f"{end.day}.{end.month}.{end.year}",
            "21,5",
            str(300 + n),
            euros,
        ]

    rows = [row(n) for n in range(1, GOOD_LINES + 1)]
    rows.insert(2, row(90, start=f"30.2.{month.year}"))  # line 4
    rows.insert(5, row(91, euros="12,345"))  # line 7
    return csv_bytes(rows, header=INVOICE_HEADER, delimiter=";")


@pytest.fixture
def euro_coordinator(coordinator: User, municipality: Organisation) -> User:
    """The area's coordinator who also leads Kalajoki's team: imports are for
    caseworkers and team leads (exchange.permissions.can_import), the
    figures for coordinators, and in a small area one person does both."""
    MembershipFactory(
        user=coordinator,
        organisation=municipality,
        role=Membership.Role.TEAM_LEAD,
        valid_from=SINCE,
    )
    return coordinator


@pytest.fixture
def euro_target(municipality: Organisation) -> EvaluationTarget:
    """Kalajoki's agreement target: the municipal share down to 10 500 € a
    year (875,00 € a month)."""
    agreement = PartnershipAgreement.objects.create(
        name="Testin kuntakokeilu", status="in_force", valid_from=SINCE
    )
    AgreementParty.objects.create(
        agreement=agreement, organisation=municipality, role="member_municipality"
    )
    return EvaluationTarget.objects.create(
        agreement=agreement,
        organisation=municipality,
        indicator="municipal_share_euros",
        description="Kuntaosuus laskee 30 %",
        baseline=Decimal("15000.00"),
        target=Decimal("10500.00"),
        direction="decrease",
        target_on=dt.date(timezone.localdate().year + 2, 12, 31),
        source="Testisopimus, kohta 4",
    )


def _no_axe_violations(page: Page, *parts: str) -> None:
    violations = axe_violations(page)
    if violations:
        screenshot(page, *parts, failed=True)
    assert violations == [], "\n".join(violations)


def _pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext (poppler-utils) is not installed"
    text = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [tool, str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    # One space for any run of white space (a table cell may break its line).
    return " ".join(text.replace("\xa0", " ").replace("–\n", "–").split())


def test_invoices_to_the_euro_dashboard_and_the_swedish_board_pdf(
    browse: Browse,
    euro_coordinator: User,
    euro_target: EvaluationTarget,
    municipality: Organisation,
    tmp_path: Path,
) -> None:
    month = _invoice_month()
    page = browse.page()
    sign_in_with_form(page, euro_coordinator.username)
    nav = page.get_by_role("navigation", name="Päävalikko")

    # The invoice file: checked first, bad lines reported by line number.
    nav.get_by_role("link", name="Tuonnit").click()
    page.get_by_role("link", name="Tuo tiedosto").click()
    page.get_by_label("Organisaatio").select_option(label=municipality.name)
    page.get_by_label("Tiedosto sisältää").select_option(label="Kelan kuntaosuuslaskut")
    page.locator("#id_file").set_input_files(
        {
            "name": "kuntaosuuslasku.csv",
            "mimeType": "text/csv",
            "buffer": _invoice_file(month),
        }
    )
    page.get_by_role("button", name="Tarkista tiedosto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("kuntaosuuslasku.csv")
    problems = page.get_by_role("table").filter(
        has=page.get_by_text("2 virhettä; näitä rivejä ei tuoda.")
    )
    expect(problems).to_be_visible()
    # Line, column (as the file's header names it) and the reason in Finnish.
    rows = problems.get_by_role("row")
    expect(rows.nth(1).get_by_role("cell")).to_have_text(
        ["4", "jakso alkaa", re.compile(rf"^30\.2\.{month.year} ei ole päivämäärä;")]
    )
    expect(rows.nth(2).get_by_role("cell")).to_have_text(
        ["7", "kunnan osuus", "Luvussa 12,345 on yli kaksi desimaalia."]
    )
    outcomes = page.locator("dl.facts").last
    expect(outcomes).to_contain_text("rivit 2–3, 5–6, 8–9")
    expect(outcomes).to_contain_text("rivit 4, 7")
    screenshot(page, "flow-euros", "invoice-preview", "fi")
    _no_axe_violations(page, "flow-euros", "invoice-preview", "fi")

    page.get_by_role("button", name="Tuo 6 kelvollista riviä").click()
    expect(
        page.get_by_role("status").filter(has_text="Tuonti on valmis.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Tulos")).to_be_visible()
    tiles = page.locator(".summary-tiles")
    expect(tiles).to_contain_text("6 uutta")
    expect(tiles).to_contain_text("0 päivitetty")
    expect(tiles).to_contain_text("2 hylätty")

    # The month computed from the coordinator's page (Celery is eager here).
    nav.get_by_role("link", name="Mittarit").click()
    page.locator("#id_month").fill(f"{month.month}/{month.year}")
    page.get_by_role("button", name="Laske", exact=True).click()
    expect(
        page.get_by_role("status").filter(has_text="Laskenta on käynnistetty.")
    ).to_be_visible()

    # The euro indicator on the dashboard: decimal commas, the target.
    nav.get_by_role("link", name="Mittarit").click()
    page.get_by_role("link", name=re.compile("^Indikaattorinäkymä")).click()
    page.locator("#id_organisation").select_option(label=municipality.name)
    page.locator("#id_indicator").select_option(label="Kunnan rahoitusosuus euroina")
    page.get_by_role("button", name="Näytä").click()
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        f"Kunnan rahoitusosuus euroina: {municipality.name}"
    )
    expect(main).to_contain_text(MONTH_TOTAL)
    target_on = euro_target.target_on
    expect(main).to_contain_text(
        "Tavoite 10\xa0500,00\xa0€ vuodessa "
        f"{target_on.day}.{target_on.month}.{target_on.year} mennessä "
        "(875,00\xa0€ kuukaudessa)"
    )
    text = main.inner_text()
    assert EURO.search(text)
    assert _decimal_point(text) is None, _decimal_point(text)
    screenshot(page, "flow-euros", "dashboard", "fi")
    _no_axe_violations(page, "flow-euros", "dashboard", "fi")

    # The board's PDF of the month in Swedish.
    path = download_board_report(
        page,
        tmp_path / "styrelsen.pdf",
        organisation_id=municipality.pk,
        language="sv",
        month=month,
    )
    text = _pdftotext(path)

    assert "Månadsrapport till styrelsen" in text
    assert "Kommunens finansieringsandel i euro" in text
    assert "1 501,50 €" in text
    # The target, and why its progress is not shown yet: one billed month.
    assert "15 000,00 € per år 10 500,00 € per år, \u221230,0 % (minskning)" in text
    assert "färre än 12 fakturerade månader visas" in text
    assert re.search(r"\d,\d{2} €", text)
    assert _decimal_point(text) is None, _decimal_point(text)
    # Finnish texts of the report, English ones, internal references.
    for leak in ("Aktivointiaste", "Kunnan rahoitusosuus", "Tavoite", "domain.md"):
        assert leak not in text, leak
    assert "§" not in text
    assert not re.search(r"\b(Target|Baseline|Progress|billed|a year)\b", text)
