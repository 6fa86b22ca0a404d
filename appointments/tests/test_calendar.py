"""The caseworker's own calendar page: bookable hours, extra hours, absences."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from appointments.models import Absence, ExtraHours, WeeklyHours
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Place

pytestmark = pytest.mark.django_db

URL = "appointments:calendar"


def test_a_caseworker_adds_weekly_hours_at_a_place_of_their_organisation(
    client: Client, caseworker: User, office: Place, clock: None
) -> None:
    sign_in(client, caseworker)

    response = client.post(
        reverse(URL),
        {
            "form": "weekly",
            "weekly-weekday": "2",
            "weekly-start_time": "9:00",
            "weekly-end_time": "11:30",
            "weekly-place": office.pk,
            "weekly-valid_from": "2026-06-08",
        },
    )

    assert response.status_code == 302
    hours = WeeklyHours.objects.get()
    assert (hours.caseworker, hours.weekday, hours.end_time) == (
        caseworker,
        2,
        dt.time(11, 30),
    )
    page = client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="fi")
    assert "keskiviikko 9.00–11.30" in page.content.decode()


def test_hours_ending_before_they_start_are_refused_in_the_users_language(
    client: Client, caseworker: User, office: Place, clock: None
) -> None:
    sign_in(client, caseworker)

    response = client.post(
        reverse(URL),
        {
            "form": "extra",
            "extra-day": "2026-06-13",
            "extra-start_time": "12:00",
            "extra-end_time": "10:00",
            "extra-place": office.pk,
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )

    assert response.status_code == 200
    assert (
        "En bokningsbar tid måste sluta efter att den börjat."
        in response.content.decode()
    )
    assert not ExtraHours.objects.exists()


def test_a_place_of_another_organisation_is_not_offered(
    client: Client, other_municipality_caseworker: User, office: Place, clock: None
) -> None:
    sign_in(client, other_municipality_caseworker)

    response = client.post(
        reverse(URL),
        {
            "form": "weekly",
            "weekly-weekday": "0",
            "weekly-start_time": "9:00",
            "weekly-end_time": "10:00",
            "weekly-place": office.pk,
            "weekly-valid_from": "2026-06-08",
        },
    )

    assert response.status_code == 200
    assert not WeeklyHours.objects.exists()


def test_absences_are_added_and_only_ones_own_rows_removed(
    client: Client, caseworker: User, team_lead: User, clock: None
) -> None:
    others = Absence.objects.create(
        caseworker=team_lead, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 7, 3)
    )
    sign_in(client, caseworker)
    client.post(
        reverse(URL),
        {
            "form": "absence",
            "absence-starts_on": "2026-07-06",
            "absence-ends_on": "2026-07-24",
        },
    )
    own = Absence.objects.get(caseworker=caseworker)

    client.post(reverse(URL), {"form": "remove", "kind": "absence", "pk": others.pk})
    client.post(reverse(URL), {"form": "remove", "kind": "absence", "pk": own.pk})

    assert list(Absence.objects.all()) == [others]
