"""Break-the-glass: outside one's scope only with a reason, read-only, reviewed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases.models import BreakGlassAccess

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def foreign(
    register: Register,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> object:
    return register(
        TODAY(),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
        last_name="Ulkopuolinen",
    )


def _offer(client: Client, code: str) -> str:
    response = client.post(reverse("cases:search"), {"q": code})
    return str(response.context["break_glass_offer"])


def test_the_record_outside_scope_is_404_without_a_reason(
    client: Client, caseworker: User, foreign: object
) -> None:
    client.force_login(caseworker)

    url = reverse("cases:jobseeker", args=[foreign.jobseeker_id])  # type: ignore[attr-defined]

    assert client.get(url).status_code == 404


def test_a_name_search_never_offers_records_outside_scope(
    client: Client, caseworker: User, foreign: object
) -> None:
    client.force_login(caseworker)

    response = client.post(reverse("cases:search"), {"q": "Ulkopuolinen"})

    assert response.context["results"] == []
    assert response.context["break_glass_offer"] == ""
    assert "break-glass-heading" not in response.content.decode()


def test_an_exact_identity_code_offers_break_the_glass_with_a_reason(
    client: Client, caseworker: User, team_lead: User, foreign: object
) -> None:
    client.force_login(caseworker)
    code = foreign.jobseeker.identity_code  # type: ignore[attr-defined]
    token = _offer(client, code)
    assert token

    too_short = client.post(
        reverse("cases:break_glass_open"), {"token": token, "reason": "tarve"}
    )
    opened = client.post(
        reverse("cases:break_glass_open"),
        {
            "token": token,
            "reason": "Asiakas soitti, oma asiantuntija lomalla, kiireellinen",
        },
    )

    assert too_short.status_code == 200
    assert "reason" in too_short.context["break_glass_form"].errors
    page_url = reverse("cases:jobseeker", args=[foreign.jobseeker_id])  # type: ignore[attr-defined]
    assert opened["Location"] == page_url
    page = client.get(page_url)
    assert page.status_code == 200
    assert page.context["via_break_glass"] is True
    assert page.context["can_edit"] is False
    assert (
        AccessLog.objects.filter(action="break_glass", purpose="break_glass").count()
        == 1
    )
    # Still read-only: record forms stay 404.
    case_id = foreign.pk  # type: ignore[attr-defined]
    assert (
        client.get(reverse("cases:meeting_create", args=[case_id])).status_code == 404
    )

    # The team lead of the caseworker's organisation reviews it.
    client.force_login(team_lead)
    review = client.get(reverse("cases:break_glass_review"))
    (access,) = review.context["pending"]
    client.post(
        reverse("cases:break_glass_review"), {"access": access.pk, "note": "Ok"}
    )
    access.refresh_from_db()
    assert access.reviewed_by == team_lead


def test_a_token_of_another_user_or_an_expired_access_opens_nothing(
    client: Client, caseworker: User, team_lead: User, foreign: object
) -> None:
    client.force_login(team_lead)
    token = _offer(client, foreign.jobseeker.identity_code)  # type: ignore[attr-defined]
    client.force_login(caseworker)

    stolen = client.post(
        reverse("cases:break_glass_open"),
        {"token": token, "reason": "Yritän käyttää toisen henkilön lupaa tähän"},
    )

    assert stolen.status_code == 200
    assert not BreakGlassAccess.objects.exists()

    BreakGlassAccess.objects.create(
        user=caseworker,
        jobseeker_id=foreign.jobseeker_id,  # type: ignore[attr-defined]
        organisation_id=foreign.organisation_id,  # type: ignore[attr-defined]
        reason="vanha",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    BreakGlassAccess.objects.update(
        opened_at=timezone.now() - dt.timedelta(hours=2),
        expires_at=timezone.now() - dt.timedelta(hours=1),
    )
    url = reverse("cases:jobseeker", args=[foreign.jobseeker_id])  # type: ignore[attr-defined]
    assert client.get(url).status_code == 404


def test_revealing_the_identity_code_is_logged(
    client: Client, register: Register, caseworker: User
) -> None:
    case = register(TODAY())
    client.force_login(caseworker)
    page = client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]))
    code = case.jobseeker.identity_code
    assert code not in page.content.decode()
    assert case.jobseeker.masked_identity_code in page.content.decode()

    revealed = client.post(
        reverse("cases:jobseeker_identity_code", args=[case.jobseeker_id])
    )

    assert code in revealed.content.decode()
    assert AccessLog.objects.filter(action="reveal_identity_code").count() == 1
    assert (
        "no-cache" in revealed["Cache-Control"]
        or "max-age=0" in revealed["Cache-Control"]
    )
