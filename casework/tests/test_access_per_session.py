"""Roles, organisations, teams, the second-factor state and the verifying
device are kept for the session (core.memo.per_session) and are stale on
the very next request after a membership, team or device changes
(accounts.signals)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.models import Membership, Team

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _membership_statements(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "organisations_membership"' in q["sql"]
        and '"organisations_membership"."user_id" =' in q["sql"]
    ]


def test_the_users_access_is_read_once_per_session(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    url = reverse("cases:worklist")

    first = _membership_statements(client, url)
    second = _membership_statements(client, url)

    assert len(first) == 1
    assert second == []


def test_an_ended_membership_stops_access_on_the_next_request(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    url = reverse("cases:worklist")
    assert client.get(url).status_code == 200

    membership = Membership.objects.get(user=caseworker)
    membership.valid_until = timezone.localdate() - dt.timedelta(days=1)
    membership.save(update_fields=["valid_until"])

    # Caseworker pages answer "not found" to users who may not use them.
    assert client.get(url).status_code == 404


def test_a_new_membership_is_seen_on_the_next_request(
    client: Client,
    caseworker: User,
    other_municipality: Organisation,
) -> None:
    client.force_login(caseworker)
    url = reverse("cases:worklist")
    assert "Heinola" not in client.get(url).content.decode()

    Membership.objects.create(
        user=caseworker,
        organisation=other_municipality,
        role=Membership.Role.CASEWORKER,
        valid_from=dt.date(2024, 1, 1),
    )

    assert "Heinola" in client.get(url).content.decode()


def test_a_team_change_is_seen_on_the_next_request(
    client: Client, team_lead: User, municipality: Organisation
) -> None:
    first = Team.objects.create(organisation=municipality, name="Nuorten tiimi")
    second = Team.objects.create(organisation=municipality, name="Aikuisten tiimi")
    membership = Membership.objects.get(user=team_lead)
    membership.team = first
    membership.save(update_fields=["team"])
    client.force_login(team_lead)
    url = reverse("cases:worklist")
    assert "Nuorten tiimi" in client.get(url).content.decode()

    membership.team = second
    membership.save(update_fields=["team"])
    html = client.get(url).content.decode()
    second.name = "Aikuisten palvelut"
    second.save(update_fields=["name"])
    renamed = client.get(url).content.decode()

    assert "Aikuisten tiimi" in html
    assert "Nuorten tiimi" not in html
    assert "Aikuisten palvelut" in renamed


def test_a_confirmed_device_asks_for_the_second_factor_on_the_next_request(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    url = reverse("cases:worklist")
    assert client.get(url).status_code == 200

    TOTPDevice.objects.create(user=caseworker, name="Polku", confirmed=True)
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_a_member_joining_the_team_is_seen_by_its_lead_on_the_next_request(
    client: Client,
    team_lead: User,
    caseworker: User,
    municipality: Organisation,
    register: Register,
) -> None:
    team = Team.objects.create(organisation=municipality, name="Nuorten tiimi")
    Membership.objects.filter(user=team_lead).update(team=team)
    register(last_name="Tiimiläinen")  # assigned to the caseworker
    client.force_login(team_lead)
    url = reverse("cases:worklist") + "?scope=team"
    assert "Tiimiläinen" not in client.get(url).content.decode()

    membership = Membership.objects.get(user=caseworker)
    membership.team = team
    membership.save(update_fields=["team"])
    joined = client.get(url).content.decode()
    membership.team = None
    membership.save(update_fields=["team"])
    left = client.get(url).content.decode()

    assert "Tiimiläinen" in joined
    assert "Tiimiläinen" not in left


def _verified_with(client: Client, device: TOTPDevice) -> None:
    # What django_otp.login stores in the session after a correct code.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _device_statements(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, [
        q["sql"] for q in queries.captured_queries if "otp_totp_totpdevice" in q["sql"]
    ]


def test_the_verifying_device_is_read_once_per_session(
    client: Client, caseworker: User
) -> None:
    device = TOTPDevice.objects.create(user=caseworker, name="Polku", confirmed=True)
    client.force_login(caseworker)
    _verified_with(client, device)
    url = reverse("cases:worklist")

    first = _device_statements(client, url)
    second = _device_statements(client, url)

    assert first[0] == second[0] == 200
    assert first[1]
    assert second[1] == []


def test_a_removed_device_asks_for_the_second_factor_again(
    client: Client, caseworker: User
) -> None:
    used = TOTPDevice.objects.create(user=caseworker, name="Puhelin", confirmed=True)
    TOTPDevice.objects.create(user=caseworker, name="Varapuhelin", confirmed=True)
    client.force_login(caseworker)
    _verified_with(client, used)
    url = reverse("cases:worklist")
    assert client.get(url).status_code == 200

    used.delete()
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_an_unconfirmed_device_no_longer_verifies_the_session(
    client: Client, caseworker: User
) -> None:
    device = TOTPDevice.objects.create(user=caseworker, name="Puhelin", confirmed=True)
    TOTPDevice.objects.create(user=caseworker, name="Varapuhelin", confirmed=True)
    client.force_login(caseworker)
    _verified_with(client, device)
    url = reverse("cases:worklist")
    assert client.get(url).status_code == 200

    device.confirmed = False
    device.save(update_fields=["confirmed"])

    assert client.get(url).status_code == 302
