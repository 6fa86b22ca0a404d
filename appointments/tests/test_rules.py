"""Free times and booking problems, without a database."""

from __future__ import annotations

import datetime as dt

from appointments import rules
from appointments.rules import HELSINKI, Calendar, Extra, Weekly

MONDAY = dt.date(2026, 6, 8)
HOUR = dt.timedelta(hours=1)
NOW = dt.datetime(2026, 6, 8, 8, 0, tzinfo=HELSINKI)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HELSINKI)


def mornings(**extra: object) -> Calendar:
    weekly = [
        Weekly(d, dt.time(9), dt.time(12), 1, dt.date(2026, 1, 1)) for d in range(5)
    ]
    return Calendar(caseworker_id=7, weekly=weekly, **extra)  # type: ignore[arg-type]


def test_free_times_are_the_bookable_hours_cut_into_lengths() -> None:
    slots = rules.free_slots(
        [mornings()], now=NOW, first_day=MONDAY, last_day=MONDAY, length=HOUR
    )

    assert [s.starts_at for s in slots] == [
        at(MONDAY, 9),
        at(MONDAY, 10),
        at(MONDAY, 11),
    ]
    assert {s.caseworker_id for s in slots} == {7}


def test_bookings_absences_and_the_past_leave_no_free_time() -> None:
    # given: 9–10 booked on Monday, Tuesday away, and the clock at 10.30 on Monday
    calendar = mornings(
        busy=[(at(MONDAY, 9), at(MONDAY, 10))],
        absences=[(MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=1))],
    )

    slots = rules.free_slots(
        [calendar],
        now=at(MONDAY, 10, 30),
        first_day=MONDAY,
        last_day=MONDAY + dt.timedelta(days=2),
        length=HOUR,
    )

    # then: Monday 11 and then Wednesday
    wednesday = MONDAY + dt.timedelta(days=2)
    assert [s.starts_at for s in slots] == [
        at(MONDAY, 11),
        at(wednesday, 9),
        at(wednesday, 10),
        at(wednesday, 11),
    ]


def test_public_holidays_and_weekends_have_no_free_time() -> None:
    # Midsummer Eve (Friday 19 June 2026) counts as a holiday, then a weekend.
    slots = rules.free_slots(
        [mornings(extra=[Extra(dt.date(2026, 6, 20), dt.time(9), dt.time(10), 1)])],
        now=NOW,
        first_day=dt.date(2026, 6, 19),
        last_day=dt.date(2026, 6, 21),
        length=HOUR,
    )

    assert slots == []


def test_extra_hours_add_free_time_on_their_date() -> None:
    calendar = Calendar(
        caseworker_id=7, extra=[Extra(MONDAY, dt.time(14), dt.time(15), 2)]
    )

    slots = rules.free_slots(
        [calendar], now=NOW, first_day=MONDAY, last_day=MONDAY, length=HOUR
    )

    assert [(s.starts_at, s.place_id) for s in slots] == [(at(MONDAY, 14), 2)]


def test_team_times_are_merged_earliest_first_up_to_the_limit() -> None:
    early = Calendar(
        caseworker_id=1,
        weekly=[Weekly(0, dt.time(8, 30), dt.time(9, 30), 1, dt.date(2026, 1, 1))],
    )

    slots = rules.free_slots(
        [mornings(), early],
        now=NOW,
        first_day=MONDAY,
        last_day=MONDAY,
        length=HOUR,
        limit=2,
    )

    assert [(s.caseworker_id, s.starts_at) for s in slots] == [
        (1, at(MONDAY, 8, 30)),
        (7, at(MONDAY, 9)),
    ]


def test_a_time_in_the_past_outside_hours_and_late_has_every_problem() -> None:
    friday = dt.date(2026, 6, 12)

    problems = rules.booking_problems(
        mornings(),
        starts_at=at(MONDAY, 7),
        ends_at=at(MONDAY, 8),
        now=at(MONDAY, 8),
        due_on=friday - dt.timedelta(days=7),
        has_late_reason=False,
    )

    assert problems == [rules.IN_THE_PAST, rules.OUTSIDE_HOURS, rules.AFTER_DEADLINE]


def test_a_late_time_with_a_reason_within_hours_is_fine() -> None:
    problems = rules.booking_problems(
        mornings(),
        starts_at=at(MONDAY, 10),
        ends_at=at(MONDAY, 11),
        now=NOW,
        due_on=MONDAY - dt.timedelta(days=1),
        has_late_reason=True,
    )

    assert problems == []


def test_a_time_running_past_the_end_of_hours_is_outside_them() -> None:
    problems = rules.booking_problems(
        mornings(),
        starts_at=at(MONDAY, 11, 30),
        ends_at=at(MONDAY, 12, 30),
        now=NOW,
        due_on=None,
        has_late_reason=False,
    )

    assert problems == [rules.OUTSIDE_HOURS]


def test_messages_go_in_swedish_finnish_or_plain_english() -> None:
    assert rules.message_language("sv") == "sv"
    assert rules.message_language("fi") == "fi"
    assert rules.message_language("se") == "fi"
    assert rules.message_language("other") == "en"
