"""How the API refuses: 405 with Allow before any scoping, 400 with field
errors for parameters it cannot use, JSON 404s and no CSRF page for token
clients (the contract tests/contract checks, one behaviour at a time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tokens import api_token_create
from cases.models import JobOffer

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _token_client(organisation: Organisation, role: str) -> Client:
    """A client that sends an integration's token, with the CSRF check on
    as it is for any request that is not Django's test client."""
    key = api_token_create(
        name=f"test {role}", organisation=organisation, role=role, actor=None
    )[1]
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.parametrize("method", ["trace", "delete", "put"])
def test_an_undeclared_method_on_a_personal_data_list_is_405_before_scoping(
    employment_area: Organisation, method: str
) -> None:
    # A coordinator sees no jobseekers: GET is 404, as if the list did not
    # exist; an undeclared method still says which methods the address takes.
    client = _token_client(employment_area, "coordinator")
    url = reverse("cases-api:jobseeker_list")

    response = client.generic(method.upper(), url)

    assert client.get(url).status_code == 404
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["code"] == "method_not_allowed"


def test_an_undeclared_method_on_a_role_api_is_405_for_any_role(
    municipality: Organisation,
) -> None:
    client = _token_client(municipality, "caseworker")

    response = client.generic("TRACE", reverse("pilots-api:pilot_list"))

    assert client.get(reverse("pilots-api:pilot_list")).status_code == 403
    assert response.status_code == 405
    assert "GET" in response["Allow"]


def test_an_unknown_ordering_is_a_400_naming_the_orderings(
    municipality: Organisation,
) -> None:
    client = _token_client(municipality, "caseworker")
    url = reverse("cases-api:case_list")

    response = client.get(url, {"ordering": "-opened_on,secret"})

    assert response.status_code == 400
    (message,) = response.json()["fields"]["ordering"]
    assert "secret" in message
    assert "-opened_on" in message
    assert client.get(url, {"ordering": "-opened_on,id"}).status_code == 200


def test_a_list_without_orderings_takes_no_ordering(
    municipality: Organisation, register: Register
) -> None:
    # The deadlines would otherwise be ordered by any serializer field,
    # kind_label and rule included, which are no columns (a 500).
    case = register()
    client = _token_client(municipality, "caseworker")
    url = reverse("cases-api:jobseeker_deadlines", args=[case.jobseeker_id])

    assert client.get(url, {"ordering": "kind_label"}).status_code == 400
    assert client.get(url, {"ordering": "-due_on"}).status_code == 200


@pytest.mark.parametrize(
    ("value", "status"),
    [
        # PostgreSQL takes offsets up to 15:59 only; as UTC it is a moment.
        ("1030-05-12T10:39:28.63+16:25", 200),
        ("2026-05-12T10:39:28-23:59", 200),
        ("0001-01-01T00:00:00+01:00", 400),  # before year 1 in UTC
        ("2026-13-01T00:00:00", 400),
        ("yesterday", 400),
    ],
)
def test_updated_after_takes_any_iso_moment_or_is_a_field_error(
    municipality: Organisation, value: str, status: int
) -> None:
    client = _token_client(municipality, "caseworker")

    response = client.get(reverse("cases-api:jobseeker_list"), {"updated_after": value})

    assert response.status_code == status
    if status == 400:
        assert list(response.json()["fields"]) == ["updated_after"]


@pytest.mark.parametrize("page_size", ["1.5", "abc", "0", "501"])
def test_a_page_size_that_is_no_size_is_a_field_error(
    municipality: Organisation, page_size: str
) -> None:
    client = _token_client(municipality, "caseworker")

    response = client.get(reverse("cases-api:service_list"), {"page_size": page_size})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["page_size"]


