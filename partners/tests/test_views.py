"""Coordinators' agreement pages, the PDF and the API."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from partners import seed_data
from partners.models import AgreementParty, Approval, PartnershipAgreement

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    seed_data.load()


def _named(prefix: str) -> PartnershipAgreement:
    return PartnershipAgreement.objects.get(name__startswith=prefix)


@pytest.mark.parametrize(
    ("language", "warning"),
    [
        ("fi", "Tietojen laatu: lähteet ovat ristiriidassa"),
        ("sv", "Datakvalitet: källorna är oense"),
    ],
)
def test_a_seed_agreement_cites_its_documents_not_seed_numbers(
    client: Client, coordinator: User, seeded: None, language: str, warning: str
) -> None:
    client.force_login(coordinator)
    agreement = _named("Oulun eteläisen")

    text = client.get(
        reverse("partners:detail", args=[agreement.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    # The figures that disagree, each with the document that states it.
    assert warning in text
    assert "Haapajärven kaupunginhallitus 11.8.2020 § 149" in text
    assert "Tahtotilasta tulokseen -hankkeen tiivistelmä" in text
    assert "Seed" not in text
    assert "domain.md" not in text


def test_the_list_shows_every_agreement_in_constant_queries(
    client: Client,
    coordinator: User,
    seeded: None,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(coordinator)
    with django_assert_max_num_queries(20) as few:
        response = client.get(reverse("partners:list"))
    assert response.status_code == 200
    for agreement in PartnershipAgreement.objects.all():
        assert agreement.name in response.content.decode()

    for n in range(5):
        PartnershipAgreement.objects.create(
            name=f"Lisäsopimus {n}", valid_from=dt.date(2025, 1, 1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("partners:list"))


def test_the_detail_shows_money_warnings_and_matrix(
    client: Client,
    coordinator: User,
    seeded: None,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(coordinator)
    agreement = _named("Oulun eteläisen")
    with django_assert_max_num_queries(30):
        page = client.get(reverse("partners:detail", args=[agreement.pk])).content
    text = page.decode()
    assert "Tahtotilasta tulokseen" in text
    assert "101\xa0392,00\xa0€" in text or "101 392,00 €" in text
    assert "1\xa0948,00" in text or "1 948,00" in text  # the disagreeing seed figure
    assert "KHALL 23.02.2021 § 40" in text  # steering group appointment

    model = _named("Pohjois-Pohjanmaan maakunnallinen")
    text = client.get(reverse("partners:detail", args=[model.pk])).content.decode()
    assert "Muutosturvapalvelut" in text
    assert "Päällekkäisyys" in text or "Overlap" in text


def _agreement(
    municipality: Organisation, partner: Organisation
) -> PartnershipAgreement:
    agreement = PartnershipAgreement.objects.create(
        name="Selainsopimus", valid_from=dt.date(2025, 1, 1)
    )
    for organisation, role in (
        (municipality, "member_municipality"),
        (partner, "third_sector"),
    ):
        AgreementParty.objects.create(
            agreement=agreement, organisation=organisation, role=role
        )
    return agreement


def _post(
    client: Client, agreement: PartnershipAgreement, action: str, **data: Any
) -> Any:
    return client.post(reverse("partners:action", args=[agreement.pk, action]), data)


def test_the_whole_lifecycle_in_the_browser(
    client: Client,
    coordinator: User,
    municipality: Organisation,
    partner_organisation: Organisation,
) -> None:
    client.force_login(coordinator)
    agreement = _agreement(municipality, partner_organisation)

    assert (
        _post(client, agreement, "version", summary="Yhteiset käytännöt").status_code
        == 302
    )
    assert _post(client, agreement, "negotiate").status_code == 302
    first, second = agreement.parties.order_by("id")
    approval = {
        "decision_body": "KHALL",
        "decided_on": "17.12.2019",
        "section": "§ 228",
    }
    assert (
        _post(client, agreement, "approve", party=first.pk, **approval).status_code
        == 302
    )

    refused = _post(client, agreement, "in-force")
    assert refused.status_code == 400
    assert partner_organisation.name in refused.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "negotiation"

    assert (
        _post(client, agreement, "approve", party=second.pk, **approval).status_code
        == 302
    )
    assert _post(client, agreement, "in-force").status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "in_force"

    ended = _post(client, agreement, "end", last_day="01.01.2025", terminated="on")
    assert ended.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.valid_until) == (
        "terminated",
        dt.date(2025, 1, 1),
    )


def test_a_bad_approval_keeps_what_was_typed(
    client: Client,
    coordinator: User,
    municipality: Organisation,
    partner_organisation: Organisation,
) -> None:
    client.force_login(coordinator)
    agreement = _agreement(municipality, partner_organisation)
    _post(client, agreement, "version", summary="v1")
    _post(client, agreement, "negotiate")

    response = _post(
        client,
        agreement,
        "approve",
        party=agreement.parties.first().pk,  # type: ignore[union-attr]
        decision_body="KV",
        decided_on="31.2.2020",
        section="§ 12",
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="KV"' in text
    assert 'value="§ 12"' in text
    assert not Approval.objects.exists()


def test_the_pdf_in_finnish_and_swedish(
    client: Client, coordinator: User, seeded: None
) -> None:
    client.force_login(coordinator)
    agreement = _named("Oulun eteläisen")
    for language, heading in (
        ("fi", "Osapuolet ja hyväksynnät"),
        ("sv", "Parter och godkännanden"),
    ):
        pdf = client.get(
            reverse("partners:pdf", args=[agreement.pk]), {"lang": language}
        )
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf["Content-Disposition"].endswith(f'-{language}.pdf"')
        assert pdf.content.startswith(b"%PDF")
        pdftotext = shutil.which("pdftotext")
        if pdftotext:
            text = subprocess.run(  # noqa: S603
                [pdftotext, "-", "-"],
                input=pdf.content,
                capture_output=True,
                check=True,
            ).stdout.decode()
            assert heading in text
            assert "Tahtotilasta tulokseen" in text
            # Money as the reader writes it, whichever language the page is in.
            assert re.search(r"101\s392,00\s€", text)
            assert "101392.00" not in text
            if language == "sv":
                assert "Osapuolet ja hyväksynnät" not in text


def test_the_api_gives_the_split_and_the_warnings(
    client: Client, coordinator: User, seeded: None
) -> None:
    client.force_login(coordinator)
    agreement = _named("Oulun eteläisen")

    data = client.get(
        reverse("partners-api:agreement_detail", args=[agreement.pk])
    ).json()

    project = data["projects"][0]
    assert project["external_cents"] == 10_139_200
    assert sum(share["cents"] for share in project["shares"]) == project["own_cents"]
    assert {w["key"] for w in project["warnings"]} == {
        "total_cost",
        "municipal_share_per_municipality",
    }
    assert {p["approval"] for p in data["parties"]} == {None}


def test_the_api_refuses_force_without_approvals_with_a_message(
    client: Client,
    coordinator: User,
    municipality: Organisation,
    partner_organisation: Organisation,
) -> None:
    client.force_login(coordinator)
    agreement = _agreement(municipality, partner_organisation)
    url = reverse("partners-api:agreement_approval", args=[agreement.pk])

    bad = client.post(
        url, {"party": 0, "decision_body": "KHALL"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert {"decided_on", "section"} <= set(bad.json()["fields"])

    forced = client.post(
        reverse("partners-api:agreement_in_force", args=[agreement.pk])
    )
    assert forced.status_code == 400
    assert "non_field_errors" in forced.json()["fields"]
