"""Integrations' tokens: created once, scoped like a person, logged, revocable;
and the API's one error shape in the client's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from accounts.models import ApiToken, ApiTokenUse
from accounts.tokens import api_token_create, api_token_revoke
from audit.models import AccessLog
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Token {key}"}


def test_an_administrator_creates_a_token_and_sees_its_key_once(
    client: Client, admin_user: User, municipality: Organisation
) -> None:
    sign_in(client, admin_user)

    response = client.post(
        reverse("accounts:api_tokens"),
        {
            "name": "Kaupungin BI",
            "organisation": municipality.pk,
            "role": "coordinator",
        },
    )

    token = ApiToken.objects.get()
    html = response.content.decode()
    assert token.prefix in html
    key = html.split("<code>polku_", 1)[1].split("</code>", 1)[0]
    assert key not in token.key_hash  # only the hash is kept
    again = client.get(reverse("accounts:api_tokens")).content.decode()
    assert key not in again


def test_a_token_reads_like_a_person_of_its_organisation_and_role(
    client: Client,
    municipality: Organisation,
    register: Register,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    own = register()
    other = register(
        organisation=other_municipality, actor=other_municipality_caseworker
    )
    token, key = api_token_create(
        name="Asiakastietojärjestelmä",
        organisation=municipality,
        role="caseworker",
        actor=None,
    )

    allowed = client.get(
        reverse("cases-api:jobseeker_deadlines", args=[own.jobseeker_id]),
        headers=_auth(key),
    )
    forbidden = client.get(
        reverse("cases-api:jobseeker_deadlines", args=[other.jobseeker_id]),
        headers=_auth(key),
    )

    assert allowed.status_code == 200
    assert forbidden.status_code == 404
    assert forbidden.json()["code"] == "not_found"
    assert ApiTokenUse.objects.filter(token=token).count() == 2
    assert AccessLog.objects.filter(user=token.user).exists()
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_unknown_and_malformed_tokens_are_refused(
    client: Client, municipality: Organisation
) -> None:
    token, key = api_token_create(
        name="Vanha", organisation=municipality, role="caseworker", actor=None
    )
    api_token_revoke(token=token)
    url = reverse("appropriations-api:quota_list")

    revoked = client.get(url, headers=_auth(key))
    unknown = client.get(url, headers=_auth("polku_" + "x" * 40))
    malformed = client.get(url, headers={"Authorization": "Token a b"})

    assert revoked.status_code == 401
    assert revoked.json()["code"] == "authentication_failed"
    assert revoked["WWW-Authenticate"] == "Token"
    assert unknown.status_code == 401
    assert malformed.status_code == 401


def test_errors_have_one_shape_in_the_language_asked_for(
    client: Client, municipality: Organisation, register: Register
) -> None:
    case: Case = register()
    _token, key = api_token_create(
        name="Järjestelmä", organisation=municipality, role="caseworker", actor=None
    )
    url = reverse("appropriations-api:case_decisions", args=[case.pk])

    swedish = client.post(
        url,
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="sv",
        headers=_auth(key),
    )
    finnish = client.post(
        url,
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fi",
        headers=_auth(key),
    )

    body = swedish.json()
    assert swedish.status_code == 400
    assert set(body) == {"status", "code", "detail", "fields"}
    assert body["status"] == 400
    assert "appropriation" in body["fields"]
    assert body["fields"]["appropriation"] == ["Det här fältet är obligatoriskt."]
    assert finnish.json()["fields"]["appropriation"] == ["Tämä kenttä vaaditaan."]
    assert finnish.json()["detail"] != body["detail"]


def test_the_tokens_page_needs_the_second_factor(
    client: Client, admin_user: User
) -> None:
    # Signed in with the password only: no verified TOTP device in the session.
    client.force_login(admin_user)

    response = client.get(reverse("accounts:api_tokens"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
