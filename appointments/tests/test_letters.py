"""Letters for people with neither e-mail nor a mobile number: outbox
messages of channel "letter", printed one by one or as a day's batch in the
background, each print on the timeline and in the access log, in the
jobseeker's language and without identity code."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.urls import reverse

from appointments import letters, services
from appointments.models import LetterRun
from audit.models import AccessLog
from cases.models import CaseEvent, Jobseeker
from messaging import services as outbox
from messaging.models import Message
from tests.personas import sign_in

from .conftest import NOW

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Appointment, Place, WeeklyHours
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


def letter_events(jobseeker_id: int) -> list[dict[str, Any]]:
    return [
        event.details
        for event in CaseEvent.objects.filter(
            jobseeker_id=jobseeker_id, kind="message_sent"
        ).order_by("id")
    ]


def test_booking_queues_a_letter_that_no_worker_sends(
    without_channels: Jobseeker, booked: Appointment
) -> None:
    (message,) = Message.objects.all()
    assert (message.channel, message.status) == ("letter", "queued")
    assert message.idempotency_key == f"appointment:{booked.pk}:invitation:letter"
    assert message.recipient.splitlines() == [
        f"{without_channels.first_names} {without_channels.last_name}",
        "Testitie 5",
        "85100 Kalajoki",
    ]
    assert message.shown_status == "Tulostettavana"

    # the minute's sweep leaves it for the printer
    assert outbox.messages_send_due(now=NOW + dt.timedelta(minutes=5)) == {}
    assert outbox.message_send(message_id=message.pk) == ""
    assert Message.objects.get().status == "queued"


def test_the_invitation_letter_is_in_swedish_and_recorded_printed(
    without_channels: Jobseeker, booked: Appointment, client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    url = reverse("appointments:letter", args=[booked.pk])

    answer = client.post(url, {"kind": "invitation"})

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "9.6.2026" in text
    assert "Testitie 5" in text
    assert "sysselsättningstjänsterna" in text
    assert without_channels.identity_code not in text
    assert "Svara inte" not in text  # a letter says nothing of replying
    message = Message.objects.get(channel="letter")
    assert (message.status, message.shown_status) == ("sent", "Tulostettu")
    assert letter_events(without_channels.pk) == [
        {"message": "invitation", "channel": "letter", "status": "printed"}
    ]
    assert AccessLog.objects.filter(
        action="pdf", object_type="appointments.Appointment", object_id=booked.pk
    ).exists()
    assert AccessLog.objects.filter(
        action="message", object_type="messaging.Message", object_id=message.pk
    ).exists()
    # a reprint is the same letter, not a second one on the timeline
    assert client.post(url, {"kind": "invitation"}).status_code == 200
    assert len(letter_events(without_channels.pk)) == 1


def test_a_letter_can_be_printed_after_a_message_failed(
    booked: Appointment, step: ProcessStep, caseworker: User
) -> None:
    # given: a jobseeker with e-mail and phone, whose invitation failed
    Jobseeker.objects.filter(pk=step.jobseeker_id).update(address="Testitie 5")

    # when: the caseworker prints the invitation on paper
    message = services.appointment_letter_print(
        appointment=booked, kind="invitation", user=caseworker, now=NOW
    )

    # then: a third message of the invitation, by letter, recorded printed
    assert (message.channel, message.status) == ("letter", "sent")
    assert Message.objects.filter(channel__in=["email", "sms"]).count() == 2
    assert letter_events(step.jobseeker_id) == [
        {"message": "invitation", "channel": "letter", "status": "printed"}
    ]


def _run_batch(
    client: Client, day: str, django_capture_on_commit_callbacks: Any
) -> LetterRun:
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("appointments:letters"), {"day": day, "who": "mine"}
        )
    run = LetterRun.objects.latest("id")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("appointments:letter_run", args=[run.pk])
    return run


def test_the_days_letters_are_one_pdf_made_in_the_background(
    without_channels: Jobseeker,
    booked: Appointment,
    client: Client,
    caseworker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_in(client, caseworker)

    # when: Monday's letters are printed (booked on Monday for Tuesday)
    run = _run_batch(client, "2026-06-08", django_capture_on_commit_callbacks)

    # then: the run is done with one letter, the invitation (a reminder of
    # the same appointment in the same envelope would say it again)
    run.refresh_from_db()
    assert (run.status, run.letters, run.progress_done) == ("done", 1, 1)
    page = client.get(reverse("appointments:letter_run", args=[run.pk]))
    assert "Lataa kirjeet (PDF)" in page.content.decode()
    pdf = client.get(reverse("appointments:letter_run_pdf", args=[run.pk]))
    assert pdf.status_code == 200
    assert "9.6.2026" in pdf_text(pdf.content)
    assert letter_events(without_channels.pk) == [
        {"message": "invitation", "channel": "letter", "status": "printed"}
    ]
    assert AccessLog.objects.filter(
        action="pdf", object_type="messaging.Message", jobseeker_id=without_channels.pk
    ).exists()


def test_the_batch_of_the_day_before_has_the_reminder(
    without_channels: Jobseeker,
    step: ProcessStep,
    caseworker: User,
    office: Place,
    hours: list[WeeklyHours],
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: booked on Monday for Wednesday, Monday's letters printed
    appointment = services.appointment_book(
        step=step,
        caseworker=caseworker,
        starts_at=NOW.replace(day=10, hour=10),
        length=dt.timedelta(hours=1),
        place=office,
        late_reason="",
        actor=caseworker,
        now=NOW,
    )
    sign_in(client, caseworker)
    _run_batch(client, "2026-06-08", django_capture_on_commit_callbacks)

    # when: Tuesday's letters are printed, before the reminder hour
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        sign_in(client, caseworker)
        run = _run_batch(client, "2026-06-09", django_capture_on_commit_callbacks)

    # then: the reminder alone (the invitation went on Monday)
    run.refresh_from_db()
    assert run.letters == 1
    assert Message.objects.get(pk=run.message_ids[0]).idempotency_key == (
        f"appointment:{appointment.pk}:reminder:letter"
    )
    assert [e["message"] for e in letter_events(without_channels.pk)] == [
        "invitation",
        "reminder",
    ]


def test_a_letter_not_printed_on_its_day_is_in_the_next_batch(
    without_channels: Jobseeker, booked: Appointment, caseworker: User
) -> None:
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        # Friday's batch knows nothing of Monday's booking
        assert not letters.letter_messages_of_day(
            user=caseworker, day=dt.date(2026, 6, 5), everyone=True
        ).exists()
    # Monday's letter, never printed, is still waiting on Monday night...
    Message.objects.update(created_at=NOW - dt.timedelta(days=3))
    found = letters.letter_messages_of_day(
        user=caseworker, day=NOW.date(), everyone=False
    )
    assert [m.idempotency_key for m in found] == [
        f"appointment:{booked.pk}:invitation:letter"
    ]
    # ... but not once the appointment is past
    assert not letters.letter_messages_of_day(
        user=caseworker, day=dt.date(2026, 6, 9), everyone=False
    ).exists()


def test_people_with_a_channel_get_no_letter(
    booked: Appointment, caseworker: User
) -> None:
    assert not letters.letter_messages_of_day(
        user=caseworker, day=NOW.date(), everyone=True
    ).exists()


def test_a_day_without_letters_says_so(
    client: Client, caseworker: User, django_capture_on_commit_callbacks: Any
) -> None:
    sign_in(client, caseworker)
    run = _run_batch(client, "2026-06-08", django_capture_on_commit_callbacks)

    page = client.get(reverse("appointments:letter_run", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.error) == ("done", "")
    assert "Päivältä ei ole tulostettavia kirjeitä." in page.content.decode()
    assert (
        client.get(reverse("appointments:letter_run_pdf", args=[run.pk])).status_code
        == 404
    )


def test_someone_elses_batch_is_not_found(
    client: Client,
    caseworker: User,
    team_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_in(client, caseworker)
    run = _run_batch(client, "2026-06-08", django_capture_on_commit_callbacks)

    sign_in(client, team_lead)
    assert (
        client.get(reverse("appointments:letter_run", args=[run.pk])).status_code == 404
    )


def test_my_calendar_lists_the_batches_in_a_fixed_number_of_queries(
    client: Client,
    caseworker: User,
    hours: list[WeeklyHours],
    django_assert_max_num_queries: Any,
) -> None:
    def batch(day: int) -> None:
        LetterRun.objects.create(
            requested_by=caseworker, day=dt.date(2026, 6, day), status="done"
        )

    sign_in(client, caseworker)
    batch(1)
    client.get(reverse("appointments:calendar"))
    with django_assert_max_num_queries(40) as one:
        page = client.get(reverse("appointments:calendar"))
    assert page.status_code == 200
    for day in range(2, 8):
        batch(day)

    # then: five batches listed (the latest), for no more queries than one
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("appointments:calendar"))
    assert page.content.decode().count('href="/work/appointments/letters/') == 5


def test_the_worklist_says_invited_once_the_letter_is_printed(
    without_channels: Jobseeker,
    booked: Appointment,
    step: ProcessStep,
    caseworker: User,
) -> None:
    from appointments.selectors import BOOKED, INVITED, booking_states

    assert booking_states(step_ids=[step.pk]) == {step.pk: BOOKED}
    services.appointment_letter_print(
        appointment=booked, kind="invitation", user=caseworker, now=NOW
    )
    assert booking_states(step_ids=[step.pk]) == {step.pk: INVITED}


def test_a_batch_that_breaks_fails_visibly_in_the_users_language(
    without_channels: Jobseeker,
    booked: Appointment,
    caseworker: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from appointments import tasks

    def broken(*args: object, **kwargs: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(letters, "letters_pdf_in_parts", broken)
    run = services.letter_run_request(
        user=caseworker, day=NOW.date(), who="mine", language="sv"
    )

    with pytest.raises(OSError, match="disk full"):
        tasks.letter_run_task(run.pk)

    # then: failed with the reason in Swedish, and no letter recorded printed
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error.startswith("Breven kunde inte skrivas ut.")
    assert Message.objects.get(channel="letter").status == "queued"
