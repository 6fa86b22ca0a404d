"""One demo jobseeker's job search, planned as dated steps before anything is saved.

A history is a function of the seed, the person and the anchor day (the day
the demo was first loaded, demo.models.DemoDataset): the facts (benefit,
language, services chosen, how long things took) come from the seed alone;
the dates of current job searches are counted back from the anchor, so that
the worklist on the anchor day has overdue work, work due that day and work
due within the week. Job searches of the pilot years (2021-2024) have fixed
dates, independent of the anchor. The deadlines themselves are never set
here: the services derive them from the rules in force (cases.rules.process)
when the meetings are recorded; the plan only uses the same pure rules to
know when a discussion falls due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from cases.models.case import ExitReason
from cases.models.records import MeetingKind, PlanKind
from cases.rules import process as process_rules
from cases.rules.calendar import is_working_day, next_working_day_on_or_after
from cases.services import JobseekerData

from .people import person_random
from .process import Close, Meeting, PlanAgreed, ServiceEnd, ServiceStart
from .timeline import Action, Entry

if TYPE_CHECKING:
    import random

    from .people import Person

# The pilots of Act 1269/2020 ran 1.3.2021-31.12.2024; the demo's earlier job
# searches start within them, early enough to be seen through in the pilot.
PILOT_STARTS = dt.date(2021, 3, 1)
PILOT_ENDS = dt.date(2024, 12, 31)
LAST_PILOT_REGISTRATION = dt.date(2023, 12, 31)
LATE_PILOT_REGISTRATION = dt.date(2023, 6, 1)
# Job alternation substitutes are left out (the leave was abolished); pay
# subsidy and start-up grant come as appropriation decisions (demo.quotas).
SERVICE_CODES = (
    "work_trial",
    "education_trial",
    "labour_market_training",
    "coaching",
    "coaching",
    "rehabilitative_work",
    "career_guidance",
    "expert_assessment",
    "self_motivated_study",
    "multisectoral_service",
)
CHANNELS = ("office", "office", "video", "phone", "outreach")
# Longer than this, a service pauses the job search discussion deadline
# (cases.services.LONG_SERVICE): no discussion is held during it.
LONG_SERVICE_DAYS = 31


class Shape(StrEnum):
    """What kind of job search a person has; the first four people of every
    municipality have one each, so that even a small demo shows them all."""

    LONG_OPEN = "long_open"  # open for 5-14 months: decisions, referrals
    DUE_NOW = "due_now"  # initial interview due on the anchor day
    LATE_PILOT = "late_pilot"  # 2023 registration running through 2024
    RECENT_OPEN = "recent_open"  # open for 2-5 months
    HISTORICAL = "historical"  # a job search of the pilot years
    RECENT = "recent"  # registered in the last 3½ weeks
    CURRENT = "current"  # registered in the last 16 months


FIRST_SHAPES = (Shape.LONG_OPEN, Shape.DUE_NOW, Shape.LATE_PILOT, Shape.RECENT_OPEN)


@dataclass(frozen=True)
class History:
    person: Person
    rank: int
    shape: Shape
    registered_on: dt.date
    benefit_type: str
    lms_days: int
    lms_recent: int
    interview_on: dt.date | None
    closed_on: dt.date | None
    entries: tuple[Entry, ...]

    def is_open_on(self, day: dt.date) -> bool:
        return self.registered_on <= day and (
            self.closed_on is None or day < self.closed_on
        )

    def jobseeker_data(self) -> JobseekerData:
        person = self.person
        foreign = person.mother_tongue == "other"
        return JobseekerData(
            first_names=person.first_names,
            last_name=person.last_name,
            mother_tongue=person.mother_tongue,
            other_language=person.other_language,
            email=person.email,
            phone="040 000 0000",
            is_immigrant=foreign,
            first_residence_on=self.registered_on - dt.timedelta(days=400)
            if foreign
            else None,
            integration_need=foreign,
            benefit_type=self.benefit_type,
            lms_days_for_unemployment=self.lms_days,
            lms_days_last_12_months=self.lms_recent,
            benefit_days_as_of=self.registered_on,
        )

    def entry(self, on: dt.date, sequence: int, action: Action) -> Entry:
        """An entry on this person's timeline (decisions, referrals)."""
        return Entry(
            on=on,
            rank=self.rank,
            sequence=sequence,
            person=self.person.key,
            action=action,
        )


