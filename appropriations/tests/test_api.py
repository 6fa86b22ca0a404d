from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from audit.models import AccessLog

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appropriations.models import Quota
    from cases.models import Case

pytestmark = pytest.mark.django_db

DECISION = {
    "appropriation": "pay_subsidy",
    "decided_on": "2026-02-20",
    "starts_on": "2026-03-01",
    "ends_on": "2026-05-31",
    "amount_cents": 450_000,
    "employer_name": "Testi Oy",
    "employer_business_id": "0201256-6",
    "subsidy_percent": 50,
}


def test_decisions_through_the_api(
    client: Client, caseworker: User, quota: Quota, case: Case
) -> None:
    client.force_login(caseworker)
    url = reverse("appropriations-api:case_decisions", args=[case.pk])

    created = client.post(url, DECISION, content_type="application/json")
    refused = client.post(
        url, {**DECISION, "amount_cents": 900_000}, content_type="application/json"
    )
    listed = client.get(url)

    assert created.status_code == 201
    assert created.json()["person_month_tenths"] == 30
    assert refused.status_code == 400
    assert "amount_cents" in refused.json()["fields"]
    assert [d["id"] for d in listed.json()] == [created.json()["id"]]
    assert AccessLog.objects.filter(user=caseworker, action="api").exists()

    shortened = client.post(
        reverse("appropriations-api:decision_shorten", args=[created.json()["id"]]),
        {"ends_on": "2026-04-30", "reason": "Aiemmin"},
        content_type="application/json",
    )
    assert shortened.json()["amount_cents"] == 298_370


def test_quota_follow_up_in_the_api(
    client: Client, coordinator: User, caseworker: User, quota: Quota, case: Case
) -> None:
    client.force_login(caseworker)
    client.post(
        reverse("appropriations-api:case_decisions", args=[case.pk]),
        DECISION,
        content_type="application/json",
    )
    client.force_login(coordinator)

    detail = client.get(reverse("appropriations-api:quota_detail", args=[quota.pk]))
    listing = client.get(reverse("appropriations-api:quota_list"))

    assert detail.json()["quota"]["committed_cents"] == 450_000
    assert detail.json()["months"][1]["committed_cents"] == 450_000
    assert listing.json()[0]["quota"]["remaining_cents"] == 550_000


def test_other_municipality_gets_404(
    client: Client,
    other_municipality_caseworker: User,
    quota: Quota,
    case: Case,
) -> None:
    client.force_login(other_municipality_caseworker)
    url = reverse("appropriations-api:case_decisions", args=[case.pk])

    assert (
        client.post(url, DECISION, content_type="application/json").status_code == 404
    )
