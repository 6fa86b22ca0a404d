"""The demo loads, and keeps the rules, whatever day it is first loaded."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from appropriations.models import Quota
from cases.models import Jobseeker
from demo.models import DemoDataset

from .lawful import assert_demo_lawful

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    "anchor",
    [
        pytest.param(dt.date(2026, 12, 31), id="new-years-eve"),
        pytest.param(dt.date(2027, 1, 1), id="new-years-day"),
        pytest.param(dt.date(2028, 2, 29), id="leap-day"),
        pytest.param(dt.date(2026, 6, 19), id="midsummer-eve"),
        pytest.param(dt.date(2025, 12, 31), id="day-before-the-2026-rules"),
    ],
)
def test_the_demo_loads_lawfully_on(db: None, anchor: dt.date) -> None:
    # when
    with time_machine.travel(
        dt.datetime.combine(anchor, dt.time(9, 30), tzinfo=HELSINKI), tick=False
    ):
        call_command("demo_data", "--jobseekers", "4", stdout=io.StringIO())

    # then
    assert DemoDataset.objects.get().anchored_on == anchor
    assert Jobseeker.objects.count() == 12
    # The area's quotas of every year decided by the anchor day.
    assert Quota.objects.filter(starts_on__year=anchor.year).exists()
    assert_demo_lawful(anchor)
