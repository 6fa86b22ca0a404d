"""Indicator figures and publishing through the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from reporting import services

from .conftest import AUGUST

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case

pytestmark = pytest.mark.django_db


def test_values_are_suppressed_and_a_month_is_published(
    client: Client, coordinator: User, august: list[Case]
) -> None:
    run = services.run_start(month=AUGUST)
    services.run_execute(run_id=run.pk)
    client.force_login(coordinator)

    values = client.get(
        reverse("reporting-api:run_values", args=[run.pk]),
        {"definition__code": "activation_rate", "page_size": "100"},
    ).json()["results"]
    published = client.post(reverse("reporting-api:run_publish", args=[run.pk]))
    again = client.post(reverse("reporting-api:run_publish", args=[run.pk]))

    kalajoki = next(v for v in values if v["organisation_name"] == "Kalajoki")
    assert kalajoki["value"] == "<5"
    assert kalajoki["numerator"] == "<5"
    assert "Heinola" not in {v["organisation_name"] for v in values}
    assert published.status_code == 200
    assert published.json()["published_at"]
    # Publishing is idempotent: the first publication time stays.
    assert again.json()["published_at"] == published.json()["published_at"]
