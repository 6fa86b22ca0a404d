"""A caseworker's day in the browser, in Finnish and in Swedish, and two
people saving the same record."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot, sign_in_with_form

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

    from accounts.models import User

    from .conftest import Browse, Casework

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What the caseworker reads, straight from the catalogues: a missing or
# wrong translation fails here.
LABELS = {
    "fi": {
        "worklist": "Työlista",
        "deadlines": "Määräajat",
        "record": "Kirjaa",
        "save": "Tallenna",
        "recorded": "Tapaaminen kirjattiin ja määräajat päivitettiin.",
        "interview_due": "Alkuhaastattelu viimeistään",
        "discussion_due": "Työnhakukeskustelu viimeistään",
        "employment_plan": "Työllistymissuunnitelma",
        "save_version": "Tallenna versio",
        "plan_saved": "Suunnitelman versio tallennettiin.",
        "pdf": "PDF suomeksi",
        "agreed_tasks": "Sovitut tehtävät",
    },
    "sv": {
        "worklist": "Arbetslista",
        "deadlines": "Tidsfrister",
        "record": "Registrera",
        "save": "Spara",
        "recorded": "Mötet registrerades och tidsfristerna uppdaterades.",
        "interview_due": "Inledande intervju senast",
        "discussion_due": "Jobbsökningssamtal senast",
        "employment_plan": "Sysselsättningsplan",
        "save_version": "Spara versionen",
        "plan_saved": "Planversionen sparades.",
        "pdf": "PDF på svenska",
        "agreed_tasks": "Överenskomna uppgifter",
    },
}
DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")


# The list under "Deadlines" (the appointments' list has the same look).
DEADLINES = "#deadlines-heading + .deadlines"


def _first_deadline(page: Page) -> str:
    headline = page.locator(f"{DEADLINES} .deadline strong").first.inner_text()
    assert DATE.search(headline), headline
    return headline


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_record_an_interview_and_a_plan_then_download_the_plan(
    browse: Browse,
    casework: Casework,
    caseworker: User,
    language: str,
    tmp_path: Path,
) -> None:
    labels = LABELS[language]
    page = browse.page()
    sign_in_with_form(page, caseworker.username)
    if language == "sv":
        # The language switch in the header, as a Swedish-speaking user would.
        page.locator("#language-select").select_option("sv")
        page.get_by_role("button", name="Vaihda kieli").click()
        expect(page.locator("html")).to_have_attribute("lang", "sv")

    # The worklist shows the initial interview that falls due this week.
    page.get_by_role("navigation").get_by_role("link", name=labels["worklist"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(labels["worklist"])
    page.get_by_role("link", name="Henkilö, Testi").click()

    expect(page.get_by_role("heading", name=labels["deadlines"])).to_be_visible()
    before = _first_deadline(page)
    assert before.startswith(labels["interview_due"])

    # Record the initial interview from its deadline.
    page.locator(f"{DEADLINES} .deadline").first.get_by_role(
        "link", name=labels["record"], exact=True
    ).click()
    page.locator("#id_summary").fill("Alkuhaastattelu pidetty toimistolla.")
    page.get_by_role("button", name=labels["save"], exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(labels["recorded"])
    after = _first_deadline(page)
    assert after.startswith(labels["discussion_due"])
    assert DATE.findall(after)[0] != DATE.findall(before)[0]
    assert labels["interview_due"] not in page.locator(DEADLINES).inner_text()

    # An employment plan with one task.
    page.get_by_role("link", name=labels["employment_plan"], exact=True).click()
    page.locator("#id_goal").fill("Työpaikka logistiikka-alalta")
    page.locator("#id_applications_per_month").fill("4")
    page.locator("#id_tasks-0-description").fill("Päivitä CV")
    page.get_by_role("button", name=labels["save_version"]).click()

    expect(page.get_by_role("status")).to_contain_text(labels["plan_saved"])
    expect(page.get_by_role("table", name=labels["agreed_tasks"])).to_contain_text(
        "Päivitä CV"
    )
    screenshot(page, "flow-caseworker", "jobseeker-after", language)

    with page.expect_download() as info:
        page.get_by_role("link", name=labels["pdf"]).click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert path.name.endswith(f"-{language}.pdf")

    # Back on the worklist the interview is no longer waiting.
    page.get_by_role("navigation").get_by_role("link", name=labels["worklist"]).click()
    expect(page.get_by_role("link", name="Henkilö, Testi")).to_have_count(0)


def test_the_second_save_shows_the_conflict_and_keeps_what_was_typed(
    browse: Browse, casework: Casework, caseworker: User
) -> None:
    url = reverse("cases:jobseeker_edit", args=[casework.fresh.jobseeker_id])
    first = browse.page(user=caseworker)
    second = browse.page(user=caseworker)
    first.goto(url)
    second.goto(url)

    first.locator("#id_phone").fill("040 111 1111")
    first.get_by_role("button", name="Tallenna", exact=True).click()
    expect(first.get_by_role("status")).to_contain_text("Tiedot tallennettiin.")

    second.locator("#id_phone").fill("040 222 2222")
    second.locator("#id_address").fill("Testikatu 2, 85100 Kalajoki")
    second.get_by_role("button", name="Tallenna", exact=True).click()

    conflict = second.get_by_role("alert").filter(
        has=second.locator("#conflict-heading")
    )
    expect(conflict).to_contain_text("Joku muu tallensi nämä tiedot")
    row = conflict.get_by_role("row").filter(has_text="Puhelin")
    expect(row.get_by_role("cell")).to_have_text(
        ["Puhelin", "040 1111111", "040 2222222"]
    )
    expect(second.locator("#id_phone")).to_have_value("040 222 2222")
    expect(second.locator("#id_address")).to_have_value("Testikatu 2, 85100 Kalajoki")
    assert axe_violations(second) == []
    screenshot(second, "flow-caseworker", "conflict", "fi")

    # Saving again is a deliberate choice to replace the other values.
    second.get_by_role("button", name="Tallenna", exact=True).click()
    expect(second.get_by_role("status")).to_contain_text("Tiedot tallennettiin.")
    jobseeker = casework.fresh.jobseeker
    jobseeker.refresh_from_db()
    assert jobseeker.phone == "+358402222222"  # stored in E.164
    assert jobseeker.address == "Testikatu 2, 85100 Kalajoki"
