"""A message that failed for good: shown with its reason on the jobseeker
page, the worklist and "My calendar", and sent again on request; reminders
paused and resumed from the jobseeker page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from appointments.models import ReminderPause
from appointments.selectors import FAILED, booking_states
from messaging.models import Message
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Appointment
    from cases.models import ProcessStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(booked: Appointment) -> Message:
    message = Message.objects.get(
        idempotency_key=f"appointment:{booked.pk}:invitation:sms"
    )
    Message.objects.filter(pk=message.pk).update(
        status="failed", attempts=6, last_error="HTTP 422: b'invalid number'"
    )
    return message


def test_the_worklist_state_is_failed(failed: Message, step: ProcessStep) -> None:
    assert booking_states(step_ids=[step.pk]) == {step.pk: FAILED}


def test_the_jobseeker_page_shows_the_reason_and_resends(
    failed: Message,
    step: ProcessStep,
    client: Client,
    caseworker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_in(client, caseworker)
    page = client.get(reverse("cases:jobseeker", args=[step.jobseeker_id]))
    text = page.content.decode()
    assert "Tarkista työnhakijan yhteystiedot" in text
    assert reverse("appointments:message_resend", args=[failed.pk]) in text

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("appointments:message_resend", args=[failed.pk]))

    assert answer.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent"


def test_my_calendar_shows_the_failure_in_swedish(
    failed: Message, client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    client.post(reverse("accounts:set_language"), {"language": "sv"})
    page = client.get(reverse("appointments:calendar"), HTTP_ACCEPT_LANGUAGE="sv")
    text = page.content.decode()
    assert "inte levererat" in text
    assert "kontaktuppgifter" in text


def test_reminders_are_paused_and_resumed_from_the_jobseeker_page(
    step: ProcessStep, client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    url = reverse("appointments:reminders", args=[step.jobseeker_id])

    client.post(url, {"action": "pause"})
    page = client.get(reverse("cases:jobseeker", args=[step.jobseeker_id]))
    assert "Muistutuksia ei lähetetä" in page.content.decode()
    client.post(url, {"action": "resume"})

    pause = ReminderPause.objects.get()
    assert pause.paused_by == caseworker
    assert pause.resumed_by == caseworker


def test_another_organisations_message_is_not_found(
    failed: Message, client: Client, other_municipality_caseworker: User
) -> None:
    sign_in(client, other_municipality_caseworker)
    answer = client.post(reverse("appointments:message_resend", args=[failed.pk]))
    assert answer.status_code == 404
