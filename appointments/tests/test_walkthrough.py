"""Issue 22's "Done means", tried as a new user would, through the pages.

The clock stands on Monday 8 June 2026 at 14.30 in Helsinki and moves as the
story does. A caseworker books a Swedish-speaking jobseeker's initial
interview from the worklist; the invitation goes over real SMTP to a local
server (aiosmtpd) and the text message to the development page, both in
Swedish; the person confirms through the link; the reminder goes at 16.00
on the working day before, and a reminder due in the quiet hours waits for
the morning; attendance marked held opens the interview form, whose saving
completes the step; a team lead books 50 initial interviews in one run.
"""

from __future__ import annotations

import datetime as dt
import email
import re
from email.policy import default as default_policy
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse

from appointments.models import Appointment, AppointmentAnswer
from appointments.rules import HELSINKI
from appointments.tasks import appointment_reminders_prepare_task
from cases.models import CaseEvent, ProcessStep
from messaging.models import Message
from messaging.tasks import messages_send_due_task
from messaging.tests import conftest as messaging_fixtures
from tests.personas import sign_in

if TYPE_CHECKING:
    from collections.abc import Iterator
    from email.message import EmailMessage

    from django.test import Client

    from accounts.models import User
    from appointments.models import WeeklyHours
    from cases.models import Case
    from messaging.tests.conftest import Mailbox
    from tests.personas import Register

pytestmark = pytest.mark.django_db

