"""A partner's worker sees the referred case, and of it only what the
jobseeker consented to."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import sign_in_with_form

if TYPE_CHECKING:
    from accounts.models import User

    from .conftest import Browse, Casework

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_only_the_referred_case_and_only_the_consented_fields(
    browse: Browse, casework: Casework, partner_user: User
) -> None:
    page = browse.page()
    sign_in_with_form(page, partner_user.username)

    page.get_by_role("navigation").get_by_role(
        "link", name="Sinulle jaetut asiakkuudet"
    ).click()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and the one referral
    expect(rows.nth(1)).to_contain_text("Jaettu, Testi")
    expect(rows.nth(1)).to_contain_text("Työpajajakso")
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Henkilö")
    expect(main).not_to_contain_text("Yksityinen")

    page.get_by_role("link", name="Jaettu, Testi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaettu, Testi")
    # Consent: contact details and plans.
    expect(main).to_contain_text("testi.jaettu@example.invalid")
    expect(page.get_by_role("heading", name="Suunnitelmat")).to_be_visible()
    expect(main).to_contain_text("Päivitä CV")
    # Not consented, although the agreement would allow them: the assessment
    # (and its health notes), services and job offers, the identity code.
    expect(page.get_by_role("heading", name="Palvelutarpeen arviointi")).to_have_count(
        0
    )
    expect(main).not_to_contain_text("Selkävaiva")
    expect(main).not_to_contain_text("Varastotyöntekijä")
    expect(main).not_to_contain_text("Testivalmennus")
    expect(main).not_to_contain_text(casework.full.jobseeker.identity_code)

    # Another case of the same municipality, and the caseworkers' pages.
    for url in (
        reverse("partner:case_detail", args=[casework.private.pk]),
        reverse("partner:case_detail", args=[casework.fresh.pk]),
        reverse("cases:jobseeker", args=[casework.full.jobseeker_id]),
        reverse("cases:worklist"),
    ):
        response = page.goto(url)
        assert response is not None
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1)).to_have_text("Sivua ei löydy")
