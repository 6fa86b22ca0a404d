"""A sent or failed message about an appointment: on the jobseeker's
timeline and in the access log; the development page logs its reads."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appointments import services
from appointments.keys import parse_message_key
from audit.models import AccessLog
from cases.models import CaseEvent, ProcessStep
from messaging import services as outbox
from messaging.backends import SendError
from messaging.models import Message
from tests.personas import sign_in

from .conftest import NOW

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Appointment, Place, WeeklyHours
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def message_events(step: ProcessStep) -> list[tuple[str, dict[str, Any]]]:
    return [
        (event.kind, event.details)
        for event in CaseEvent.objects.filter(
            jobseeker_id=step.jobseeker_id, kind__startswith="message_"
        ).order_by("id")
    ]


def test_each_send_is_on_the_timeline_and_in_the_access_log(
    booked: Appointment, step: ProcessStep
) -> None:
    for message in Message.objects.order_by("channel"):
        outbox.message_send(message_id=message.pk)

    assert message_events(step) == [
        (
            "message_sent",
            {"message": "invitation", "channel": "email", "status": "sent"},
        ),
        ("message_sent", {"message": "invitation", "channel": "sms", "status": "sent"}),
    ]
    event = CaseEvent.objects.filter(kind="message_sent").first()
    assert event is not None
    assert (event.case_id, event.target_type, event.target_id) == (
        step.case_id,
        "appointments.Appointment",
        booked.pk,
    )
    logged = AccessLog.objects.filter(action="message")
    assert {(row.jobseeker_id, row.object_type) for row in logged} == {
        (step.jobseeker_id, "messaging.Message")
    }
    assert logged.count() == 2


def test_a_message_failed_for_good_is_on_the_timeline(
    booked: Appointment, step: ProcessStep, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: object, message: object) -> str:
        raise SendError("550 mailbox unavailable")

    monkeypatch.setattr("messaging.backends.EmailBackend.send", refuse)
    message = Message.objects.get(channel="email")
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(6):
            outbox.message_send(message_id=message.pk)
            message.refresh_from_db()
            traveller.move_to(message.next_try_at)

    assert message.status == "failed"
    assert message_events(step) == [
        (
            "message_failed",
            {"message": "invitation", "channel": "email", "status": "failed"},
        )
    ]


def test_reading_messages_on_the_development_page_is_logged(
    booked: Appointment, step: ProcessStep, client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    before = AccessLog.objects.count()

    assert client.get(reverse("messaging:development")).status_code == 200

    rows = AccessLog.objects.order_by("id")[before:]
    assert {(r.jobseeker_id, r.object_type, r.action) for r in rows} >= {
        (step.jobseeker_id, "messaging.Message", "view")
    }


def test_keys_of_other_apps_are_not_appointments() -> None:
    assert parse_message_key("appointment:12:reminder:sms") == (12, "reminder", "sms")
    assert parse_message_key("test:1:note:email") is None
    assert parse_message_key("appointment:x:reminder:sms") is None


def _book_many(
    register: Register, caseworker: User, office: Place, count: int, first: int = 0
) -> list[int]:
    """`count` people booked from Tuesday 9.6. on, three a day (the
    `first`-th time first): the ids of their queued invitations (an e-mail
    and a text message each)."""
    for n in range(first, first + count):
        case = register(
            dt.date(2026, 5, 29),
            email=f"testi{n}@example.invalid",
            phone="+358 40 000 0000",
        )
        step = ProcessStep.objects.get(
            case=case, kind=ProcessStep.Kind.INITIAL_INTERVIEW
        )
        services.appointment_book(
            step=step,
            caseworker=caseworker,
            starts_at=NOW.replace(day=9 + n // 3, hour=9 + n % 3),
            length=dt.timedelta(hours=1),
            place=office,
            late_reason="",
            actor=caseworker,
            now=NOW,
        )
    return list(Message.objects.filter(status="queued").values_list("pk", flat=True))


def _outcome_updates(queries: CaptureQueriesContext) -> int:
    return sum(
        '"messaging_message" AS m SET' in query["sql"]
        for query in queries.captured_queries
    )


def test_a_batch_is_sent_and_recorded_in_a_constant_number_of_statements(
    register: Register,
    caseworker: User,
    office: Place,
    hours: list[WeeklyHours],
    clock: None,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    # given: chunks closed by their size only (on a slow machine the timer
    # would close one early and add its statements); one person's
    # invitations, then six people's
    monkeypatch.setattr(outbox, "OUTCOME_FLUSH_SECONDS", 60)
    one = _book_many(register, caseworker, office, 1)
    with CaptureQueriesContext(connection) as single:
        assert outbox.messages_send_ids(message_ids=one) == {"sent": 2}
    many = _book_many(register, caseworker, office, 6, first=1)
    assert len(many) == 12

    # when: the six people's twelve messages are sent as one batch
    with CaptureQueriesContext(connection) as batch:
        assert outbox.messages_send_ids(message_ids=many) == {"sent": 12}

    # then: as many statements as for one person's two (claim, one UPDATE
    # of the outcomes, the appointments, the timeline, the access log)
    assert len(batch.captured_queries) == len(single.captured_queries)
    assert len(batch.captured_queries) <= 10
    assert CaseEvent.objects.filter(kind="message_sent").count() == 14
    assert AccessLog.objects.filter(action="message").count() == 14

    # when: ten more go in chunks of four, on one thread (so the chunks
    # are 4, 4 and 2)
    monkeypatch.setattr(outbox, "OUTCOME_CHUNK", 4)
    settings.POLKU_MESSAGE_SEND_CONCURRENCY = 1
    more = _book_many(register, caseworker, office, 5, first=7)
    with CaptureQueriesContext(connection) as chunked:
        assert outbox.messages_send_ids(message_ids=more) == {"sent": 10}

    # then: each chunk costs what the one chunk of a small batch did. A chunk
    # closes at four outcomes or more: the thread may finish the next send
    # before the loop looks, and then the chunk has five (4+4+2 or 5+5).
    chunks = _outcome_updates(chunked)
    assert _outcome_updates(single) == 1
    assert chunks in (2, 3)
    first = next(
        n
        for n, query in enumerate(single.captured_queries)
        if '"messaging_message" AS m SET' in query["sql"]
    )
    # the chunk's statements: its savepoint, the UPDATE and what follows
    per_chunk = len(single.captured_queries) - first + 1
    assert len(chunked.captured_queries) == (
        len(single.captured_queries) + (chunks - 1) * per_chunk
    )
    assert CaseEvent.objects.filter(kind="message_sent").count() == 24
