from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import UserFactory
from demo.staff import DEMO_TOTP_KEY

if TYPE_CHECKING:
    from accounts.models import User

# A moment 25 s into a 30-second window (1 798 761 600 is divisible by 30).
WINDOW_START = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def admin(db: None) -> User:
    user: User = UserFactory(username="polku.admin", is_staff=True)
    TOTPDevice.objects.create(
        user=user, name="Polku demo", key=DEMO_TOTP_KEY, confirmed=True
    )
    return user


def _code_at(moment: dt.datetime) -> str:
    device = TOTPDevice.objects.get()
    with time_machine.travel(moment, tick=False):
        return f"{totp(device.bin_key):06d}"


def test_a_code_with_enough_time_left_is_printed_at_once(
    admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    moment = WINDOW_START + dt.timedelta(seconds=10)
    monkeypatch.setattr("time.sleep", lambda seconds: pytest.fail("waited"))
    out = io.StringIO()

    # when
    with time_machine.travel(moment, tick=False):
        call_command("demo_totp_code", stdout=out)

    # then
    assert out.getvalue() == f"{_code_at(moment)}  (valid for 20 s)\n"


def test_with_under_ten_seconds_left_it_waits_for_the_next_code(
    admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    assert int(WINDOW_START.timestamp()) % 30 == 0
    moment = WINDOW_START + dt.timedelta(seconds=25)
    out = io.StringIO()

    # when
    with time_machine.travel(moment, tick=False) as traveller:
        monkeypatch.setattr("time.sleep", traveller.shift)
        call_command("demo_totp_code", "polku.admin", stdout=out)

    # then
    waiting, code = out.getvalue().splitlines()
    assert waiting == "The current code expires in 5 s: waiting for the next one ..."
    next_window = WINDOW_START + dt.timedelta(seconds=30)
    assert code == f"{_code_at(next_window)}  (valid for 29 s)"
    assert _code_at(next_window) != _code_at(moment)
