from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from appropriations import services
from appropriations.models import Decision, Quota

from .conftest import pay_subsidy

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_coordinator_sets_a_quota_and_sees_its_follow_up(
    client: Client, coordinator: User, employment_area: Organisation
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("appropriations:create"),
        {
            "holder": employment_area.pk,
            "appropriation": "start_up_grant",
            "starts_on": "1.1.2026",
            "ends_on": "31.12.2026",
            "amount": "25000,00",
            "person_months": "",
            "source_reference": "KEHA/55/2025",
            "source_date": "15.12.2025",
        },
    )

    quota = Quota.objects.get(appropriation="start_up_grant")
    assert response.status_code == 302
    assert quota.amount_cents == 2_500_000
    page = client.get(reverse("appropriations:detail", args=[quota.pk]))
    html = page.content.decode()
    assert "<svg" in html
    assert 'role="img"' in html
    assert "KEHA/55/2025" in html
    listing = client.get(reverse("appropriations:list")).content.decode()
    assert "25\xa0000,00\xa0€" in listing


def test_a_quota_form_error_names_the_field(
    client: Client, coordinator: User, employment_area: Organisation
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("appropriations:create"),
        {
            "holder": employment_area.pk,
            "appropriation": "coaching",
            "starts_on": "31.12.2026",
            "ends_on": "1.1.2026",
            "amount": "100",
            "source_reference": "x",
            "source_date": "1.1.2026",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_ends_on_errors"' in html
    assert "Päättymispäivä ei voi olla ennen alkamispäivää." in html
    assert not Quota.objects.exists()


def test_revising_below_commitments_is_refused_on_the_page(
    client: Client, coordinator: User, quota: Quota, case: Case, caseworker: User
) -> None:
    services.decision_record(case=case, actor=caseworker, **pay_subsidy())
    client.force_login(coordinator)

    response = client.post(
        reverse("appropriations:revise", args=[quota.pk]),
        {
            "amount": "1000",
            "person_months": "12",
            "source_reference": "x",
            "source_date": "1.3.2026",
            "reason": "Leikkaus",
        },
    )

    assert response.status_code == 400
    assert 'id="id_amount_errors"' in response.content.decode()
    quota.refresh_from_db()
    assert quota.amount_cents == 1_000_000


def test_caseworker_records_a_decision_and_sees_it_on_the_jobseeker_page(
    client: Client, caseworker: User, quota: Quota, case: Case
) -> None:
    client.force_login(caseworker)
    data = {
        "appropriation": "pay_subsidy",
        "decided_on": "20.2.2026",
        "starts_on": "1.3.2026",
        "ends_on": "31.5.2026",
        "amount": "4500,00",
        "employer_name": "Testi Oy",
        "employer_business_id": "0201256-6",
        "subsidy_percent": "50",
    }
    response = client.post(reverse("decisions:create", args=[case.pk]), data)

    assert response.status_code == 302
    page = client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]))
    assert "Testi Oy" in page.content.decode()

    too_much = client.post(
        reverse("decisions:create", args=[case.pk]), {**data, "amount": "9000"}
    )
    html = too_much.content.decode()
    assert too_much.status_code == 200
    assert 'id="id_amount_errors"' in html
    assert Decision.objects.count() == 1
    # The override field is for team leads only.
    assert "override_reason" not in html


def test_team_lead_can_override_from_the_form(
    client: Client, team_lead: User, quota: Quota, case: Case
) -> None:
    client.force_login(team_lead)
    response = client.post(
        reverse("decisions:create", args=[case.pk]),
        {
            "appropriation": "pay_subsidy",
            "decided_on": "20.2.2026",
            "starts_on": "1.3.2026",
            "ends_on": "31.5.2026",
            "amount": "12000",
            "employer_name": "Testi Oy",
            "employer_business_id": "0201256-6",
            "subsidy_percent": "50",
            "override_reason": "Työllistymisen kannalta kiireellinen",
        },
    )

    assert response.status_code == 302
    quota.refresh_from_db()
    assert quota.overridden_cents == 200_000


def test_cancel_and_shorten_forms(
    client: Client, caseworker: User, quota: Quota, case: Case
) -> None:
    decision = services.decision_record(case=case, actor=caseworker, **pay_subsidy())
    client.force_login(caseworker)

    bad = client.post(
        reverse("decisions:shorten", args=[decision.pk]),
        {"ends_on": "1.6.2026", "reason": "x"},
    )
    assert 'id="id_ends_on_errors"' in bad.content.decode()
    client.post(
        reverse("decisions:cancel", args=[decision.pk]),
        {"cancelled_from": "25.2.2026", "reason": "Työnantaja perui"},
    )
    decision.refresh_from_db()
    quota.refresh_from_db()
    assert decision.status == "cancelled"
    assert quota.committed_cents == 0
    assert decision.cancelled_on == dt.date(2026, 2, 25)


def test_another_municipalitys_caseworker_gets_404(
    client: Client,
    other_municipality_caseworker: User,
    quota: Quota,
    case: Case,
    caseworker: User,
) -> None:
    decision = services.decision_record(case=case, actor=caseworker, **pay_subsidy())
    client.force_login(other_municipality_caseworker)

    assert (
        client.get(reverse("decisions:cancel", args=[decision.pk])).status_code == 404
    )
    assert client.get(reverse("decisions:create", args=[case.pk])).status_code == 404