def _birthday(born: dt.date, age: int) -> dt.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return dt.date(born.year + age, 3, 1)


def _between(rng_value: float, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=int(rng_value * ((last - first).days + 1)))


def registered_for_interview_due(anchor: dt.date) -> dt.date:
    """The latest registration day whose initial interview falls due on the
    anchor day (or, on a day off, on the next working day), by the rule in
    force on that registration day."""
    target = anchor if is_working_day(anchor) else next_working_day_on_or_after(anchor)
    for back in range(60):
        day = anchor - dt.timedelta(days=back)
        deadline = process_rules.initial_interview_deadline(job_search_start=day)
        if deadline is not None and deadline.due_on == target:
            return day
    return anchor - dt.timedelta(days=7)


def history_plan(person: Person, *, rank: int, seed: int, anchor: dt.date) -> History:
    """The person's job search up to the anchor day, as dated timeline entries."""
    rng = person_random(seed, person.municipality_code, person.number, "history")
    # Every draw is made, in this order, whatever the shape and the anchor:
    # the facts of a person never depend on the day.
    benefit = rng.choices(
        ["labour_market_subsidy", "earnings_related", "basic_allowance", "none"],
        weights=[45, 35, 10, 10],
    )[0]
    lms_days = rng.randint(0, 900) if benefit == "labour_market_subsidy" else 0
    lms_recent = min(lms_days, rng.randint(0, 260))
    roll, when = rng.random(), rng.random()
    recent_days = rng.choice([0, 1, 2, 3, 6, 9, 13, 16, 20, 24])
    current_days, long_days, open_days = (
        rng.randint(25, 480),
        rng.randint(150, 420),
        rng.randint(60, 150),
    )
    historical_close, late_close, current_close = (
        rng.randint(150, 500),
        rng.randint(330, 480),
        rng.randint(60, 300) if rng.random() < 0.12 else None,
    )
    interview_after = rng.randint(1, 16)
    channel = rng.choice(CHANNELS)
    has_plan, applications = rng.random() < 0.8, rng.choice([4, 4, 4, 3, 2])
    integration_plan = rng.random() < 0.7
    supplementary_held = rng.random() < 0.85
    service_code = rng.choice(SERVICE_CODES) if rng.random() < 0.45 else None
    service_after, service_days = rng.randint(20, 120), rng.choice([20, 60, 90, 180])
    exit_reason = rng.choice([r.value for r in ExitReason])

    shape = FIRST_SHAPES[person.number] if person.number < len(FIRST_SHAPES) else None
    if shape is None:
        shape = (
            Shape.HISTORICAL
            if roll < 0.25
            else Shape.RECENT
            if roll < 0.475
            else Shape.CURRENT
        )
    adult = _birthday(person.birth_date, 17)
    close_after: int | None = None
    if shape in (Shape.HISTORICAL, Shape.LATE_PILOT):
        first = max(
            adult,
            PILOT_STARTS if shape == Shape.HISTORICAL else LATE_PILOT_REGISTRATION,
        )
        registered_on = _between(when, first, LAST_PILOT_REGISTRATION)
        close_after = historical_close if shape == Shape.HISTORICAL else late_close
    else:
        registered_on = {
            Shape.LONG_OPEN: anchor - dt.timedelta(days=long_days),
            Shape.DUE_NOW: registered_for_interview_due(anchor),
            Shape.RECENT_OPEN: anchor - dt.timedelta(days=open_days),
            Shape.RECENT: anchor - dt.timedelta(days=recent_days),
            Shape.CURRENT: anchor - dt.timedelta(days=current_days),
        }[shape]
        registered_on = min(anchor, max(registered_on, adult))
        close_after = current_close if shape == Shape.CURRENT else None
    closed_on = (
        registered_on + dt.timedelta(days=close_after)
        if close_after is not None
        and registered_on + dt.timedelta(days=close_after) < anchor
        else None
    )
    # The last day anything happens: the day before the anchor (today's work
    # is still to do) or before the case closed.
    last_day = min(anchor, closed_on or anchor) - dt.timedelta(days=1)
    interview_on: dt.date | None = registered_on + dt.timedelta(days=interview_after)
    if shape == Shape.DUE_NOW or (
        interview_on is not None and interview_on >= anchor - dt.timedelta(days=1)
    ):
        interview_on = None  # still waiting for the initial interview

    steps: list[tuple[dt.date, Action]] = []
    if interview_on is not None:
        steps.append((interview_on, Meeting(MeetingKind.INITIAL_INTERVIEW, channel)))
        if has_plan:
            steps.append((interview_on, PlanAgreed(PlanKind.EMPLOYMENT, applications)))
        integration_on = interview_on + dt.timedelta(days=10)
        if (
            person.mother_tongue == "other"
            and integration_plan
            and integration_on <= last_day
        ):
            steps.append((integration_on, PlanAgreed(PlanKind.INTEGRATION, 0)))
        if supplementary_held:
            steps.extend(
                (
                    deadline.due_on,
                    Meeting(MeetingKind.SUPPLEMENTARY_DISCUSSION, "phone"),
                )
                for deadline in process_rules.supplementary_discussion_deadlines(
                    job_search_start=registered_on,
                    initial_interview_on=interview_on,
                    until=last_day,
                )
            )
        service = _service(
            steps,
            code=service_code,
            starts_on=interview_on + dt.timedelta(days=service_after),
            days=service_days,
            last_day=last_day,
            closed_on=closed_on,
        )
        _discussions(
            steps,
            rng=person_random(seed, person.municipality_code, person.number, "talks"),
            interview_on=interview_on,
            channel=channel,
            service=service,
            until=min(last_day, anchor - dt.timedelta(days=10)),
        )
    if closed_on is not None:
        steps.append((closed_on, Close(exit_reason)))
    steps.sort(key=lambda step: step[0])  # stable: same-day steps keep their order
    return History(
        person=person,
        rank=rank,
        shape=shape,
        registered_on=registered_on,
        benefit_type=benefit,
        lms_days=lms_days,
        lms_recent=lms_recent,
        interview_on=interview_on,
        closed_on=closed_on,
        entries=tuple(
            Entry(on=on, rank=rank, sequence=n, person=person.key, action=action)
            for n, (on, action) in enumerate(steps)
        ),
    )


