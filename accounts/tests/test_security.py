"""Sign-in protection: lockout, two-factor for administrators, headers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
import time_machine
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


STRANGER = "203.0.113.7"  # TEST-NET-3 addresses (RFC 5737)
OFFICE = "198.51.100.20"


def _fail(client: Client, username: str, address: str, times: int) -> None:
    for _ in range(times):
        client.post(
            reverse("accounts:login"),
            {"username": username, "password": "x"},
            REMOTE_ADDR=address,
        )


def test_five_failed_sign_ins_lock_the_username_from_that_address_only(
    client: Client, caseworker: User
) -> None:
    # given: a stranger guesses the caseworker's password five times
    _fail(client, "caseworker", STRANGER, settings.AXES_FAILURE_LIMIT)

    # when: the stranger tries the right password, and the caseworker signs
    # in from the office
    stranger = client.post(
        reverse("accounts:login"),
        {"username": "caseworker", "password": PASSWORD},
        REMOTE_ADDR=STRANGER,
    )
    office = client.post(
        reverse("accounts:login"),
        {"username": "caseworker", "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
    )

    # then: the guessing source is stopped, the caseworker is not locked out
    assert stranger.status_code == 429
    assert 'role="alert"' in stranger.content.decode()
    assert office.status_code == 302
    assert client.get(reverse("core:home"), REMOTE_ADDR=OFFICE).status_code == 200


def test_an_address_trying_many_usernames_is_stopped(
    client: Client, caseworker: User
) -> None:
    # given: one source fails with many usernames, each under the per-user limit
    limit = settings.POLKU_LOGIN_IP_FAILURE_LIMIT
    for n in range(limit):
        _fail(client, f"guess{n}", STRANGER, 1)

    # when: the same source tries a real account with its right password
    locked = client.post(
        reverse("accounts:login"),
        {"username": "caseworker", "password": PASSWORD},
        REMOTE_ADDR=STRANGER,
    )

    # then: the address is locked, others are not
    assert locked.status_code == 429
    office = client.post(
        reverse("accounts:login"),
        {"username": "caseworker", "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
    )
    assert office.status_code == 302


def test_an_office_address_survives_a_few_peoples_typos(
    client: Client, caseworker: User
) -> None:
    # given: ten colleagues behind the office address each mistype twice
    for n in range(10):
        _fail(client, f"colleague{n}", OFFICE, 2)

    # when
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "caseworker", "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
    )

    # then: 20 failures are under the address limit
    assert settings.POLKU_LOGIN_IP_FAILURE_LIMIT > 20
    assert signed_in.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client: Client, caseworker: User) -> None:
    _fail(client, "caseworker", STRANGER, settings.AXES_FAILURE_LIMIT)

    later = timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        signed_in = client.post(
            reverse("accounts:login"),
            {"username": "caseworker", "password": PASSWORD},
            REMOTE_ADDR=STRANGER,
        )

    assert signed_in.status_code == 302


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
