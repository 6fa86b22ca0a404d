"""The development page of messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from messaging import services
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def queue(organisation: Organisation, key: str) -> None:
    services.message_queue(
        organisation_id=organisation.pk,
        channel="sms",
        recipient="+358400000000",
        language="fi",
        template_key="messaging_tests/note",
        context={"date": "9.6.2026", "time": "10.00"},
        idempotency_key=key,
    )


def test_the_page_shows_the_organisations_messages_as_sent(
    client: Client,
    caseworker: User,
    municipality: Organisation,
    other_municipality: Organisation,
) -> None:
    queue(municipality, "test:own")
    queue(other_municipality, "test:other")
    sign_in(client, caseworker)

    page = client.get(reverse("messaging:development"))

    assert page.status_code == 200
    shown = page.context["messages_shown"]
    assert [s.message.idempotency_key for s in shown] == ["test:own"]
    assert "Tapaaminen 9.6.2026 klo 10.00." in page.content.decode()


def test_the_page_is_not_there_with_a_real_sms_gateway(
    client: Client, caseworker: User, settings: Any
) -> None:
    settings.POLKU_SMS_BACKEND = "http_gateway"
    sign_in(client, caseworker)

    assert client.get(reverse("messaging:development")).status_code == 404


def test_the_page_is_not_for_users_without_clients(
    client: Client, board_viewer: User
) -> None:
    sign_in(client, board_viewer)

    assert client.get(reverse("messaging:development")).status_code == 404
