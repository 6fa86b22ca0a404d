"""Indicator figures and publishing through the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from reporting import services

from .conftest import AUGUST

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from reporting.models import IndicatorRun

pytestmark = pytest.mark.django_db


def _computed_august(client: Client, user: User) -> IndicatorRun:
    run = services.run_start(month=AUGUST)
    services.run_execute(run_id=run.pk)
    client.force_login(user)
    return run


def _values(client: Client, run: IndicatorRun, code: str) -> list[dict[str, Any]]:
    response = client.get(
        reverse("reporting-api:run_values", args=[run.pk]),
        {"definition__code": code, "page_size": "100"},
    )
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def test_values_are_suppressed_and_a_month_is_published(
    client: Client, coordinator: User, august: list[Case]
) -> None:
    run = _computed_august(client, coordinator)

    values = _values(client, run, "activation_rate")
    published = client.post(reverse("reporting-api:run_publish", args=[run.pk]))
    again = client.post(reverse("reporting-api:run_publish", args=[run.pk]))

    kalajoki = next(v for v in values if v["organisation_name"] == "Kalajoki")
    assert kalajoki["value"] == "<5"
    assert kalajoki["suppression"] == "small"
    # A rate travels without what it was computed from.
    assert kalajoki["numerator"] is None
    assert kalajoki["denominator"] is None
    assert "Heinola" not in {v["organisation_name"] for v in values}
    assert published.status_code == 200
    assert published.json()["published_at"]
    # Publishing is idempotent: the first publication time stays.
    assert again.json()["published_at"] == published.json()["published_at"]


def test_definitions_come_in_finnish_swedish_and_english(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)

    response = client.get(
        reverse("reporting-api:definition_list"), {"code": "activation_rate"}
    )

    (definition,) = response.json()["results"]
    assert definition["numerator_fi"].startswith("Aktivoivissa palveluissa")
    assert definition["numerator_sv"].startswith("Personer i aktiverande")
    assert definition["numerator_en"].startswith("Persons in activating")
    assert definition["denominator_fi"].startswith("ALP + työttömät")
    assert definition["denominator_sv"].startswith("ALP + arbetslösa")
    assert definition["source_fi"].startswith("Tilastokeskus")
    assert definition["source_sv"].startswith("Statistikcentralen")
    assert definition["source_en"].startswith("Statistics Finland")
    # The fields of the first version keep their English texts.
    assert definition["numerator"] == definition["numerator_en"]
    assert definition["denominator"] == definition["denominator_en"]
    assert definition["source"] == definition["source_en"]


def test_the_national_set_travels_suppressed_with_its_definitions(
    client: Client, coordinator: User, august: list[Case]
) -> None:
    # given: Kalajoki's two of three initial interviews held in time in August
    run = _computed_august(client, coordinator)

    # when
    values = _values(client, run, "statutory_deadlines_met")
    definitions = client.get(
        reverse("reporting-api:definition_list"),
        {"code": "days_to_open_market_employment"},
    ).json()["results"]

    # then: 2 of 3 would reveal small counts, so the rate is "<5"
    kalajoki = next(v for v in values if v["organisation_name"] == "Kalajoki")
    assert kalajoki["value"] == "<5"
    assert kalajoki["numerator"] is None
    (definition,) = definitions
    assert definition["unit"] == "median_calendar"
    assert definition["source_sv"].startswith("Työllisyyskuva 2025")
