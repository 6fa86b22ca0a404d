from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from cases import rules
from cases.models import Jobseeker
from core.demo import demo_data_create
from organisations.models import Membership

if TYPE_CHECKING:
    from django.test import Client

TODAY = dt.date(2026, 11, 22)


def test_demo_data_is_deterministic_and_idempotent(db: None) -> None:
    first = demo_data_create(
        seed=7, jobseekers_per_municipality=10, password="x" * 12, today=TODAY
    )
    codes = {j.identity_code for j in Jobseeker.objects.all()}

    second = demo_data_create(
        seed=7, jobseekers_per_municipality=10, password="x" * 12, today=TODAY
    )

    assert first.jobseekers_created == 30
    assert second.jobseekers_created == 0
    assert {j.identity_code for j in Jobseeker.objects.all()} == codes


def test_demo_identity_codes_are_all_temporary(db: None) -> None:
    demo_data_create(
        seed=1, jobseekers_per_municipality=20, password="x" * 12, today=TODAY
    )

    for jobseeker in Jobseeker.objects.all():
        parsed = rules.parse_identity_code(
            jobseeker.identity_code, allow_temporary=True
        )
        assert parsed.is_temporary
        assert parsed.birth_date == jobseeker.birth_date


def test_demo_has_every_role_and_swedish_and_foreign_language_speakers(
    db: None,
) -> None:
    demo_data_create(
        seed=2026, jobseekers_per_municipality=40, password="x" * 12, today=TODAY
    )

    roles = set(Membership.objects.values_list("role", flat=True))
    tongues = set(Jobseeker.objects.values_list("mother_tongue", flat=True))

    assert roles == set(Membership.Role.values)
    assert {"fi", "sv", "other"} <= tongues


def test_the_demo_command_prints_logins_that_work(
    db: None, client: Client, capsys: object
) -> None:
    call_command("demo_data", "--jobseekers", "5")

    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "kalajoki.caseworker" in out
    from django.conf import settings

    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "kalajoki.caseworker", "password": settings.POLKU_DEMO_PASSWORD},
    )
    assert signed_in.status_code == 302
    response = client.get(reverse("core:home"))
    assert len(response.context["jobseekers"]) == 5
    assert User.objects.get(username="polku.admin").is_staff
