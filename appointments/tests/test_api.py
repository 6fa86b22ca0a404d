"""The appointments API: free times, booking and its refusals, the scoped
list with keyset pages, attendance and the outbox status."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from appointments import services
from appointments.models import Appointment
from appointments.rules import HELSINKI
from audit.models import AccessLog
from cases.models import ProcessStep

from .conftest import NOW

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Place, WeeklyHours
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def book_url(step: ProcessStep) -> str:
    return reverse("appointments-api:book", args=[step.pk])


def _post(client: Client, url: str, data: dict[str, Any], language: str = "fi") -> Any:
    return client.post(
        url, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


def test_free_times_and_booking_one(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    office: Place,
    hours: list[WeeklyHours],
) -> None:
    client.force_login(caseworker)

    free = client.get(reverse("appointments-api:free_times", args=[step.pk]))
    assert free.status_code == 200
    first = free.json()["before_due_date"][0]
    assert first["starts_at"] == "2026-06-08T09:00:00+03:00"
    assert free.json()["due_on"] == "2026-06-12"

    booked = _post(
        client,
        book_url(step),
        {"starts_at": first["starts_at"], "place": office.pk},
    )

    assert booked.status_code == 201, booked.json()
    assert booked.json()["step"] == step.pk
    assert booked.json()["status"] == "booked"
    assert AccessLog.objects.filter(
        user=caseworker, jobseeker_id=step.jobseeker_id
    ).exists()


@pytest.mark.parametrize(
    ("starts_at", "language", "message"),
    [
        (
            "2026-06-09T07:00:00+03:00",
            "fi",
            "Aika ei ole työntekijän varattavissa ajoissa. Valitse jokin "
            "vapaista ajoista tai aika varattavien aikojen sisältä.",
        ),
        (
            "2026-06-05T10:00:00+03:00",
            "sv",
            "Tiden har redan passerat. Välj en senare tid.",
        ),
        (
            "2026-06-15T10:00:00+03:00",
            "en",
            "The time is after the statutory due date. Give the reason for the "
            "later time, or choose a time before the due date.",
        ),
    ],
)
def test_a_refused_time_is_a_400_in_the_readers_language(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    office: Place,
    hours: list[WeeklyHours],
    starts_at: str,
    language: str,
    message: str,
) -> None:
    client.force_login(caseworker)

    refused = _post(
        client, book_url(step), {"starts_at": starts_at, "place": office.pk}, language
    )

    assert refused.status_code == 400
    assert message in refused.json()["fields"]["non_field_errors"]
    assert not Appointment.objects.exists()


def test_a_double_booking_is_a_400(
    client: Client,
    caseworker: User,
    register: Register,
    step: ProcessStep,
    office: Place,
    hours: list[WeeklyHours],
) -> None:
    client.force_login(caseworker)
    other = ProcessStep.objects.get(
        case=register(dt.date(2026, 5, 29)), kind="initial_interview"
    )
    data = {"starts_at": "2026-06-09T10:00:00+03:00", "place": office.pk}
    assert _post(client, book_url(step), data).status_code == 201

    second = _post(client, book_url(other), data, "en")

    assert second.status_code == 400
    assert second.json()["fields"]["non_field_errors"] == [
        "The caseworker already has an appointment at that time. Choose another time."
    ]


def _booked(step: ProcessStep, caseworker: User, office: Place, hour: int) -> Any:
    return services.appointment_book(
        step=step,
        caseworker=caseworker,
        starts_at=dt.datetime(2026, 6, 9, hour, tzinfo=HELSINKI),
        length=dt.timedelta(hours=1),
        place=office,
        late_reason="",
        actor=caseworker,
        now=NOW,
    )


def test_the_list_is_scoped_paged_by_keyset_and_its_queries_do_not_grow(
    client: Client,
    caseworker: User,
    other_municipality_caseworker: User,
    register: Register,
    step: ProcessStep,
    office: Place,
    hours: list[WeeklyHours],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(caseworker)
    url = reverse("appointments-api:list")
    client.get(url)  # the session's first request reads the user's access
    counts = []
    for hour in (9, 10):
        case = register(dt.date(2026, 5, 29))
        _booked(
            ProcessStep.objects.get(case=case, kind="initial_interview"),
            caseworker,
            office,
            hour,
        )
        with django_assert_max_num_queries(20) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]

    page = client.get(url, {"page_size": 1}).json()
    rest = client.get(page["next"]).json()
    assert len(page["results"]) == 1
    assert {page["results"][0]["id"], rest["results"][0]["id"]} == set(
        Appointment.objects.values_list("id", flat=True)
    )

    client.force_login(other_municipality_caseworker)
    assert client.get(url).json()["results"] == []


def test_attendance_and_the_outbox_status(
    client: Client,
    caseworker: User,
    other_municipality_caseworker: User,
    step: ProcessStep,
    office: Place,
    hours: list[WeeklyHours],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        appointment = _booked(step, caseworker, office, 10)
    client.force_login(caseworker)
    attendance = reverse("appointments-api:attendance", args=[appointment.pk])
    messages = reverse("appointments-api:messages", args=[appointment.pk])

    early = _post(client, attendance, {"outcome": "no_show"}, "en")
    cancelled = _post(client, attendance, {"outcome": "cancelled"})
    status = client.get(messages)

    assert early.status_code == 400  # it has not begun
    assert cancelled.status_code == 200
    assert cancelled.json()["appointment"]["status"] == "cancelled"
    rebooking = ProcessStep.objects.get(case=step.case, kind="rebooking")
    assert cancelled.json()["rebooking_step"] == rebooking.pk
    rows = status.json()
    assert {(r["kind"], r["channel"]) for r in rows} >= {
        ("invitation", "email"),
        ("invitation", "sms"),
        ("cancellation", "email"),
    }
    assert {r["status"] for r in rows if r["kind"] == "invitation"} == {"sent"}
    assert "recipient" not in rows[0]

    client.force_login(other_municipality_caseworker)
    assert client.get(messages).status_code == 404
    assert _post(client, attendance, {"outcome": "held"}).status_code == 404
    assert (
        client.get(reverse("appointments-api:free_times", args=[step.pk])).status_code
        == 404
    )


def test_the_calendar_is_the_readers_own(
    client: Client, caseworker: User, hours: list[WeeklyHours], clock: None
) -> None:
    client.force_login(caseworker)

    calendar = client.get(reverse("appointments-api:calendar")).json()

    assert [row["weekday"] for row in calendar["weekly"]] == [0, 1, 2, 3, 4]
    assert calendar["absences"] == []
