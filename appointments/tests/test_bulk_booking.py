"""Bulk booking: a team lead books many initial interviews in one run."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from appointments import rules, services
from appointments.models import Absence, Appointment, BulkBookingResult, BulkBookingRun
from appointments.rules import HELSINKI
from cases.models import ProcessStep
from core.runs import RunStatus
from messaging.models import Message
from tests.personas import sign_in

from .conftest import NOW

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Place, WeeklyHours
    from tests.personas import Register

HOUR = dt.timedelta(hours=1)


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 6, day, hour, tzinfo=HELSINKI)


def test_allocation_gives_the_earliest_due_the_first_times() -> None:
    slots = [rules.Slot(1, at(8, h), at(8, h + 1), 5) for h in (9, 10)] + [
        rules.Slot(2, at(9, 9), at(9, 10), 5)
    ]
    requests = [
        rules.BookingRequest(10, (1,), dt.date(2026, 6, 12)),
        rules.BookingRequest(11, (1,), dt.date(2026, 6, 9)),
        rules.BookingRequest(12, (1,), dt.date(2026, 6, 12)),
        rules.BookingRequest(13, (1, 2), dt.date(2026, 6, 12)),
        rules.BookingRequest(14, (2,), dt.date(2026, 6, 8)),
    ]

    given = rules.allocate(requests, slots)

    assert given[14] is None  # caseworker 2 is free only after its due date
    assert given[11] == slots[0]
    assert given[10] == slots[1]
    assert given[12] is None  # caseworker 1 has no more times
    assert given[13] == slots[2]


@pytest.fixture
def steps(register: Register, clock: None) -> list[ProcessStep]:
    """Four initial interviews due Friday 12 June."""
    cases = [
        register(
            dt.date(2026, 5, 29),
            last_name=f"Henkilö{n}",
            email=f"testi{n}@example.invalid",
        )
        for n in range(4)
    ]
    return list(
        ProcessStep.objects.filter(case__in=cases, kind="initial_interview").order_by(
            "pk"
        )
    )


@pytest.fixture
def only_monday(caseworker: User, hours: list[WeeklyHours]) -> None:
    """Away Tuesday to Friday: three free times, on Monday 8 June."""
    Absence.objects.create(
        caseworker=caseworker,
        starts_on=dt.date(2026, 6, 9),
        ends_on=dt.date(2026, 6, 12),
    )


def _run(team_lead: User, steps: list[ProcessStep]) -> BulkBookingRun:
    run = services.bulk_booking_request(
        organisation_id=steps[0].organisation_id,
        step_ids=[step.pk for step in steps],
        uses_team=False,
        length=HOUR,
        actor=team_lead,
    )
    BulkBookingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    return services.bulk_booking_run_execute(run_id=run.pk, now=NOW)


@pytest.mark.django_db
def test_a_run_books_free_times_and_lists_the_steps_without_one(
    team_lead: User, steps: list[ProcessStep], only_monday: None, office: Place
) -> None:
    run = _run(team_lead, steps)

    assert (run.status, run.booked, run.not_booked) == ("done", 3, 1)
    assert run.progress_done == run.progress_total == 4
    appointments = Appointment.objects.order_by("during")
    assert [a.during.lower for a in appointments] == [at(8, 9), at(8, 10), at(8, 11)]
    assert {a.place_id for a in appointments} == {office.pk}
    assert [r.outcome for r in run.results.order_by("step_id")] == [
        "booked",
        "booked",
        "booked",
        "no_free_time",
    ]
    # an invitation per booking, under the single booking's keys
    assert (
        Message.objects.filter(
            idempotency_key__startswith="appointment:", channel="email"
        ).count()
        == 3
    )


@pytest.mark.django_db
def test_a_retried_run_books_nothing_twice(
    team_lead: User, steps: list[ProcessStep], only_monday: None
) -> None:
    run = _run(team_lead, steps)
    BulkBookingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)

    again = services.bulk_booking_run_execute(run_id=run.pk, now=NOW)
    second = _run(team_lead, steps)

    assert (again.booked, again.not_booked) == (3, 1)
    assert Appointment.objects.count() == 3
    assert BulkBookingResult.objects.filter(run=run).count() == 4
    # a new run finds them booked
    assert sorted(second.results.values_list("outcome", flat=True)) == [
        "already_booked",
        "already_booked",
        "already_booked",
        "no_free_time",
    ]


@pytest.mark.django_db
def test_the_team_lead_selects_on_the_worklist_and_reads_the_result_list(
    client: Client,
    team_lead: User,
    caseworker: User,
    steps: list[ProcessStep],
    only_monday: None,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    sign_in(client, team_lead)
    worklist = client.get(reverse("cases:worklist"), {"bucket": "week"})
    assert worklist.context["can_bulk_book"]
    assert f'value="{steps[0].pk}" form="bulk-book"' in worklist.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("appointments:bulk_book"),
            {"step": [s.pk for s in steps], "who": "assigned", "length": "60"},
        )

    run = BulkBookingRun.objects.get()
    assert response["Location"] == reverse("appointments:bulk_run", args=[run.pk])
    with django_assert_max_num_queries(12):
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 alkuhaastattelua varattu." in html
    assert "Ei vapaata aikaa ennen määräpäivää" in html
    first = page.context["results"][0]
    assert not first["is_booked"]

    sign_in(client, caseworker)
    assert client.get(response["Location"]).status_code == 404
    assert (
        client.post(reverse("appointments:bulk_book"), {"step": [1]}).status_code == 404
    )


@pytest.mark.django_db
def test_a_selection_without_steps_is_refused_in_the_users_language(
    client: Client, team_lead: User, clock: None
) -> None:
    sign_in(client, team_lead)

    response = client.post(
        reverse("appointments:bulk_book"),
        {"who": "assigned", "length": "60"},
        HTTP_ACCEPT_LANGUAGE="sv",
        follow=True,
    )

    assert "Välj minst en inledande intervju att boka." in response.content.decode()
    assert not BulkBookingRun.objects.exists()
