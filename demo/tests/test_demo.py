from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from cases.models import Jobseeker
from demo.people import people_plan
from demo.services import DemoDataError, demo_data_create

if TYPE_CHECKING:
    from django.test import Client

TODAY = dt.date(2026, 11, 22)


def test_demo_data_is_deterministic_and_idempotent(db: None) -> None:
    # given
    first = demo_data_create(
        seed=7, jobseekers_per_municipality=5, password="x" * 12, today=TODAY
    )
    codes = {j.identity_code for j in Jobseeker.objects.all()}

    # when
    second = demo_data_create(
        seed=7, jobseekers_per_municipality=5, password="x" * 12, today=TODAY
    )

    # then
    assert first.jobseekers_created == 15
    assert first.loaded
    assert second.jobseekers_created == 0
    assert not second.loaded
    assert codes == {p.identity_code for p in people_plan(seed=7, per_municipality=5)}
    assert {j.identity_code for j in Jobseeker.objects.all()} == codes


def test_a_first_load_before_the_employment_areas_is_refused(db: None) -> None:
    with pytest.raises(DemoDataError):
        demo_data_create(
            seed=1,
            jobseekers_per_municipality=1,
            password="x" * 12,
            today=dt.date(2024, 12, 31),
        )


def test_another_seed_on_a_loaded_database_is_refused(db: None) -> None:
    # given
    call_command("demo_data", "--jobseekers", "1", "--seed", "3")

    # when / then
    with pytest.raises(CommandError, match="new database"):
        call_command("demo_data", "--seed", "4")
    call_command("demo_data")  # without values: the loaded ones


def test_the_demo_command_prints_logins_that_work(
    db: None, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("demo_data", "--jobseekers", "5")

    out = capsys.readouterr().out
    assert "kalajoki.caseworker" in out

    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "kalajoki.caseworker", "password": settings.POLKU_DEMO_PASSWORD},
    )
    assert signed_in.status_code == 302
    response = client.get(reverse("core:home"))
    assert len(response.context["jobseekers"]) == 5
    assert User.objects.get(username="polku.admin").is_staff
