"""Pure rules of booking: free times from bookable hours, and what makes a
chosen time unacceptable. No ORM, no clock: callers pass `now`."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cases.rules.calendar import (
    is_working_day,
    next_working_day_on_or_after,
    previous_working_day_on_or_before,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

HELSINKI = ZoneInfo("Europe/Helsinki")
# The proposals a booking page shows at most.
PROPOSALS = 8


@dataclass(frozen=True)
class Weekly:
    """A weekly bookable stretch (weekday 0 = Monday) valid between dates."""

    weekday: int
    start: dt.time
    end: dt.time
    place_id: int
    valid_from: dt.date
    valid_until: dt.date | None = None

    def applies_on(self, day: dt.date) -> bool:
        return (
            day.weekday() == self.weekday
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


@dataclass(frozen=True)
class Extra:
    day: dt.date
    start: dt.time
    end: dt.time
    place_id: int


@dataclass(frozen=True)
class Calendar:
    """One caseworker's bookable hours, absences and existing bookings."""

    caseworker_id: int
    weekly: Sequence[Weekly] = ()
    extra: Sequence[Extra] = ()
    absences: Sequence[tuple[dt.date, dt.date]] = ()
    busy: Sequence[tuple[dt.datetime, dt.datetime]] = ()


@dataclass(frozen=True)
class Slot:
    caseworker_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place_id: int


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=HELSINKI)


def bookable_windows(
    calendar: Calendar, day: dt.date
) -> list[tuple[dt.datetime, dt.datetime, int]]:
    """The caseworker's bookable stretches on `day` (start, end, place):
    none on a weekend, a Finnish public holiday or a day of absence."""
    if not is_working_day(day):
        return []
    if any(first <= day <= last for first, last in calendar.absences):
        return []
    windows = [
        (_at(day, w.start), _at(day, w.end), w.place_id)
        for w in calendar.weekly
        if w.applies_on(day)
    ]
    windows += [
        (_at(day, e.start), _at(day, e.end), e.place_id)
        for e in calendar.extra
        if e.day == day
    ]
    return sorted(windows)


class _Busy:
    """A caseworker's booked times, sorted once so that each candidate time
    is checked in O(log n): the free-time search checks every time of every
    bookable stretch against them (benchmarks.booking)."""

    def __init__(self, busy: Iterable[tuple[dt.datetime, dt.datetime]]) -> None:
        ordered = sorted(busy)
        self.starts = [start for start, _end in ordered]
        # The latest end among the first i bookings, for any overlap order.
        self.max_ends: list[dt.datetime] = []
        for _start, end in ordered:
            self.max_ends.append(max(end, self.max_ends[-1]) if self.max_ends else end)

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        before = bisect.bisect_left(self.starts, end)
        return before > 0 and self.max_ends[before - 1] > start


def free_slots(
    calendars: Sequence[Calendar],
    *,
    now: dt.datetime,
    first_day: dt.date,
    last_day: dt.date,
    length: dt.timedelta,
    limit: int = PROPOSALS,
) -> list[Slot]:
    """The earliest free times of `length` between two dates (inclusive),
    over every calendar, earliest first: bookable hours on working days,
    cut into consecutive times from each stretch's start, later than `now`
    and overlapping no booking."""
    slots: list[Slot] = []
    busy = {id(calendar): _Busy(calendar.busy) for calendar in calendars}
    day = first_day
    while day <= last_day and len(slots) < limit:
        for calendar in calendars:
            taken: set[dt.datetime] = set()
            for start, end, place_id in bookable_windows(calendar, day):
                at = start
                while at + length <= end:
                    if (
                        at > now
                        and at not in taken
                        and not busy[id(calendar)].overlaps(at, at + length)
                    ):
                        taken.add(at)
                        slots.append(
                            Slot(calendar.caseworker_id, at, at + length, place_id)
                        )
                    at += length
        day += dt.timedelta(days=1)
    slots.sort(key=lambda s: (s.starts_at, s.caseworker_id))
    return slots[:limit]


# Problems a chosen time can have; the form words them in the user's language.
IN_THE_PAST = "in_the_past"
OUTSIDE_HOURS = "outside_hours"
AFTER_DEADLINE = "after_deadline"


def booking_problems(
    calendar: Calendar,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    now: dt.datetime,
    due_on: dt.date | None,
    has_late_reason: bool,
) -> list[str]:
    """Why a time cannot be booked as chosen (double booking is the
    database's to refuse: it alone sees concurrent bookings)."""
    problems = []
    if starts_at <= now:
        problems.append(IN_THE_PAST)
    local_start = starts_at.astimezone(HELSINKI)
    local_end = ends_at.astimezone(HELSINKI)
    fits = local_start.date() == local_end.date() and any(
        start <= local_start and local_end <= end
        for start, end, _place in bookable_windows(calendar, local_start.date())
    )
    if not fits:
        problems.append(OUTSIDE_HOURS)
    if due_on is not None and local_start.date() > due_on and not has_late_reason:
        problems.append(AFTER_DEADLINE)
    return problems


