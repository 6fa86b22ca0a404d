"""Reminders: the working day before, at the configured hour, never in
quiet hours, paused per person, each at most once."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from psycopg.types.range import Range

from appointments import rules, services
from appointments.models import Appointment, ReminderPause
from appointments.rules import HELSINKI
from messaging.models import Message
from messaging.rendering import message_render

if TYPE_CHECKING:
    from accounts.models import User
    from appointments.models import Place
    from cases.models import ProcessStep
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("appointment_day", "reminded_on"),
    [
        (dt.date(2026, 6, 9), dt.date(2026, 6, 8)),  # Tuesday: Monday
        (dt.date(2026, 6, 8), dt.date(2026, 6, 5)),  # Monday: Friday
        # Monday after Midsummer: Thursday (the Eve is a day off)
        (dt.date(2026, 6, 22), dt.date(2026, 6, 18)),
        # Friday 2.1.2026 after New Year's Day: New Year's Eve
        (dt.date(2026, 1, 2), dt.date(2025, 12, 31)),
        # Wednesday 7.1.2026 after Epiphany (Tuesday): Monday
        (dt.date(2026, 1, 7), dt.date(2026, 1, 5)),
    ],
)
def test_the_reminder_goes_on_the_working_day_before(
    appointment_day: dt.date, reminded_on: dt.date
) -> None:
    assert rules.reminder_day(appointment_day) == reminded_on
    first, last = rules.reminder_days(reminded_on) or (None, None)
    assert first is not None
    assert last is not None
    assert first <= appointment_day <= last


def test_no_reminders_go_on_a_day_off() -> None:
    assert rules.reminder_days(dt.date(2026, 6, 19)) is None  # Midsummer Eve
    assert rules.reminder_days(dt.date(2026, 6, 20)) is None  # Saturday


@pytest.fixture
def appointment_at(step: ProcessStep, caseworker: User, office: Place) -> Any:
    def make(
        starts_at: dt.datetime, *, jobseeker_step: ProcessStep | None = None
    ) -> Appointment:
        booked = jobseeker_step or step
        return Appointment.objects.create(
            organisation_id=booked.organisation_id,
            caseworker=caseworker,
            jobseeker=booked.jobseeker,
            case_id=booked.case_id,
            step=booked,
            during=Range(starts_at, starts_at + dt.timedelta(hours=1), "[)"),
            channel=office.channel,
            place=office,
            booked_by=caseworker,
        )

    return make


def prepare(now: dt.datetime) -> int:
    with time_machine.travel(now, tick=False):
        return services.appointment_reminders_prepare(now=now)


def reminder_keys() -> set[str]:
    return set(
        Message.objects.filter(idempotency_key__contains=":reminder:").values_list(
            "idempotency_key", flat=True
        )
    )


def test_before_midsummer_the_thursday_reminds_of_monday_from_four_on(
    appointment_at: Any, settings: Any
) -> None:
    settings.POLKU_REMINDER_HOUR = 16
    monday = appointment_at(local(2026, 6, 22, 10))
    tuesday = appointment_at(local(2026, 6, 23, 10))

    # before the hour nothing is prepared
    assert prepare(local(2026, 6, 18, 15, 59)) == 0
    # at 16.00 on Thursday: Monday's appointment, by e-mail and text message
    assert prepare(local(2026, 6, 18, 16, 0)) == 2
    assert reminder_keys() == {
        f"appointment:{monday.pk}:reminder:email",
        f"appointment:{monday.pk}:reminder:sms",
    }
    # a second run, and the Friday (a day off), add nothing
    assert prepare(local(2026, 6, 18, 16, 15)) == 0
    assert prepare(local(2026, 6, 19, 16, 0)) == 0
    # Monday reminds of Tuesday
    assert prepare(local(2026, 6, 22, 16, 0)) == 2
    assert f"appointment:{tuesday.pk}:reminder:sms" in reminder_keys()


def test_the_reminder_is_in_the_jobseekers_language_without_identity_code(
    appointment_at: Any, step: ProcessStep
) -> None:
    appointment_at(local(2026, 1, 2, 9))
    prepare(local(2025, 12, 31, 16, 0))

    messages = list(Message.objects.filter(idempotency_key__contains=":reminder:"))
    assert {m.language for m in messages} == {"sv"}
    assert {m.jobseeker_id for m in messages} == {step.jobseeker_id}
    for message in messages:
        text = message_render(message)
        assert "2.1.2026" in text.body
        assert "9.00" in text.body
        assert "påminn" in text.body.lower()
        assert step.jobseeker.last_name not in text.body
        assert step.jobseeker.identity_code not in text.body
        assert text.calendar is None


def test_a_reminder_due_in_quiet_hours_waits_for_the_morning(
    appointment_at: Any, settings: Any
) -> None:
    # given: reminders configured for 22.00, quiet hours 21–8
    settings.POLKU_REMINDER_HOUR = 22
    settings.POLKU_MESSAGE_QUIET_FROM_HOUR = 21
    settings.POLKU_MESSAGE_QUIET_UNTIL_HOUR = 8
    early = appointment_at(local(2026, 6, 9, 7, 30))
    later = appointment_at(local(2026, 6, 9, 10))

    assert prepare(local(2026, 6, 8, 22, 0)) == 2

    # then: only the 10.00 appointment, not before 8.00 the next morning
    assert {m.next_try_at for m in Message.objects.all()} == {local(2026, 6, 9, 8)}
    assert all(str(later.pk) in key for key in reminder_keys())
    assert not any(f":{early.pk}:" in key for key in reminder_keys())


def test_a_paused_person_gets_no_reminder_until_resumed(
    appointment_at: Any, step: ProcessStep, caseworker: User
) -> None:
    appointment_at(local(2026, 6, 9, 10))
    services.reminders_pause(
        jobseeker=step.jobseeker, actor=caseworker, now=local(2026, 6, 1, 9)
    )
    # pausing twice keeps the first pause
    services.reminders_pause(
        jobseeker=step.jobseeker, actor=caseworker, now=local(2026, 6, 2, 9)
    )
    assert prepare(local(2026, 6, 8, 16)) == 0

    assert services.reminders_resume(
        jobseeker=step.jobseeker, actor=caseworker, now=local(2026, 6, 8, 16, 5)
    )
    assert prepare(local(2026, 6, 8, 16, 15)) == 2
    pause = ReminderPause.objects.get()
    assert (pause.paused_at, pause.paused_by, pause.resumed_by) == (
        local(2026, 6, 1, 9),
        caseworker,
        caseworker,
    )


def test_cancelled_appointments_get_no_reminder(appointment_at: Any) -> None:
    appointment = appointment_at(local(2026, 6, 9, 10))
    Appointment.objects.filter(pk=appointment.pk).update(status="cancelled")
    assert prepare(local(2026, 6, 8, 16)) == 0


def test_preparation_reads_in_constant_queries(
    appointment_at: Any,
    register: Register,
    django_assert_max_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: three appointments in batches of two
    monkeypatch.setattr(services, "REMINDER_BATCH", 2)
    for hour in (9, 10, 11):
        appointment_at(local(2026, 6, 9, hour))
    # then: per batch one SELECT, the INSERT and its read-back, the savepoints
    with django_assert_max_num_queries(16):
        assert prepare(local(2026, 6, 8, 16)) == 6


def test_the_reminder_task_is_scheduled_and_runs_the_service(
    appointment_at: Any,
) -> None:
    from django.conf import settings

    from appointments.tasks import appointment_reminders_prepare_task

    entry = settings.CELERY_BEAT_SCHEDULE["prepare-appointment-reminders"]
    assert entry["task"] == "appointments.appointment_reminders_prepare_task"
    appointment_at(local(2026, 6, 9, 10))
    with time_machine.travel(local(2026, 6, 8, 16, 15), tick=False):
        assert appointment_reminders_prepare_task.delay().get() == 2