def _service(
    steps: list[tuple[dt.date, Action]],
    *,
    code: str | None,
    starts_on: dt.date,
    days: int,
    last_day: dt.date,
    closed_on: dt.date | None,
) -> tuple[dt.date, dt.date | None] | None:
    """A service started after the interview; ends as planned, or when the job
    search ends. Returns the days it pauses the discussions, if it does."""
    if code is None or starts_on > last_day:
        return None
    planned_end_on = starts_on + dt.timedelta(days=days)
    steps.append((starts_on, ServiceStart(code, planned_end_on)))
    ended_on: dt.date | None = None
    if planned_end_on <= last_day:
        ended_on = planned_end_on
        steps.append((ended_on, ServiceEnd("Päättyi suunnitellusti.")))
    elif closed_on is not None:
        ended_on = closed_on
        steps.append((ended_on, ServiceEnd("Työnhaku päättyi.")))
    return (starts_on, ended_on) if days > LONG_SERVICE_DAYS else None


def _discussions(
    steps: list[tuple[dt.date, Action]],
    *,
    rng: random.Random,
    interview_on: dt.date,
    channel: str,
    service: tuple[dt.date, dt.date | None] | None,
    until: dt.date,
) -> None:
    """Job search discussions about every three months, none during a long
    service; the latest one due may still be pending or a little overdue."""
    held_on = interview_on
    while True:
        held_on += dt.timedelta(days=rng.randint(75, 95))
        if service is not None and service[0] <= held_on:
            ended = service[1]
            if ended is None:
                return  # in the service on the anchor day: the deadline is paused
            if held_on < ended:
                held_on = ended + dt.timedelta(days=rng.randint(5, 20))
        if held_on > until:
            return
        steps.append((held_on, Meeting(MeetingKind.JOB_SEARCH_DISCUSSION, channel)))