def test_an_unknown_export_format_is_a_field_error(municipality: Organisation) -> None:
    client = _token_client(municipality, "caseworker")

    response = client.get(reverse("cases-api:jobseeker_export"), {"file_format": "AAA"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["file_format"]


@pytest.mark.parametrize(
    "path", ["cases/abc/close/", "services/-1/end/", "no-such-thing/"]
)
def test_a_post_to_an_address_the_api_does_not_have_is_a_json_404_without_csrf(
    municipality: Organisation, path: str
) -> None:
    client = _token_client(municipality, "caseworker")

    response = client.post(f"/api/v1/{path}", {}, content_type="application/json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_token_client_changes_data_without_a_csrf_token(
    municipality: Organisation, register: Register
) -> None:
    case = register()
    client = _token_client(municipality, "caseworker")

    response = client.post(
        reverse("cases-api:note_create", args=[case.pk]),
        {"text": "Soitettu."},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"


def test_a_browser_session_still_needs_its_csrf_token(
    caseworker: User, register: Register
) -> None:
    case = register()
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)

    response = client.post(
        reverse("cases-api:note_create", args=[case.pk]),
        {"text": "Soitettu."},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize(
    ("value", "status"),
    [("true", 200), ("false", 200), ("null", 400), ("1", 400), ("yes", 400)],
)
def test_a_yes_no_filter_takes_true_or_false_only(
    municipality: Organisation, value: str, status: int
) -> None:
    client = _token_client(municipality, "caseworker")

    response = client.get(reverse("cases-api:service_list"), {"open": value})

    assert response.status_code == status
    if status == 400:
        assert list(response.json()["fields"]) == ["open"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "Soitettu.", "is_health_related": "0"}, "is_health_related"),
        ({"text": "Soitettu.", "is_health_related": 1}, "is_health_related"),
        ({"text": 5}, "text"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_a_field_error(
    municipality: Organisation, register: Register, body: dict[str, object], field: str
) -> None:
    case = register()
    client = _token_client(municipality, "caseworker")

    response = client.post(
        reverse("cases-api:note_create", args=[case.pk]),
        body,
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_a_form_body_is_415(municipality: Organisation, register: Register) -> None:
    case = register()
    client = _token_client(municipality, "caseworker")

    response = client.post(
        reverse("cases-api:note_create", args=[case.pk]), {"text": "Soitettu."}
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_an_error_inside_a_list_is_named_by_its_path(
    municipality: Organisation, register: Register
) -> None:
    case = register()
    client = _token_client(municipality, "caseworker")

    response = client.post(
        reverse("cases-api:plan_version_create", args=[case.pk]),
        {"kind": "employment", "version": 1, "tasks": [{"responsible": "jobseeker"}]},
        content_type="application/json",
    )

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["tasks.0.description"]
    assert all(isinstance(messages, list) for messages in fields.values())


@pytest.mark.parametrize("query", [{"file_format": ""}, {"on": ""}])
def test_a_blank_query_parameter_is_a_field_error(
    municipality: Organisation, register: Register, query: dict[str, str]
) -> None:
    case = register()
    client = _token_client(municipality, "caseworker")
    url = (
        reverse("cases-api:jobseeker_export")
        if "file_format" in query
        else reverse("pilots-api:jobseeker_conditions", args=[case.jobseeker_id])
    )

    response = client.get(url, query)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == list(query)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        # 201 characters as sent; DRF trims the blank ones before it counts.
        ("job_title", "*" * 200 + " "),
        ("employer", "\x1f" + "A" * 200),
    ],
)
def test_a_job_offer_longer_than_the_schema_allows_is_a_field_error(
    municipality: Organisation, register: Register, field: str, value: str
) -> None:
    case = register()
    client = _token_client(municipality, "caseworker")
    body = {"offered_on": "2025-06-02", "employer": "Testi Oy", "job_title": "Kokki"}

    response = client.post(
        reverse("cases-api:job_offer_create", args=[case.pk]),
        {**body, field: value},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert "200" in response.json()["fields"][field][0]
    assert not JobOffer.objects.filter(case=case).exists()