# A real SMTP server on a free local port (messaging's tests use the same).
smtp_server = messaging_fixtures.smtp_server


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=HELSINKI)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Monday 8 June 2026, 14.30: a working day, the clock standing still."""
    with time_machine.travel(at(8, 14, 30), tick=False) as traveller:
        yield traveller


@pytest.fixture
def configured(settings: Any) -> None:
    """As in production: reminders from 16.00, quiet hours 21–8 (the test
    settings switch them off), text messages on the development page."""
    settings.POLKU_REMINDER_HOUR = 16
    settings.POLKU_MESSAGE_QUIET_FROM_HOUR = 21
    settings.POLKU_MESSAGE_QUIET_UNTIL_HOUR = 8
    settings.POLKU_SMS_BACKEND = "development"


def mails_to(mailbox: Mailbox, address: str) -> list[EmailMessage]:
    return [
        email.message_from_bytes(
            envelope.original_content or b"", policy=default_policy
        )
        for envelope in mailbox.envelopes
        if address in envelope.rcpt_tos
    ]


def text_of(mail: EmailMessage) -> str:
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def book_from_worklist(
    client: Client, case: Case, on_commit: Any
) -> tuple[Appointment, str]:
    """The caseworker's way: the worklist line's "Book" link, the first free
    time proposed, the booking form as that time fills it in. Returns the
    appointment and the proposed time as the page shows it."""
    step = ProcessStep.objects.get(case=case, kind="initial_interview")
    worklist = client.get(reverse("cases:worklist"))
    book_url = reverse("appointments:book", args=[step.pk])
    assert f'<a href="{book_url}">' in worklist.content.decode()
    page = client.get(book_url)
    first = page.context["proposals"][0]
    form = client.get(first["url"]).context["form"]
    # What the browser sends: the form's fields as filled in, empty ones empty
    data = {name: form[name].value() or "" for name in form.fields}
    with on_commit(execute=True):
        booked = client.post(book_url, data)
    assert booked.status_code == 302, booked.context["form"].errors
    return Appointment.objects.get(step=step), f"{first['day']} {first['time']}"


def test_done_means_as_a_new_user_would_try_it(
    client: Client,
    clock: time_machine.Traveller,
    configured: None,
    smtp_server: Mailbox,
    caseworker: User,
    team_lead: User,
    hours: list[WeeklyHours],
    register: Register,
    django_capture_on_commit_callbacks: Any,
) -> None:
    on_commit = django_capture_on_commit_callbacks
    # given: a Swedish-speaking jobseeker registered on Friday 29 May, her
    # initial interview due by Friday 12 June (10 working days, 380/2023)
    swede = register(
        dt.date(2026, 5, 29),
        first_names="Testi",
        last_name="Svenskbacka",
        mother_tongue="sv",
        email="testi.svenskbacka@example.invalid",
        phone="+358 40 000 0000",
    )
    interview = ProcessStep.objects.get(case=swede, kind="initial_interview")
    assert interview.due_on == dt.date(2026, 6, 12)

    # --- The caseworker books from the worklist, within the deadline -------
    sign_in(client, caseworker)
    appointment, shown = book_from_worklist(client, swede, on_commit)
    assert shown == "9.6.2026 9.00"  # Tuesday: the hours (9–12) of today are over
    assert appointment.during.lower == at(9, 9)
    assert appointment.during.lower.date() <= interview.due_on

    # The e-mail arrived over SMTP, in Swedish, with the calendar entry
    (invitation,) = mails_to(smtp_server, "testi.svenskbacka@example.invalid")
    # (Django folds the encoded subject onto a line of its own, which
    # Python's parser reads with the fold's space in front.)
    assert invitation["Subject"].strip() == (
        "Besök hos sysselsättningstjänsterna den 9.6.2026 kl. 9.00"
    )
    body = text_of(invitation)
    assert "Testikatu 1, 85100 Kalajoki" in body
    assert "Svenskbacka" not in body
    assert swede.jobseeker.identity_code not in body
    (ics,) = list(invitation.iter_attachments())
    assert ics.get_content_type() == "text/calendar"
    calendar = ics.get_content()
    assert "METHOD:REQUEST" in calendar
    assert "DTSTART:20260609T060000Z" in calendar  # 9.00 in Helsinki

    # The text message is on the development page, in Swedish
    messages_page = client.get(reverse("messaging:development")).content.decode()
    sms = Message.objects.get(
        idempotency_key=f"appointment:{appointment.pk}:invitation:sms"
    )
    assert sms.status == Message.Status.SENT
    assert sms.language == "sv"
    assert "+358400000000" in messages_page
    assert "Bekräfta eller byt tid:" in messages_page

    # --- The jobseeker confirms through the link in the e-mail -------------
    link = re.search(r"http://\S+/answer/\S+/", body)
    assert link is not None
    jobseeker_phone = type(client)()
    path = urlsplit(link.group(0)).path
    answer_page = jobseeker_phone.get(path)
    assert answer_page.status_code == 200
    assert '<html lang="sv">' in answer_page.content.decode()
    assert "9.6.2026" in answer_page.content.decode()
    confirmed = jobseeker_phone.post(path, {"kind": "confirmed", "message": ""})
    assert confirmed.status_code == 302
    assert AppointmentAnswer.objects.get(appointment=appointment).kind == "confirmed"

    # --- The reminder goes at 16.00 on the working day before --------------
    clock.move_to(at(8, 15, 45))
    with on_commit(execute=True):
        assert appointment_reminders_prepare_task.delay().get() == 0
    clock.move_to(at(8, 16, 0))
    with on_commit(execute=True):
        assert appointment_reminders_prepare_task.delay().get() == 2
    _invitation, reminder = mails_to(smtp_server, "testi.svenskbacka@example.invalid")
    assert reminder["Subject"].strip() == (
        "Påminnelse: tid hos sysselsättningstjänsterna den 9.6.2026 kl. 9.00"
    )
    assert "9.6.2026" in text_of(reminder)
    assert list(reminder.iter_attachments()) == []
    assert Message.objects.get(
        idempotency_key=f"appointment:{appointment.pk}:reminder:sms"
    ).status == (Message.Status.SENT)
    # the beat's next run sends nothing twice
    clock.move_to(at(8, 16, 15))
    with on_commit(execute=True):
        assert appointment_reminders_prepare_task.delay().get() == 0
    assert len(mails_to(smtp_server, "testi.svenskbacka@example.invalid")) == 2

    # --- A reminder that falls in the quiet hours waits for the morning ----
    # A time booked late in the evening for the next morning: the invitation
    # leaves before 21.00, the reminder prepared at 21.00 waits until 8.00.
    late = register(
        dt.date(2026, 5, 29),
        first_names="Testi",
        last_name="Iltanen",
        email="testi.iltanen@example.invalid",
    )
    clock.move_to(at(8, 20, 55))
    sign_in(client, caseworker)  # the session of the afternoon has lapsed
    late_appointment, shown = book_from_worklist(client, late, on_commit)
    assert shown == "9.6.2026 10.00"
    assert len(mails_to(smtp_server, "testi.iltanen@example.invalid")) == 1
    clock.move_to(at(8, 21, 0))
    with on_commit(execute=True):
        assert appointment_reminders_prepare_task.delay().get() == 1
    late_reminder = Message.objects.get(
        idempotency_key=f"appointment:{late_appointment.pk}:reminder:email"
    )
    assert late_reminder.status == Message.Status.QUEUED
    assert late_reminder.next_try_at == at(9, 8, 0)
    clock.move_to(at(9, 7, 59))
    with on_commit(execute=True):
        messages_send_due_task.delay().get()
    assert len(mails_to(smtp_server, "testi.iltanen@example.invalid")) == 1
    clock.move_to(at(9, 8, 0))
    with on_commit(execute=True):
        messages_send_due_task.delay().get()
    late_mails = mails_to(smtp_server, "testi.iltanen@example.invalid")
    assert len(late_mails) == 2
    assert "Muistutamme" in text_of(late_mails[1])

    # --- Attendance: held opens the interview form, prefilled --------------
    clock.move_to(at(9, 9, 50))
    sign_in(client, caseworker)
    calendar_page = client.get(reverse("appointments:calendar"))
    attendance_url = reverse("appointments:attendance", args=[appointment.pk])
    assert f'href="{attendance_url}"' in calendar_page.content.decode()
    held = client.post(attendance_url, {"outcome": "held"})
    assert held.status_code == 302
    interview_form = client.get(held["Location"]).context["form"]
    assert interview_form.initial["kind"] == "initial_interview"
    assert interview_form.initial["held_on"] == "2026-06-09"
    assert interview_form.initial["channel"] == "office"
    saved = client.post(held["Location"], {**interview_form.initial, "summary": ""})
    assert saved.status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.completed_on) == ("done", dt.date(2026, 6, 9))
    # on the timeline: the attendance, who marked it, and the meeting
    page = client.get(
        reverse("cases:jobseeker", args=[swede.jobseeker_id]),
        HTTP_ACCEPT_LANGUAGE="fi",
    ).content.decode()
    assert (
        "Varattu tapaaminen merkitty pidetyksi: Alkuhaastattelu 9.6.2026 klo 9.00 "
        "(Kasvokkain)"
    ) in page
    assert CaseEvent.objects.filter(
        case=swede, kind="appointment_held", actor=caseworker
    ).exists()
    assert CaseEvent.objects.filter(case=swede, kind="meeting_held").exists()

    # --- A team lead books 50 unbooked initial interviews in one run -------
    clock.move_to(at(9, 13, 0))
    newcomers = [
        register(dt.date(2026, 6, 9), first_names="Testi", last_name=f"Uusi{n:02d}")
        for n in range(50)
    ]
    sign_in(client, team_lead)
    worklist = client.get(reverse("cases:worklist"), {"bucket": "later"})
    selected = re.findall(
        r'name="step" value="(\d+)" form="bulk-book"', worklist.content.decode()
    )
    assert len(selected) == 50
    with on_commit(execute=True):
        started = client.post(
            reverse("appointments:bulk_book"),
            {"step": selected, "who": "assigned", "length": "30"},
        )
    assert started.status_code == 302
    result = client.get(started["Location"], HTTP_ACCEPT_LANGUAGE="fi")
    run = result.context["run"]
    assert (run.status, run.booked, run.not_booked) == ("done", 50, 0)
    assert len(result.context["results"]) == 50
    assert "50 alkuhaastattelua varattu." in result.content.decode()
    booked = Appointment.objects.filter(case__in=newcomers)
    assert booked.count() == 50
    assert all(
        a.step is not None and a.during.lower.date() <= a.step.due_on
        for a in booked.select_related("step")
    )
