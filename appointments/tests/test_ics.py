"""Calendars outside Polku: the caseworker's feed behind a revocable
secret address (initials and purpose only), and one appointment as .ics."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments import services
from appointments.ics import initials
from audit.models import AccessLog
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Appointment
    from cases.models import ProcessStep

pytestmark = pytest.mark.django_db


def test_initials() -> None:
    assert initials("Testi Maria", "Henkilö") == "T. H."
    assert initials("", "Henkilö") == "H."


def test_the_feed_shows_initials_and_purpose_only_until_revoked(
    booked: Appointment, caseworker: User, client: Client, step: ProcessStep
) -> None:
    feed = services.calendar_feed_create(caseworker=caseworker, now=timezone.now())
    url = reverse("calendar_feed", args=[feed.token])

    answer = client.get(url)

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar")
    text = answer.content.decode()
    assert "SUMMARY:T. H. – Alkuhaastattelu" in text
    assert step.jobseeker.last_name not in text
    assert step.jobseeker.identity_code not in text
    assert f"UID:appointment-{booked.pk}@polku" in text
    assert AccessLog.objects.filter(
        action="export", object_id=booked.pk, user=caseworker
    ).exists()

    # a new address stops the old one; revoking stops the new one
    new = services.calendar_feed_create(caseworker=caseworker, now=timezone.now())
    assert client.get(url).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new.token])).status_code == 200
    services.calendar_feed_revoke(caseworker=caseworker, now=timezone.now())
    assert client.get(reverse("calendar_feed", args=[new.token])).status_code == 404


def test_the_calendar_page_makes_and_stops_the_address(
    client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    client.post(reverse("appointments:calendar"), {"form": "feed_create"})
    page = client.get(reverse("appointments:calendar")).content.decode()
    assert "/calendar-feed/" in page
    client.post(reverse("appointments:calendar"), {"form": "feed_revoke"})
    page = client.get(reverse("appointments:calendar")).content.decode()
    assert "/calendar-feed/" not in page


def test_one_appointment_downloads_as_ics(
    booked: Appointment, client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    answer = client.get(reverse("appointments:ics", args=[booked.pk]))
    assert answer.status_code == 200
    assert "BEGIN:VEVENT" in answer.content.decode()
