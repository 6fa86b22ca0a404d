"""Coordinators build an agreement in the browser: parties, sharing terms,
matrix rows and a project with its money."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from partners import rules, seed_data, selectors
from partners.models import (
    AgreementParty,
    CatalogueService,
    DataSharingTerm,
    PartnershipAgreement,
    Project,
)

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _edit(
    client: Client, agreement: PartnershipAgreement, section: str, **data: Any
) -> Any:
    return client.post(reverse("partners:edit", args=[agreement.pk, section]), data)


@pytest.fixture
def draft(client: Client, coordinator: User) -> PartnershipAgreement:
    client.force_login(coordinator)
    response = client.post(
        reverse("partners:create"),
        {"name": "Uusi sopimus", "valid_from": "1.1.2026", "source": "Testi"},
    )
    assert response.status_code == 302
    return PartnershipAgreement.objects.get(name="Uusi sopimus")


def test_an_agreement_is_built_part_by_part(
    client: Client,
    draft: PartnershipAgreement,
    municipality: Organisation,
    other_municipality: Organisation,
    partner_organisation: Organisation,
) -> None:
    assert draft.status == "draft"
    for organisation, role in (
        (municipality, "member_municipality"),
        (other_municipality, "responsible_municipality"),
        (partner_organisation, "third_sector"),
    ):
        assert (
            _edit(
                client, draft, "parties", organisation=organisation.pk, role=role
            ).status_code
            == 302
        )
    assert (
        _edit(
            client,
            draft,
            "sharing",
            organisation_kind="third_sector",
            categories=["contact", "plans"],
            max_days=180,
        ).status_code
        == 302
    )
    assert DataSharingTerm.objects.get(agreement=draft).categories == [
        "contact",
        "plans",
    ]

    seed_data.load()
    service = CatalogueService.objects.get(code="job-mediation")
    assert (
        _edit(
            client,
            draft,
            "matrix",
            service=service.pk,
            organiser=other_municipality.pk,
            producer=other_municipality.pk,
            serves=[other_municipality.pk],
        ).status_code
        == 302
    )
    agreement = selectors.agreement_detail_queryset().get(pk=draft.pk)
    gaps = selectors.matrix_findings(agreement)
    assert [(f.kind, f.municipality) for f in gaps] == [("gap", municipality.pk)]

    assert (
        _edit(
            client,
            draft,
            "projects",
            name="Yhteishanke",
            administrator=municipality.pk,
            starts_on="1.1.2026",
            ends_on="31.12.2026",
            total="1000.01",
            external_percent="75",
            split_key="equal",
        ).status_code
        == 302
    )
    project = Project.objects.get(name="Yhteishanke")
    assert (project.total_cents, str(project.external_rate)) == (100_001, "0.7500")
    for organisation, cap in ((municipality, "100"), (other_municipality, "")):
        assert (
            _edit(
                client,
                draft,
                "project_parties",
                project=project.pk,
                organisation=organisation.pk,
                cap=cap,
            ).status_code
            == 302
        )
    split = selectors.project_cost_split(project)
    assert split.own_cents == 25_000
    assert {r.organisation.pk: r.cents for r in split.shares} == {
        municipality.pk: 10_000,
        other_municipality.pk: 15_000,
    }


def test_bad_input_is_refused_with_a_message_and_nothing_is_lost(
    client: Client, draft: PartnershipAgreement, municipality: Organisation
) -> None:
    _edit(
        client,
        draft,
        "parties",
        organisation=municipality.pk,
        role="member_municipality",
    )

    twice = _edit(
        client,
        draft,
        "parties",
        organisation=municipality.pk,
        role="member_municipality",
    )
    assert twice.status_code == 400
    assert AgreementParty.objects.filter(agreement=draft).count() == 1

    bad = _edit(
        client,
        draft,
        "projects",
        name="Hanke",
        administrator=municipality.pk,
        starts_on="31.12.2026",
        ends_on="1.1.2026",
        total="-5",
        external_percent="120",
        split_key="equal",
    )
    assert bad.status_code == 400
    assert 'value="Hanke"' in bad.content.decode()
    assert not Project.objects.exists()


def test_approved_content_is_fixed_once_in_force(
    client: Client,
    coordinator: User,
    municipality: Organisation,
    partner_organisation: Organisation,
) -> None:
    client.force_login(coordinator)
    agreement = PartnershipAgreement.objects.create(
        name="Voimassa", status="in_force", valid_from=dt.date(2025, 1, 1)
    )
    party = AgreementParty.objects.create(
        agreement=agreement, organisation=municipality, role="member_municipality"
    )

    added = _edit(
        client,
        agreement,
        "parties",
        organisation=partner_organisation.pk,
        role="third_sector",
    )
    removed = client.post(
        reverse("partners:remove", args=[agreement.pk, "parties", party.pk])
    )

    assert added.status_code == 400
    assert removed.status_code == 302
    assert list(agreement.parties.all()) == [party]
    # The steering group is working content: it may change while in force.
    assert rules.content_editable("in_force", "steering")
    page = client.get(reverse("partners:edit", args=[agreement.pk, "steering"]))
    assert page.status_code == 200


def test_a_party_can_be_removed_from_a_draft(
    client: Client, draft: PartnershipAgreement, municipality: Organisation
) -> None:
    _edit(
        client,
        draft,
        "parties",
        organisation=municipality.pk,
        role="member_municipality",
    )
    party = draft.parties.get()

    client.post(reverse("partners:remove", args=[draft.pk, "parties", party.pk]))

    assert not draft.parties.exists()


def test_an_unknown_section_is_not_found(
    client: Client, draft: PartnershipAgreement
) -> None:
    assert (
        client.get(reverse("partners:edit", args=[draft.pk, "secrets"])).status_code
        == 404
    )


def test_the_edit_page_and_the_api_list_do_not_grow_in_queries(
    client: Client,
    draft: PartnershipAgreement,
    municipality: Organisation,
    other_municipality: Organisation,
    django_assert_max_num_queries: Any,
) -> None:
    url = reverse("partners:edit", args=[draft.pk, "parties"])
    api = reverse("partners-api:agreement_list")
    _edit(
        client,
        draft,
        "parties",
        organisation=municipality.pk,
        role="member_municipality",
    )
    with django_assert_max_num_queries(30) as page_few:
        assert client.get(url).status_code == 200
    page_queries = len(page_few.captured_queries)
    with django_assert_max_num_queries(20) as api_few:
        assert client.get(api).status_code == 200
    api_queries = len(api_few.captured_queries)

    _edit(
        client,
        draft,
        "parties",
        organisation=other_municipality.pk,
        role="member_municipality",
    )
    for n in range(3):
        PartnershipAgreement.objects.create(
            name=f"Muu {n}", valid_from=dt.date(2025, 1, 1)
        )
    with django_assert_max_num_queries(page_queries):
        client.get(url)
    with django_assert_max_num_queries(api_queries):
        client.get(api)


def test_closing_agreements_is_scheduled_nightly() -> None:
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["close-ended-agreements"]
    assert entry["task"] == "partners.agreements_close_task"
