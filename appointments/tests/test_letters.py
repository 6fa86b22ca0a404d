"""Letters for people with neither e-mail nor a mobile number: one by one
and a day's batch, in the jobseeker's language, without identity code."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.urls import reverse

from appointments import letters
from audit.models import AccessLog
from cases.models import Jobseeker
from tests.personas import sign_in

from .conftest import NOW

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Appointment
    from cases.models import ProcessStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_channels(step: ProcessStep) -> Jobseeker:
    Jobseeker.objects.filter(pk=step.jobseeker_id).update(
        email="", phone="", address="Testitie 5, 85100 Kalajoki"
    )
    return Jobseeker.objects.get(pk=step.jobseeker_id)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    # poppler-utils (README: needed for the PDF page checks)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(  # noqa: S603
        [pdftotext, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_invitation_letter_is_in_swedish_without_identity_code(
    without_channels: Jobseeker, booked: Appointment, client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    answer = client.get(
        reverse("appointments:letter", args=[booked.pk]) + "?kind=invitation"
    )

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "9.6.2026" in text
    assert "Testitie 5" in text
    assert "sysselsättningstjänsterna" in text
    assert without_channels.identity_code not in text
    assert "Svara inte" not in text  # a letter says nothing of replying
    assert AccessLog.objects.filter(
        action="pdf", object_type="appointments.Appointment", object_id=booked.pk
    ).exists()


def test_the_days_letters_cover_bookings_and_reminders(
    without_channels: Jobseeker, booked: Appointment, caseworker: User
) -> None:
    # booked on Monday 8.6. for Tuesday 9.6.: Monday's batch has the
    # invitation only (booked that day), not a reminder as well
    assert [
        kind
        for _a, kind in letters.letters_of_day(
            user=caseworker, day=NOW.date(), everyone=False
        )
    ] == ["invitation"]
    # the Friday before it would have had the reminder
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        found = letters.letters_of_day(
            user=caseworker, day=dt.date(2026, 6, 5), everyone=True
        )
    assert found == []


def test_people_with_a_channel_get_no_letter(
    booked: Appointment, caseworker: User
) -> None:
    assert letters.letters_of_day(user=caseworker, day=NOW.date(), everyone=True) == []


def test_the_batch_is_one_pdf(
    without_channels: Jobseeker, booked: Appointment, client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    answer = client.get(
        reverse("appointments:letters"), {"day": "2026-06-08", "who": "mine"}
    )
    assert answer.status_code == 200
    assert "9.6.2026" in pdf_text(answer.content)


def test_a_day_without_letters_says_so(client: Client, caseworker: User) -> None:
    sign_in(client, caseworker)
    answer = client.get(
        reverse("appointments:letters"), {"day": "2026-06-08", "who": "mine"}
    )
    assert answer.status_code == 302
