"""Attendance closes the loop: held opens the meeting's record form, missed
or cancelled adds a step to book again and offers the benefit information."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from appointments import services
from appointments.models import Appointment
from appointments.rules import HELSINKI
from audit.models import AccessLog
from cases.models import CaseEvent, Meeting, ProcessStep
from messaging.models import Message
from tests.personas import sign_in

from .conftest import NOW

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Place, WeeklyHours

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
# Tuesday 9 June 2026 at 10.00, an hour booked; marked at 11.30.
AFTER = dt.datetime(2026, 6, 9, 11, 30, tzinfo=HELSINKI)


@pytest.fixture
def appointment(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> Appointment:
    return services.appointment_book(
        step=step,
        caseworker=caseworker,
        starts_at=dt.datetime(2026, 6, 9, 10, tzinfo=HELSINKI),
        length=HOUR,
        place=office,
        late_reason="",
        actor=caseworker,
        now=NOW,
    )


def url(appointment: Appointment) -> str:
    return reverse("appointments:attendance", args=[appointment.pk])


def test_held_opens_the_interview_form_prefilled_and_saving_completes_the_step(
    client: Client, caseworker: User, appointment: Appointment, step: ProcessStep
) -> None:
    with time_machine.travel(AFTER, tick=False):
        sign_in(client, caseworker)
        # when: marked held
        response = client.post(url(appointment), {"outcome": "held"})
        # then: the initial interview form, with the date and channel
        assert response.status_code == 302
        target = urlsplit(response["Location"])
        assert target.path == reverse("cases:meeting_create", args=[step.case_id])
        assert parse_qs(target.query) == {
            "kind": ["initial_interview"],
            "held_on": ["2026-06-09"],
            "channel": ["office"],
        }
        form = client.get(response["Location"]).context["form"]
        assert form.initial["held_on"] == "2026-06-09"
        assert form.initial["channel"] == "office"
        assert form.initial["kind"] == "initial_interview"
        # when: the form is saved as it opened
        saved = client.post(
            response["Location"],
            {**form.initial, "summary": ""},
        )
    assert saved.status_code == 302
    appointment.refresh_from_db()
    step.refresh_from_db()
    assert appointment.status == "held"
    assert step.status == "done"
    assert step.completed_on == dt.date(2026, 6, 9)
    meeting = Meeting.objects.get(step=step)
    assert (meeting.kind, meeting.channel) == ("initial_interview", "office")
    assert not ProcessStep.objects.filter(case=step.case, kind="rebooking").exists()


def test_a_no_show_adds_a_rebooking_step_and_offers_the_benefit_information(
    client: Client, caseworker: User, appointment: Appointment, step: ProcessStep
) -> None:
    with time_machine.travel(AFTER, tick=False):
        sign_in(client, caseworker)
        response = client.post(url(appointment), {"outcome": "no_show"})
        assert response.status_code == 302
        page = client.get(url(appointment), HTTP_ACCEPT_LANGUAGE="fi")

    appointment.refresh_from_db()
    assert appointment.status == "no_show"
    # 5 working days from Tuesday 9 June: Tuesday 16 June (rebooking/2025-01-01)
    rebooking = ProcessStep.objects.get(case=step.case, kind="rebooking")
    assert (rebooking.due_on, rebooking.rule_code) == (
        dt.date(2026, 6, 16),
        "rebooking/2025-01-01",
    )
    assert rebooking.assignee_id == caseworker.pk
    # the interview is still to be held
    step.refresh_from_db()
    assert step.status == "open"
    # the page offers both follow-ups, in Finnish
    assert page.context["rebooking"] == rebooking
    offer = urlsplit(page.context["benefit_notice_url"])
    query = parse_qs(offer.query)
    assert query["kind"] == ["missed_meeting"]
    assert query["description"] == [
        "Alkuhaastattelu 9.6.2026 klo 10.00 (Kasvokkain): Ei saapunut."
    ]
    assert reverse("appointments:book", args=[rebooking.pk]) in page.content.decode()
    form = client.get(page.context["benefit_notice_url"]).context["form"]
    assert form.initial["kind"] == "missed_meeting"


def test_booking_from_the_rebooking_step_books_the_missed_interview_and_completes_it(
    caseworker: User,
    appointment: Appointment,
    step: ProcessStep,
    office: Place,
) -> None:
    services.appointment_attendance_record(
        appointment=appointment, outcome="no_show", actor=caseworker, now=AFTER
    )
    rebooking = ProcessStep.objects.get(case=step.case, kind="rebooking")

    again = services.appointment_book(
        step=rebooking,
        caseworker=caseworker,
        starts_at=dt.datetime(2026, 6, 11, 9, tzinfo=HELSINKI),
        length=HOUR,
        place=office,
        late_reason="",
        actor=caseworker,
        now=AFTER,
    )

    assert again.step_id == step.pk
    rebooking.refresh_from_db()
    assert (rebooking.status, rebooking.completed_on) == ("done", dt.date(2026, 6, 9))


def test_a_cancellation_tells_the_jobseeker_and_adds_one_rebooking_step(
    caseworker: User, appointment: Appointment, step: ProcessStep
) -> None:
    first = services.appointment_attendance_record(
        appointment=appointment, outcome="cancelled", actor=caseworker, now=NOW
    )

    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert first is not None
    assert first.kind == "rebooking"
    assert Message.objects.filter(
        idempotency_key=f"appointment:{appointment.pk}:cancellation:email"
    ).exists()


@pytest.mark.parametrize("outcome", ["held", "no_show"])
def test_held_or_missed_cannot_be_recorded_before_the_start(
    client: Client, caseworker: User, appointment: Appointment, outcome: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        sign_in(client, caseworker)
        response = client.post(
            url(appointment), {"outcome": outcome}, HTTP_ACCEPT_LANGUAGE="sv"
        )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Mötet har inte börjat ännu. Närvaron kan registreras när mötet har "
        "börjat; en annullering när som helst."
    ]
    appointment.refresh_from_db()
    assert appointment.status == "booked"


def test_attendance_is_recorded_once(
    caseworker: User, appointment: Appointment
) -> None:
    services.appointment_attendance_record(
        appointment=appointment, outcome="no_show", actor=caseworker, now=AFTER
    )
    with pytest.raises(ValidationError):
        services.appointment_attendance_record(
            appointment=appointment, outcome="held", actor=caseworker, now=AFTER
        )


def test_the_page_is_logged_and_another_organisation_gets_a_404(
    client: Client,
    caseworker: User,
    other_municipality_caseworker: User,
    appointment: Appointment,
) -> None:
    sign_in(client, caseworker)
    assert client.get(url(appointment)).status_code == 200
    assert AccessLog.objects.filter(
        user=caseworker, jobseeker_id=appointment.jobseeker_id
    ).exists()

    sign_in(client, other_municipality_caseworker)
    assert client.get(url(appointment)).status_code == 404
    assert client.post(url(appointment), {"outcome": "held"}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


@pytest.mark.parametrize(
    ("outcome", "language", "line"),
    [
        (
            "held",
            "fi",
            "Varattu tapaaminen merkitty pidetyksi: Alkuhaastattelu 9.6.2026 "
            "klo 10.00 (Kasvokkain)",
        ),
        (
            "no_show",
            "sv",
            "Kom inte till det bokade besöket: Inledande intervju 9.6.2026 "
            "kl. 10.00 (Personligen)",
        ),
        (
            "cancelled",
            "en",
            "Appointment cancelled: Initial interview on 9.6.2026 at 10.00 "
            "(Face to face)",
        ),
    ],
)
def test_attendance_is_on_the_timeline_with_channel_and_who_marked_it(
    client: Client,
    caseworker: User,
    appointment: Appointment,
    step: ProcessStep,
    outcome: str,
    language: str,
    line: str,
) -> None:
    # when: marked on the attendance page
    with time_machine.travel(AFTER, tick=False):
        sign_in(client, caseworker)
        assert client.post(url(appointment), {"outcome": outcome}).status_code == 302
        page = client.get(
            reverse("cases:jobseeker", args=[step.jobseeker_id]),
            HTTP_ACCEPT_LANGUAGE=language,
        )

    # then: one timeline row, by the caseworker, on the appointment's day
    event = CaseEvent.objects.get(kind=f"appointment_{outcome}")
    assert (event.actor, event.occurred_on, event.case_id) == (
        caseworker,
        dt.date(2026, 6, 9),
        step.case_id,
    )
    assert event.details == {
        "step": "initial_interview",
        "starts_at": "2026-06-09T10:00:00+03:00",
        "channel": "face_to_face",
    }
    assert f"{line} <span" in page.content.decode()
    assert f"– {caseworker.get_full_name()}</span>" in page.content.decode()


def test_a_cancellation_before_the_day_is_on_the_timeline_that_day(
    client: Client, caseworker: User, appointment: Appointment
) -> None:
    with time_machine.travel(NOW, tick=False):
        sign_in(client, caseworker)
        client.post(reverse("appointments:cancel", args=[appointment.pk]))

    event = CaseEvent.objects.get(kind="appointment_cancelled")
    assert (event.actor, event.occurred_on) == (caseworker, dt.date(2026, 6, 8))


def test_the_rebooking_step_leads_to_the_booking_page_from_the_worklist(
    client: Client, caseworker: User, appointment: Appointment, step: ProcessStep
) -> None:
    # given: a no-show, which adds a step to book again
    with time_machine.travel(AFTER, tick=False):
        sign_in(client, caseworker)
        client.post(url(appointment), {"outcome": "no_show"})
        rebooking = ProcessStep.objects.get(case=step.case, kind="rebooking")
        # when: the worklist and the jobseeker page are opened
        worklist = client.get(reverse("cases:worklist"))
        page = client.get(reverse("cases:jobseeker", args=[step.jobseeker_id]))

    # then: both show the step, its action the booking page
    book = reverse("appointments:book", args=[rebooking.pk])
    assert worklist.status_code == page.status_code == 200
    assert [row.action_url for row in worklist.context["rows"]].count(book) == 1
    assert (rebooking, book) in [(s, u) for s, _why, u in page.context["steps"]]
