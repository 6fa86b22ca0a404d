from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def test_deadlines_explain_themselves_in_the_api(
    client: Client, register: Register, caseworker: User
) -> None:
    case = register(dt.date(2025, 5, 2))
    client.force_login(caseworker)

    response = client.get(
        reverse("cases-api:jobseeker_deadlines", args=[case.jobseeker_id]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    (deadline,) = response.json()
    assert deadline["kind"] == "initial_interview"
    assert deadline["due_on"] == "2025-05-09"
    assert deadline["rule"]["valid_from"] == "2025-01-01"
    assert deadline["explanation"]["headline"] == "Initial interview due 9.5.2025"


def test_another_municipalitys_deadlines_are_404_in_the_api(
    client: Client, register: Register, other_municipality_caseworker: User
) -> None:
    case = register(dt.date(2025, 5, 2))
    client.force_login(other_municipality_caseworker)

    response = client.get(
        reverse("cases-api:jobseeker_deadlines", args=[case.jobseeker_id])
    )

    assert response.status_code == 404


def test_the_api_needs_a_login(client: Client, register: Register) -> None:
    case = register(dt.date(2025, 5, 2))

    response = client.get(
        reverse("cases-api:jobseeker_deadlines", args=[case.jobseeker_id])
    )

    # 401 with the scheme to use (the token authentication comes first).
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_openapi_schema_describes_the_deadlines(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)

    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()

    assert "/api/v1/jobseekers/{id}/deadlines/" in schema["paths"]


def test_the_openapi_schema_describes_the_conditions_on_a_day(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)

    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/v1/jobseekers/{id}/conditions/"]["get"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["on"]
    assert "patch" in schema["paths"]["/api/v1/jobseekers/{id}/"]
