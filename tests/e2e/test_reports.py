"""Coordinators and boards in the browser: indicators, the board's PDF, the
target-group dry run; and a board viewer meets no personal data anywhere."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import download_board_report, screenshot, sign_in_with_form

if TYPE_CHECKING:
    from pathlib import Path

    from accounts.models import User
    from organisations.models import Organisation

    from .conftest import Browse, Reports

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A Finnish identity code, complete or masked (171270-9***).
IDENTITY_CODE = re.compile(r"\b\d{6}[-+A-FU-Y]\d|\*\*\*")


def test_coordinator_dashboard_board_report_and_dry_run(
    browse: Browse,
    reports: Reports,
    coordinator: User,
    employment_area: Organisation,
    tmp_path: Path,
) -> None:
    page = browse.page()
    sign_in_with_form(page, coordinator.username)
    nav = page.get_by_role("navigation", name="Päävalikko")

    # Indicators: the area's dashboard, then one member municipality.
    nav.get_by_role("link", name="Mittarit").click()
    page.get_by_role("link", name="Indikaattorinäkymä: kehitys").click()
    page.locator("#id_organisation").select_option(label=employment_area.name)
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        f"Aktivointiaste: {employment_area.name}"
    )
    members = page.get_by_role("region", name="Jäsenkunnat")
    members.get_by_role("link", name="Kalajoki").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "Aktivointiaste: Kalajoki"
    )
    expect(page.locator("#id_organisation")).to_have_value(
        str(reports.people[0].organisation_id)
    )
    screenshot(page, "flow-coordinator", "dashboard-kalajoki", "fi")

    # The board's PDF for the area's latest month, rendered by the (eager)
    # Celery task and downloaded as stored.
    path = download_board_report(
        page, tmp_path / "board.pdf", organisation_id=employment_area.pk, language="fi"
    )
    assert path.read_bytes().startswith(b"%PDF")
    screenshot(page, "flow-coordinator", "board-reports", "fi")

    # The target-group dry run of the draft rule version.
    nav.get_by_role("link", name="Kokeilut").click()
    page.get_by_role("link", name="Kohderyhmän sääntöversiot").click()
    page.get_by_role("link", name=f"v{reports.draft_rule.version}", exact=True).click()
    page.locator("#id_pilot").select_option(str(reports.pilot.pk))
    page.locator("#id_on").fill("2022-06-01")
    page.get_by_role("button", name="Vertaa voimassa olevaan versioon").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Tulisi kohderyhmään: 1. Poistuisi kohderyhmästä: 0."
    )
    expect(
        page.get_by_role("row").filter(has=page.get_by_text("Kalajoki", exact=True))
    ).to_contain_text("1")
    screenshot(page, "flow-coordinator", "dry-run", "fi")


def test_a_board_viewer_sees_reports_and_no_personal_data(
    browse: Browse, reports: Reports, board_viewer: User
) -> None:
    page = browse.page()
    sign_in_with_form(page, board_viewer.username)
    names = {case.jobseeker.last_name for case in reports.people}
    codes = {case.jobseeker.identity_code for case in reports.people}

    pages = [
        reverse("core:home"),
        reverse("reporting:index"),
        reverse("reporting:month", args=[reports.months[-1].pk]),
        reverse("reporting:dashboard"),
        reverse("reporting:definitions"),
        reverse("reporting:reports"),
        reverse("appropriations:list"),
        reverse("appropriations:detail", args=[reports.quota.pk]),
    ]
    for url in pages:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        text = page.locator("body").inner_text()
        assert not [name for name in names if name in text], url
        assert not [code for code in codes if code in text], url
        assert not IDENTITY_CODE.search(text), url

    person = reports.people[0]
    for url in (
        reverse("cases:worklist"),
        reverse("cases:search"),
        reverse("cases:jobseeker", args=[person.jobseeker_id]),
        reverse("partner:case_list"),
        reverse("partner:case_detail", args=[person.pk]),
        reverse("audit:subject_report"),
        reverse("cases-api:jobseeker", args=[person.jobseeker_id]),
    ):
        response = page.goto(url)
        assert response is not None
        assert response.status == 404, url
        text = page.locator("body").inner_text()
        assert person.jobseeker.last_name not in text, url
