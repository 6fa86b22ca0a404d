"""Booking through the service: the appointment, its refusals, its invitation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from psycopg.types.range import Range

from appointments import services
from appointments.models import Absence, Appointment
from appointments.rules import HELSINKI
from messaging.models import Message

from .conftest import NOW

if TYPE_CHECKING:
    from accounts.models import User
    from appointments.models import Place, WeeklyHours
    from cases.models import ProcessStep

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=HELSINKI)


def book(
    step: ProcessStep,
    caseworker: User,
    office: Place,
    starts_at: dt.datetime,
    **kw: object,
) -> Appointment:
    return services.appointment_book(
        step=step,
        caseworker=caseworker,
        starts_at=starts_at,
        length=kw.pop("length", HOUR),  # type: ignore[arg-type]
        place=office,
        late_reason=str(kw.pop("late_reason", "")),
        actor=caseworker,
        now=NOW,
    )


def test_booking_links_the_step_and_invites_in_the_jobseekers_language(
    step: ProcessStep,
    caseworker: User,
    office: Place,
    hours: list[WeeklyHours],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # when: booked, and the transaction committed
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(step, caseworker, office, at(9, 10))

    # then: booked face to face at the office, linked to the step
    appointment.refresh_from_db()
    assert appointment.step_id == step.pk
    assert appointment.channel == "face_to_face"
    assert appointment.status == "booked"
    assert appointment.during.lower == at(9, 10)
    # and: an e-mail and a text message in Swedish, sent once each
    messages = {m.channel: m for m in Message.objects.all()}
    assert set(messages) == {"email", "sms"}
    assert {m.language for m in messages.values()} == {"sv"}
    assert {m.status for m in messages.values()} == {"sent"}
    assert messages["sms"].recipient == "+358400000000"
    assert (
        messages["email"].idempotency_key
        == f"appointment:{appointment.pk}:invitation:email"
    )
    (email,) = mail.outbox
    assert email.to == ["testi.henkilo@example.invalid"]
    assert "9.6.2026" in email.subject
    assert "Testikatu 1" in email.body
    assert "Hej" in email.body
    ics = email.attachments[0]
    assert ics[2].startswith("text/calendar")
    assert b"DTSTART:20260609T070000Z" in (
        ics[1] if isinstance(ics[1], bytes) else ics[1].encode()
    )
    # no identity code anywhere in what went out
    assert "identity" not in str(messages["email"].context)


def test_a_double_booking_is_refused_in_the_users_language(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> None:
    # given: 10–11 on Tuesday booked
    book(step, caseworker, office, at(9, 10))

    # when: 10.30 is booked for the same caseworker, in a Finnish session
    with translation.override("fi"), pytest.raises(ValidationError) as refusal:
        book(step, caseworker, office, at(9, 10, 30), length=dt.timedelta(minutes=30))

    # then
    assert refusal.value.messages == [
        "Työntekijällä on jo tapaaminen tähän aikaan. Valitse toinen aika."
    ]
    assert Appointment.objects.count() == 1


def test_the_database_refuses_overlapping_live_appointments(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> None:
    first = book(step, caseworker, office, at(9, 10))
    duplicate = Appointment(
        organisation_id=first.organisation_id,
        caseworker=caseworker,
        jobseeker_id=first.jobseeker_id,
        case_id=first.case_id,
        during=Range(at(9, 10, 59), at(9, 11, 30), "[)"),
        channel="face_to_face",
        place=office,
        booked_by=caseworker,
    )

    with (
        pytest.raises(IntegrityError, match="appointment_no_double_booking"),
        transaction.atomic(),
    ):
        duplicate.save()


def test_a_cancelled_appointment_frees_its_time(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> None:
    first = book(step, caseworker, office, at(9, 10))
    Appointment.objects.filter(pk=first.pk).update(status=Appointment.Status.CANCELLED)

    second = book(step, caseworker, office, at(9, 10))

    assert second.pk != first.pk


def test_past_outside_hours_and_late_times_are_refused(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        book(step, caseworker, office, at(8, 7))
    assert refusal.value.messages == [
        "The time is in the past. Choose a later time.",
        "The time is outside the caseworker's bookable hours. Choose one of the "
        "free times or a time within bookable hours.",
    ]

    with translation.override("sv"), pytest.raises(ValidationError) as late:
        book(step, caseworker, office, at(15, 9))
    assert len(late.value.messages) == 1
    assert "lagstadgade" in late.value.messages[0]


def test_a_late_time_with_a_reason_is_booked_and_keeps_the_reason(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> None:
    appointment = book(
        step, caseworker, office, at(15, 9), late_reason="Asiakkaan toive"
    )

    assert appointment.late_reason == "Asiakkaan toive"


def test_an_absence_day_is_outside_bookable_hours(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> None:
    Absence.objects.create(
        caseworker=caseworker,
        starts_on=dt.date(2026, 6, 9),
        ends_on=dt.date(2026, 6, 10),
    )

    with pytest.raises(ValidationError):
        book(step, caseworker, office, at(9, 10))


def test_cancelling_frees_the_time_and_tells_the_jobseeker(
    step: ProcessStep,
    caseworker: User,
    office: Place,
    hours: list[WeeklyHours],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: a booking whose invitation went out
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(step, caseworker, office, at(9, 10))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel(appointment=appointment, actor=caseworker, now=NOW)

    # then: the time is free again and the cancellation went in Swedish
    assert Appointment.objects.get().status == "cancelled"
    assert book(step, caseworker, office, at(9, 10)).status == "booked"
    cancellations = Message.objects.filter(idempotency_key__contains=":cancellation:")
    assert {m.channel for m in cancellations} == {"email", "sms"}
    email = mail.outbox[-1]
    assert "inställt" in email.subject
    assert email.attachments == []


def test_only_a_booked_appointment_can_be_cancelled(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> None:
    appointment = book(step, caseworker, office, at(9, 10))
    services.appointment_cancel(appointment=appointment, actor=caseworker, now=NOW)

    with pytest.raises(ValidationError):
        services.appointment_cancel(appointment=appointment, actor=caseworker, now=NOW)
