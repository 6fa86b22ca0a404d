"""A caseworker with bookable hours, and an initial interview to book.

The clock stands on Monday 8 June 2026 at 8.00 in Helsinki; the interview of
a jobseeker registered on Friday 29 May is due on Friday 12 June."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
import time_machine

from appointments import services
from appointments.models import Appointment, Place, WeeklyHours
from appointments.rules import HELSINKI
from cases.models import ProcessStep

if TYPE_CHECKING:
    from collections.abc import Iterator

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

NOW = dt.datetime(2026, 6, 8, 8, 0, tzinfo=HELSINKI)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def office(municipality: Organisation) -> Place:
    return Place.objects.create(
        organisation=municipality,
        name="Kalajoen työllisyyspalvelut",
        channel=Place.Channel.FACE_TO_FACE,
        address="Testikatu 1, 85100 Kalajoki",
    )


@pytest.fixture
def hours(caseworker: User, office: Place) -> list[WeeklyHours]:
    """Monday to Friday, 9–12."""
    return [
        WeeklyHours.objects.create(
            caseworker=caseworker,
            weekday=weekday,
            start_time=dt.time(9),
            end_time=dt.time(12),
            place=office,
            valid_from=dt.date(2026, 1, 1),
        )
        for weekday in range(5)
    ]


@pytest.fixture
def step(register: Register, clock: None) -> ProcessStep:
    case = register(
        dt.date(2026, 5, 29),
        email="testi.henkilo@example.invalid",
        phone="+358 40 000 0000",
        mother_tongue="sv",
    )
    return ProcessStep.objects.get(case=case, kind=ProcessStep.Kind.INITIAL_INTERVIEW)


@pytest.fixture
def booked(
    step: ProcessStep, caseworker: User, office: Place, hours: list[WeeklyHours]
) -> Appointment:
    """Tuesday 9 June 2026 at 10.00, booked through the service (its
    invitations queued)."""
    return services.appointment_book(
        step=step,
        caseworker=caseworker,
        starts_at=NOW.replace(day=9, hour=10),
        length=dt.timedelta(hours=1),
        place=office,
        late_reason="",
        actor=caseworker,
        now=NOW,
    )
