"""Indicators of appointments and messages (issue 22), by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from appointments.models import Appointment, Place
from appointments.rules import HELSINKI
from cases import services as case_services
from cases.models import ProcessStep
from messaging.models import Message
from reporting import indicators, rules, services
from reporting.models import IndicatorValue
from reporting.selectors import FigureCell

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation
    from tests.personas import Register

AUGUST = dt.date(2025, 8, 1)
AUG_31 = dt.date(2025, 8, 31)


def test_the_median_of_counts_averages_the_middle_two_rounding_half_up() -> None:
    assert rules.median_of_counts({3: 1}) == 3
    assert rules.median_of_counts({2: 1, 5: 1}) == 4  # 3.5
    assert rules.median_of_counts({1: 2, 9: 1}) == 1
    assert rules.median_of_counts({4: 2, 6: 2}) == 5


def test_medians_roll_up_from_added_counts_not_from_medians() -> None:
    rolled = services.roll_up_distribution(
        {1: Counter({2: 3}), 2: Counter({10: 2}), 3: Counter({4: 1})},
        members={9: {1, 2}},
    )

    assert rolled[1] == (2, 3)
    assert rolled[9] == (2, 5)  # 2, 2, 2, 10, 10: not the median of 2 and 10
    assert rolled[None] == (3, 6)  # 2, 2, 2, 4, 10, 10


def test_a_median_over_fewer_than_five_is_not_shown() -> None:
    assert FigureCell(7, 4, "median_days").shown == "<5"
    assert FigureCell(7, 5, "median_days").value == 7


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2025, 8, day, hour, tzinfo=HELSINKI)


@pytest.mark.django_db
def test_each_appointment_indicator_by_hand(
    register: Register, caseworker: User, municipality: Organisation
) -> None:
    # given: registered Friday 1 August; interviews on 5, 8, 8 and 15 August
    cases = [register(dt.date(2025, 8, 1)) for _ in range(5)]
    held = [(5, "office"), (8, "phone"), (8, "outreach"), (15, "video")]
    for case, (day, channel) in zip(cases, held, strict=False):
        case_services.meeting_record(
            case=case,
            kind="initial_interview",
            held_on=dt.date(2025, 8, day),
            channel=channel,
            summary="",
            actor=caseworker,
        )
    place = Place.objects.create(
        organisation=municipality, name="T", channel="face_to_face", address="K 1"
    )
    step = ProcessStep.objects.get(case=cases[4], kind="initial_interview")
    ProcessStep.objects.filter(pk=step.pk).update(due_on=dt.date(2025, 8, 15))

    def appointment(case: Case, day: int, status: str) -> None:
        Appointment.objects.create(
            organisation=municipality,
            caseworker=caseworker,
            jobseeker=case.jobseeker,
            case=case,
            step=step if case == cases[4] else None,
            during=(_at(day, 9), _at(day, 10)),
            channel="face_to_face",
            place=place,
            status=status,
            booked_by=caseworker,
        )

    appointment(cases[0], 4, "held")
    appointment(cases[1], 6, "no_show")
    appointment(cases[2], 7, "cancelled")
    # the open interview's time: late on its due date in Helsinki (UTC 21.30)
    Appointment.objects.create(
        organisation=municipality,
        caseworker=caseworker,
        jobseeker=cases[4].jobseeker,
        case=cases[4],
        step=step,
        during=(
            dt.datetime(2025, 8, 15, 23, 30, tzinfo=HELSINKI),
            dt.datetime(2025, 8, 15, 23, 45, tzinfo=HELSINKI),
        ),
        channel="phone",
        place=place,
        booked_by=caseworker,
    )
    for n, (channel, status) in enumerate(
        [("email", "sent"), ("email", "sent"), ("sms", "sent"), ("sms", "failed")]
    ):
        Message.objects.create(
            organisation=municipality,
            channel=channel,
            recipient="x",
            language="fi",
            template_key="t",
            idempotency_key=f"k{n}",
            status=status,
            next_try_at=timezone.now(),
            sent_at=_at(20, 12) if status == "sent" else None,
        )

    # when
    run = services.run_start(month=AUGUST, send=False)
    services.run_execute(run_id=run.pk)

    # then
    figures = {
        v.definition.code: (v.numerator, v.denominator)
        for v in IndicatorValue.objects.filter(
            run=run, organisation=municipality
        ).select_related("definition")
    }
    # 2, 5, 5 and 10 working days (15.8 is the 10th after 1.8): median 5
    assert figures["days_to_initial_interview"] == (5, 4)
    assert indicators.days_to_initial_interview(AUGUST, AUG_31)[
        municipality.pk
    ] == Counter({2: 1, 5: 2, 10: 1})
    # five due in August; one booked (on its due date, late in the evening),
    # the four held were recorded without a booking
    assert figures["booked_within_deadline"] == (1, 5)
    assert figures["no_show_rate"] == (1, 2)  # held 1, not come 1, cancelled out
    assert figures["face_to_face_share"] == (2, 4)  # office and outreach
    assert figures["messages_sent_email"] == (2, None)
    assert figures["messages_sent_sms"] == (1, None)
    assert "messages_sent_letter" not in figures
