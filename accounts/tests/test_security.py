"""Sign-in protection: lockout, two-factor for administrators, headers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import IDLE_RENEWAL_SECONDS, IDLE_RENEWAL_SESSION_KEY
from accounts.tests.factories import UserFactory

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}"


def test_five_failed_sign_ins_lock_the_username(
    client: Client, caseworker: User
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"), {"username": "caseworker", "password": "x"}
        )

    locked = client.post(
        reverse("accounts:login"), {"username": "caseworker", "password": PASSWORD}
    )

    assert locked.status_code == 429
    assert 'role="alert"' in locked.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(
    client: Client, caseworker: User
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(
            reverse("accounts:login"), {"username": "caseworker", "password": "x"}
        )
    client.post(
        reverse("accounts:login"), {"username": "caseworker", "password": PASSWORD}
    )
    client.post(reverse("accounts:logout"))

    again = client.post(
        reverse("accounts:login"), {"username": "caseworker", "password": "x"}
    )

    assert again.status_code == 200  # a form error, not a lockout


def test_an_administrator_sets_up_and_must_use_two_factor(
    client: Client, db: None
) -> None:
    admin = UserFactory(username="newadmin", is_staff=True)
    client.post(
        reverse("accounts:login"), {"username": "newadmin", "password": PASSWORD}
    )

    blocked = client.get(reverse("admin:index"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("accounts:two_factor"))

    setup = client.get(blocked["Location"])
    assert setup.context["setup"] is not None
    assert setup.context["qr_code"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=admin)
    wrong = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert "token" in wrong.context["form"].errors
    # django-otp throttles after a wrong code; a real user waits a moment.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    client.post(
        reverse("accounts:two_factor"), {"token": _code(device), "next": "/admin/"}
    )

    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_caseworker_may_work_without_two_factor_until_setting_it_up(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    assert client.get(reverse("cases:worklist")).status_code == 200

    TOTPDevice.objects.create(user=caseworker, name="puhelin", confirmed=True)

    assert client.get(reverse("cases:worklist")).status_code == 302


def test_pages_carry_a_strict_content_security_policy(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:login"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_sessions_end_after_thirty_idle_minutes() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "accounts.middleware.IdleTimeoutMiddleware" in settings.MIDDLEWARE


def test_work_renews_the_idle_timeout_at_most_once_a_minute(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    client.get(reverse("cases:worklist"))
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date

    # Within the minute: the session row is not written again.
    client.get(reverse("cases:worklist"))
    assert Session.objects.get(session_key=key).expire_date == first

    # A minute later (the last renewal moved back): renewed from now.
    session = client.session
    session[IDLE_RENEWAL_SESSION_KEY] -= IDLE_RENEWAL_SECONDS
    session.save()
    Session.objects.filter(session_key=key).update(
        expire_date=first - dt.timedelta(minutes=5)
    )
    client.get(reverse("cases:worklist"))
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed >= first
    assert renewed <= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_an_idle_session_has_ended(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)
    client.get(reverse("cases:worklist"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get(reverse("cases:worklist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
