"""The worklist shows each line's booking state from its page statement:
booked, invited once the invitation went out, and the same number of
statements as without appointments (issue 21)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appointments.models import Appointment
from messaging.models import Message

from .conftest import NOW
from .test_services import at, book

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Place, WeeklyHours
    from cases.models import ProcessStep

pytestmark = pytest.mark.django_db


def _worklist(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:worklist"))
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_booking_states_come_with_the_page_statement(
    client: Client,
    step: ProcessStep,
    caseworker: User,
    office: Place,
    hours: list[WeeklyHours],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: the caseworker's worklist without any appointment
    client.force_login(caseworker)
    _worklist(client)  # the session's first request reads the access
    page, before = _worklist(client)
    assert "<td>Ei varattu<br>" in page

    # when: a time is booked, its invitation not yet sent
    with django_capture_on_commit_callbacks(execute=False):
        appointment = book(step, caseworker, office, at(9, 10))
    page, booked = _worklist(client)

    # then: the line says booked, with no statement more
    assert Appointment.objects.get().status == "booked"
    assert "<td>Varattu</td>" in page
    assert booked == before

    # when: the invitation has gone out
    Message.objects.filter(
        idempotency_key__startswith=f"appointment:{appointment.pk}:invitation:"
    ).update(status=Message.Status.SENT, sent_at=NOW)
    page, invited = _worklist(client)

    # then
    assert "<td>Varattu, kutsu lähetetty</td>" in page
    assert invited == before