def search_last_day(*, due_on: dt.date | None, today: dt.date) -> dt.date:
    """How far proposals look: to the step's due date, or six weeks ahead
    for an appointment without a deadline."""
    if due_on is not None and due_on >= today:
        return due_on
    return today + dt.timedelta(weeks=6)


def message_language(mother_tongue: str) -> str:
    """The language of messages to a jobseeker: Swedish or Finnish for
    speakers of those, Finnish for Sámi speakers (as documents are), plain
    English for foreign-language speakers."""
    return {"sv": "sv", "other": "en"}.get(mother_tongue, "fi")


def reminder_day(appointment_day: dt.date) -> dt.date:
    """The Finnish working day before the appointment's day, when its
    reminder goes: Thursday for a Monday after Midsummer (the Eve is a
    holiday, Act 150/1930 5 §), 31.12. for 2.1."""
    return previous_working_day_on_or_before(appointment_day - dt.timedelta(days=1))


def reminder_days(today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last appointment day whose reminder goes on `today`:
    tomorrow up to the next working day (a Friday covers Saturday to
    Monday); None when `today` is no working day. The inverse of
    `reminder_day`, so each appointment falls on exactly one day."""
    if not is_working_day(today):
        return None
    tomorrow = today + dt.timedelta(days=1)
    return tomorrow, next_working_day_on_or_after(tomorrow)


# --- Attendance ----------------------------------------------------------------

HELD = "held"
NO_SHOW = "no_show"
CANCELLED = "cancelled"
ATTENDANCE_OUTCOMES = (HELD, NO_SHOW, CANCELLED)

# Problems with recording attendance; the service words them.
NOT_BOOKED = "not_booked"
NOT_STARTED = "not_started"

# The statutory meetings whose record form an appointment held opens: the
# step kinds equal the meeting kinds of cases.models.MeetingKind.
MEETING_STEP_KINDS = (
    "initial_interview",
    "supplementary_discussion",
    "job_search_discussion",
)

# A meeting's channel as the record form names it (cases.models.Channel).
RECORD_CHANNELS = {"face_to_face": "office", "phone": "phone", "video": "video"}


def attendance_problems(
    *, status: str, outcome: str, starts_at: dt.datetime, now: dt.datetime
) -> list[str]:
    """Why attendance cannot be recorded as chosen: only a booked appointment
    gets an outcome, and only a cancellation comes before its start."""
    if status != "booked":
        return [NOT_BOOKED]
    if outcome in (HELD, NO_SHOW) and starts_at > now:
        return [NOT_STARTED]
    return []


def needs_rebooking(*, outcome: str) -> bool:
    """A meeting missed or cancelled is booked again (cases.rules.process
    rebooking rule); one held is recorded on its form instead."""
    return outcome in (NO_SHOW, CANCELLED)


# --- Bulk booking --------------------------------------------------------------


@dataclass(frozen=True)
class BookingRequest:
    """A step to book: who may hold it (the assigned caseworker, or the
    team) and its statutory due date."""

    step_id: int
    caseworker_ids: tuple[int, ...]
    due_on: dt.date


def allocate(
    requests: Sequence[BookingRequest], slots: Sequence[Slot]
) -> dict[int, Slot | None]:
    """Give each request the earliest free time of one of its caseworkers on
    or before its due date, the earliest due first so that the most urgent
    get the first times; None when no time fits. Each caseworker's times are
    taken in order, so the work is linear in requests and times."""
    by_caseworker: dict[int, list[Slot]] = {}
    for slot in sorted(slots, key=lambda s: (s.starts_at, s.caseworker_id)):
        by_caseworker.setdefault(slot.caseworker_id, []).append(slot)
    taken = dict.fromkeys(by_caseworker, 0)
    result: dict[int, Slot | None] = {}
    for request in sorted(requests, key=lambda r: (r.due_on, r.step_id)):
        best: Slot | None = None
        for caseworker_id in request.caseworker_ids:
            free = by_caseworker.get(caseworker_id, [])
            index = taken.get(caseworker_id, 0)
            if index < len(free) and (
                best is None or free[index].starts_at < best.starts_at
            ):
                best = free[index]
        if best is None or best.starts_at.astimezone(HELSINKI).date() > request.due_on:
            result[request.step_id] = None
            continue
        taken[best.caseworker_id] += 1
        result[request.step_id] = best
    return result
