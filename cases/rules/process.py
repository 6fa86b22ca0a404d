"""Effective-dated deadline rules of the statutory jobseeker service process.

Citations and notes are lazy translations: caseworkers read them in their own
language, so they are turned into text only where shown (cases.explain, the
deadlines API). Nothing stores them; a process step keeps only the rule code.

Citations name the act as the law reads: its title and number, then chapter
and section. A section that the sources have not confirmed is left out and
the chapter cited; the doubt is kept in a comment here, never in the text a
caseworker reads (../shared/domain.md §6-7: of 380/2023 only 1 ch. 10 § and
28-30 § are confirmed; 916/2012 2:4 and 2:6; 1369/2014 2-4 §).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .acts import (
    ACT_189_2001,
    ACT_380_2023,
    ACT_381_2023,
    ACT_681_2023,
    ACT_916_2012,
    ACT_1369_2014,
    ACT_1386_2010,
)
from .calendar import add_months, add_working_days, previous_working_day_on_or_before

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StepKind(StrEnum):
    INITIAL_INTERVIEW = "initial_interview"
    SUPPLEMENTARY_DISCUSSION = "supplementary_discussion"
    JOB_SEARCH_DISCUSSION = "job_search_discussion"
    ACTIVATION_PLAN = "activation_plan"
    # Assessment of the need for multi-sectoral services once a 1369/2014 2 §
    # criterion holds (from 2025 to be considered: cases.rules.triggers).
    MULTISECTORAL_ASSESSMENT = "multisectoral_assessment"
    # Plan drawn up during the mapping period of the multi-sectoral service.
    MULTISECTORAL_PLAN = "multisectoral_plan"
    # Review of the multi-sectoral plan, at least every 6 months.
    MULTISECTORAL_REVIEW = "multisectoral_review"
    INTEGRATION_PLAN = "integration_plan"
    # A new time after a missed or cancelled statutory meeting (issue 22).
    REBOOKING = "rebooking"


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    WEEKS = "weeks"


@dataclass(frozen=True)
class RuleVersion:
    code: str
    step: StepKind
    valid_from: dt.date
    # Inclusive; None while the version is still in force.
    valid_until: dt.date | None
    # None when the version sets no day count (e.g. "only by service need").
    amount: int | None
    unit: Unit | None
    source: StrOrPromise
    note: StrOrPromise = ""

    def is_in_force(self, day: dt.date) -> bool:
        """Whether `day` falls within this version's validity."""
        return self.valid_from <= day and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True)
class Deadline:
    step: StepKind
    due_on: dt.date
    counts_from: dt.date
    # Machine code of the event counted from: "job_search_start",
    # "initial_interview", "previous_discussion", "trigger", "service_start" ...
    counts_from_event: str
    rule: RuleVersion
    # Numbers the scheduled discussions of one job search: supplementary
    # discussions 1–5 in the first 3 months, then 6, 7, ... in 6-month periods.
    sequence: int = 1


_WEEKEND_NOTE = _(
    "Polku's interpretation: a discussion due on a weekend or holiday is shown "
    "due on the last working day before it."
)
_ACTIVATION_NOTE = _(
    "No statutory day count: the plan is started without delay (section 5 of "
    "the act); 14 days is Polku's default service level."
)

RULES: tuple[RuleVersion, ...] = (
    # Initial interview (alkuhaastattelu), counted from the start of job search.
    RuleVersion(
        code="initial_interview/2013-01-01",
        step=StepKind.INITIAL_INTERVIEW,
        valid_from=dt.date(2013, 1, 1),
        valid_until=dt.date(2022, 5, 1),
        amount=14,
        unit=Unit.CALENDAR_DAYS,
        source=format_lazy("{} {}", ACT_916_2012, _("chapter 2, section 4(1)")),
        note=_(
            "Within two weeks of the start of the job search unless manifestly "
            "unnecessary; the due date is not moved off weekends."
        ),
    ),
    RuleVersion(
        code="initial_interview/2022-05-02",
        step=StepKind.INITIAL_INTERVIEW,
        valid_from=dt.date(2022, 5, 2),
        valid_until=dt.date(2024, 12, 31),
        amount=5,
        unit=Unit.WORKING_DAYS,
        # The section of the amended act (1379/2021) is not confirmed: the
        # chapter is cited.
        source=format_lazy(
            "{} {}", ACT_916_2012, _("chapter 2, as amended by 1379/2021 (HE 167/2021)")
        ),
        note=_(
            "Nordic labour market service model; within 5 working days if possible."
        ),
    ),
    RuleVersion(
        code="initial_interview/2025-01-01",
        step=StepKind.INITIAL_INTERVIEW,
        valid_from=dt.date(2025, 1, 1),
        valid_until=dt.date(2025, 12, 31),
        amount=5,
        unit=Unit.WORKING_DAYS,
        # The § of the initial interview in 380/2023 is not confirmed
        # (domain.md §7.1): the chapter "Palveluprosessi" is cited.
        source=format_lazy("{} {}", ACT_380_2023, _("chapter 4 (HE 207/2022)")),
        note=_(
            "Same content as 2022 under the new act; the employment authority is "
            "the municipality or employment area."
        ),
    ),
    RuleVersion(
        code="initial_interview/2026-01-01",
        step=StepKind.INITIAL_INTERVIEW,
        valid_from=dt.date(2026, 1, 1),
        valid_until=None,
        amount=10,
        unit=Unit.WORKING_DAYS,
        # The number of the amending act and the Finnish wording were not
        # found; the 10 working days are from Työmarkkinatori (EN, 2026).
        source=format_lazy(
            "{} {}", ACT_380_2023, _("chapter 4, as amended (HE 108/2025)")
        ),
        note=_("Without undue delay, at most 10 working days."),
    ),
    # Regular job search discussion (työnhakukeskustelu). Before 2017 the
    # interviews were at 3 and 6 months, then every 6 months: not modelled.
    RuleVersion(
        code="job_search_discussion/2017-01-01",
        step=StepKind.JOB_SEARCH_DISCUSSION,
        valid_from=dt.date(2017, 1, 1),
        valid_until=dt.date(2022, 5, 1),
        amount=3,
        unit=Unit.MONTHS,
        source=format_lazy(
            "{} {}", ACT_916_2012, _("chapter 2, section 4(2), as amended by 1456/2016")
        ),
        note=format_lazy(
            "{} {}", _("Every 3 months of continuous unemployment."), _WEEKEND_NOTE
        ),
    ),
    RuleVersion(
        code="job_search_discussion/2022-05-02",
        step=StepKind.JOB_SEARCH_DISCUSSION,
        valid_from=dt.date(2022, 5, 2),
        valid_until=dt.date(2024, 12, 31),
        amount=3,
        unit=Unit.MONTHS,
        source=format_lazy(
            "{} {}",
            ACT_916_2012,
            _("chapter 2, section 6, as amended by 1379/2021 (HE 167/2021)"),
        ),
        note=_WEEKEND_NOTE,
    ),
    RuleVersion(
        code="job_search_discussion/2025-01-01",
        step=StepKind.JOB_SEARCH_DISCUSSION,
        valid_from=dt.date(2025, 1, 1),
        valid_until=None,
        amount=3,
        unit=Unit.MONTHS,
        source=format_lazy(
            "{} {}",
            ACT_380_2023,
            _("chapter 4 (HE 207/2022; unchanged by HE 108/2025)"),
        ),
        # Whether discussions are skipped during a service longer than a month
        # is not confirmed (domain.md §1, §6.8): not modelled.
        note=_WEEKEND_NOTE,
    ),
    # Supplementary job search discussions (täydentävät työnhakukeskustelut).
    RuleVersion(
        code="supplementary_discussion/2022-05-02",
        step=StepKind.SUPPLEMENTARY_DISCUSSION,
        valid_from=dt.date(2022, 5, 2),
        valid_until=dt.date(2025, 12, 31),
        amount=2,
        unit=Unit.WEEKS,
        source=format_lazy(
            "{} {}; {} {}",
            ACT_916_2012,
            _("chapter 2, as amended by 1379/2021 (HE 167/2021)"),
            ACT_380_2023,
            _("chapter 4 from 1.1.2025"),
        ),
        # Jobseekers registered before 2.5.2022 joined the model at their next
        # plan update (Vesilahti's page; not a statute): not modelled.
        note=format_lazy(
            "{} {}",
            _(
                "5 discussions every 2 weeks after the initial interview, none "
                "later than job-search start + 3 months; from 6 months of "
                "unemployment a 1-month period with 2 discussions every 6 months. "
                "Each discussion uses the rule in force on its own due date."
            ),
            _WEEKEND_NOTE,
        ),
    ),
    RuleVersion(
        code="supplementary_discussion/2026-01-01",
        step=StepKind.SUPPLEMENTARY_DISCUSSION,
        valid_from=dt.date(2026, 1, 1),
        valid_until=None,
        amount=None,
        unit=None,
        source=format_lazy(
            "{} {}", ACT_380_2023, _("chapter 4, as amended (HE 108/2025)")
        ),
        note=_("No scheduled supplementary discussions; held only by service need."),
    ),
    # Activation plan (aktivointisuunnitelma), counted from the 3 § trigger.
    RuleVersion(
        code="activation_plan/2010-09-01",
        step=StepKind.ACTIVATION_PLAN,
        valid_from=dt.date(2010, 9, 1),
        valid_until=dt.date(2025, 12, 31),
        amount=14,
        unit=Unit.CALENDAR_DAYS,
        source=format_lazy(
            "{} {}",
            ACT_189_2001,
            _("section 3, as amended by 314/2010, 937/2012 and 1384/2021"),
        ),
        note=_ACTIVATION_NOTE,
    ),
    RuleVersion(
        code="activation_plan/2026-01-01",
        step=StepKind.ACTIVATION_PLAN,
        valid_from=dt.date(2026, 1, 1),
        valid_until=None,
        amount=14,
        unit=Unit.CALENDAR_DAYS,
        # The number of the amending act was not found: the government bill
        # is cited instead.
        source=format_lazy(
            "{} {}", ACT_189_2001, _("section 3, as amended (HE 109/2025)")
        ),
        note=format_lazy(
            "{} {}",
            _("Only for people on social assistance due to unemployment."),
            _ACTIVATION_NOTE,
        ),
    ),
    # Multi-sectoral service (TYP; from 2025 työllistymisen monialainen edistäminen).
    # The need is assessed when a 1369/2014 2 § criterion holds (2 § 2 mom. in
    # the wording of 935/2022; HE 183/2014). Neither act sets a day count for
    # the assessment: 14 days from the day the criterion holds is Polku's
    # service level, as for the activation plan. From 2025 the assessment is
    # by need (381/2023) and the old criteria only prompt it. ⚠ The section of
    # 381/2023 on the multi-sectoral service-needs assessment is not verified
    # (domain.md §6.2, §7.1), so the act is cited without one.
    RuleVersion(
        code="multisectoral_assessment/2015-01-01",
        step=StepKind.MULTISECTORAL_ASSESSMENT,
        valid_from=dt.date(2015, 1, 1),
        valid_until=dt.date(2024, 12, 31),
        amount=14,
        unit=Unit.CALENDAR_DAYS,
        source=_("Act 1369/2014 2 §"),
        note=_(
            "The need for multi-sectoral services is assessed when a criterion "
            "of 2 § is met; no statutory day count: 14 days is Polku's default "
            "service level."
        ),
    ),
    RuleVersion(
        code="multisectoral_assessment/2025-01-01",
        step=StepKind.MULTISECTORAL_ASSESSMENT,
        valid_from=dt.date(2025, 1, 1),
        valid_until=None,
        amount=14,
        unit=Unit.CALENDAR_DAYS,
        source=_("Act 381/2023"),
        note=_(
            "A multi-sectoral service-needs assessment is made by need; Polku "
            "asks for it to be considered when a criterion of the repealed "
            "Act 1369/2014 2 § is met. No statutory day count: 14 days is "
            "Polku's default service level."
        ),
    ),
    RuleVersion(
        code="multisectoral_plan/2015-01-01",
        step=StepKind.MULTISECTORAL_PLAN,
        valid_from=dt.date(2015, 1, 1),
        valid_until=dt.date(2024, 12, 31),
        amount=3,
        unit=Unit.MONTHS,
        source=format_lazy("{} {}", ACT_1369_2014, _("sections 3–4")),
        note=_(
            "Plan drawn up during the mapping period, which lasts at most 3 "
            "months from the start of the multi-sectoral service."
        ),
    ),
    RuleVersion(
        code="multisectoral_plan/2025-01-01",
        step=StepKind.MULTISECTORAL_PLAN,
        valid_from=dt.date(2025, 1, 1),
        valid_until=None,
        amount=3,
        unit=Unit.MONTHS,
        # Whether 381/2023 kept the 3-month mapping period of 1369/2014 is
        # not confirmed (domain.md §6.2): no section is cited.
        source=ACT_381_2023,
        note=_("The 3-month mapping period of the earlier act is Polku's default."),
    ),
    RuleVersion(
        code="multisectoral_review/2015-01-01",
        step=StepKind.MULTISECTORAL_REVIEW,
        valid_from=dt.date(2015, 1, 1),
        valid_until=dt.date(2024, 12, 31),
        amount=6,
        unit=Unit.MONTHS,
        source=format_lazy("{} {}", ACT_1369_2014, _("section 4")),
        note=_("Reviewed as needed, at least every 6 months, and on request."),
    ),
    RuleVersion(
        code="multisectoral_review/2025-01-01",
        step=StepKind.MULTISECTORAL_REVIEW,
        valid_from=dt.date(2025, 1, 1),
        valid_until=None,
        amount=6,
        unit=Unit.MONTHS,
        # Whether 381/2023 kept the 6-month review is not confirmed
        # (domain.md §6.2).
        source=ACT_381_2023,
        note=_("The 6-month review of the earlier act is Polku's default."),
    ),
    # Integration plan (kotoutumissuunnitelma); 1386/2010 came into force 1.9.2011.
    RuleVersion(
        code="integration_plan/2011-09-01",
        step=StepKind.INTEGRATION_PLAN,
        valid_from=dt.date(2011, 9, 1),
        valid_until=dt.date(2024, 12, 31),
        amount=14,
        unit=Unit.CALENDAR_DAYS,
        # Durations from kotouttaminen.fi (domain.md §6.7).
        source=ACT_1386_2010,
        note=_(
            "Plan started within 2 weeks of the initial assessment; referral to "
            "services within 1 month."
        ),
    ),
    RuleVersion(
        code="integration_plan/2025-01-01",
        step=StepKind.INTEGRATION_PLAN,
        valid_from=dt.date(2025, 1, 1),
        valid_until=None,
        amount=14,
        unit=Unit.CALENDAR_DAYS,
        # Durations from kotoutuminen.fi (domain.md §6.7).
        source=ACT_681_2023,
        note=_(
            "Started without delay after the competence and integration-needs "
            "assessment; no statutory day count; 14 days is Polku's default "
            "service level."
        ),
    ),
    # A new time for a statutory meeting the jobseeker missed or cancelled.
    # ⚠ Unverified: neither 380/2023 nor its government proposal was found to
    # set a day count for arranging the meeting again; the obligation to hold
    # the interview and discussions (chapter 4) stands, so 5 working days (the
    # initial interview's own count before 2026) is Polku's default service
    # level until the employment authority sets its own.
    RuleVersion(
        code="rebooking/2025-01-01",
        step=StepKind.REBOOKING,
        valid_from=dt.date(2025, 1, 1),
        valid_until=None,
        amount=5,
        unit=Unit.WORKING_DAYS,
        source=format_lazy("{} {}", ACT_380_2023, _("chapter 4 (HE 207/2022)")),
        note=_(
            "A missed or cancelled interview or discussion is arranged again; "
            "no statutory day count: 5 working days is Polku's default service "
            "level."
        ),
    ),
)

_RULES_BY_STEP: dict[StepKind, tuple[RuleVersion, ...]] = {
    step: tuple(rule for rule in RULES if rule.step == step) for step in StepKind
}

# A returning jobseeker gets a new initial interview only when at least 6
# months have passed since the previous job search ended; the rule came with
# the Nordic model (Työmarkkinatori "Alkuhaastattelu ja työnhakukeskustelut").
REINTERVIEW_GAP_MONTHS = 6
REINTERVIEW_RULE_FROM = dt.date(2022, 5, 2)

# Supplementary discussions 2.5.2022–31.12.2025 (HE 167/2021).
SUPPLEMENTARY_FIRST_SERIES_COUNT = 5
SUPPLEMENTARY_FIRST_SERIES_INTERVAL = dt.timedelta(weeks=2)
SUPPLEMENTARY_FIRST_SERIES_MONTHS = 3
SUPPLEMENTARY_PERIOD_EVERY_MONTHS = 6
# The two discussions of a 1-month period fall 2 weeks after its start and at
# its end.
SUPPLEMENTARY_PERIOD_FIRST_AFTER = dt.timedelta(weeks=2)
SUPPLEMENTARY_PERIOD_MONTHS = 1

# Integration plan limits of 681/2023 (kotoutuminen.fi "When is the integration
# plan drawn up?").
INTEGRATION_FIRST_PLAN_MAX_MONTHS = 12
INTEGRATION_PLAN_TOTAL_MAX_MONTHS = 24
INTEGRATION_SERVICE_ENROLMENT_MONTHS = 6


def rule_in_force(step: StepKind, day: dt.date) -> RuleVersion | None:
    """The version of `step` in force on `day`, or None when none is."""
    for rule in _RULES_BY_STEP[step]:
        if rule.is_in_force(day):
            return rule
    return None


def due_date(rule: RuleVersion, anchor: dt.date) -> dt.date:
    """`anchor` plus the rule's amount in its unit, without weekend adjustment."""
    if rule.amount is None or rule.unit is None:
        raise ValueError(f"{rule.code} sets no deadline")
    match rule.unit:
        case Unit.CALENDAR_DAYS:
            return anchor + dt.timedelta(days=rule.amount)
        case Unit.WORKING_DAYS:
            return add_working_days(anchor, rule.amount)
        case Unit.WEEKS:
            return anchor + dt.timedelta(weeks=rule.amount)
        case Unit.MONTHS:
            return add_months(anchor, rule.amount)


def _deadline_from(
    step: StepKind, *, anchor: dt.date, anchor_event: str
) -> Deadline | None:
    """A deadline counted from `anchor` by the version in force on `anchor`."""
    rule = rule_in_force(step, anchor)
    if rule is None or rule.amount is None:
        return None
    return Deadline(
        step=step,
        due_on=due_date(rule, anchor),
        counts_from=anchor,
        counts_from_event=anchor_event,
        rule=rule,
    )


def initial_interview_deadline(*, job_search_start: dt.date) -> Deadline | None:
    """When the initial interview is due, by the version in force on registration."""
    return _deadline_from(
        StepKind.INITIAL_INTERVIEW,
        anchor=job_search_start,
        anchor_event="job_search_start",
    )


def initial_interview_required(
    *, job_search_start: dt.date, previous_job_search_end: dt.date | None
) -> bool:
    """Whether a (returning) jobseeker gets a new initial interview."""
    if job_search_start < REINTERVIEW_RULE_FROM or previous_job_search_end is None:
        return True
    if previous_job_search_end > job_search_start:
        raise ValueError("the previous job search ended after this one started")
    return job_search_start >= add_months(
        previous_job_search_end, REINTERVIEW_GAP_MONTHS
    )


def job_search_discussion_deadline(
    *, anchor: dt.date, anchor_event: str
) -> Deadline | None:
    """The next 3-monthly job search discussion after an interview or discussion."""
    deadline = _deadline_from(
        StepKind.JOB_SEARCH_DISCUSSION, anchor=anchor, anchor_event=anchor_event
    )
    if deadline is None:
        return None
    # Act 150/1930 5 § lets a party act on the next working day when a time
    # limit ends on a holiday, but this is the authority's own duty to meet
    # the jobseeker within 3 months: moving it earlier keeps it within them.
    return dataclasses.replace(
        deadline, due_on=previous_working_day_on_or_before(deadline.due_on)
    )


def _scheduled_supplementary(
    *, due_on: dt.date, counts_from: dt.date, event: str, sequence: int
) -> Deadline | None:
    """A scheduled supplementary discussion, if the rule on its due date has one."""
    # Each discussion follows the version in force on its own unadjusted due
    # date, not that of the registration day: scheduled discussions end on
    # 1.1.2026 also in job searches already running, so one that would fall on
    # or after 1.1.2026 is never due (HE 108/2025; ⚠ no transition rule seen).
    rule = rule_in_force(StepKind.SUPPLEMENTARY_DISCUSSION, due_on)
    if rule is None or rule.amount is None:
        return None
    return Deadline(
        step=StepKind.SUPPLEMENTARY_DISCUSSION,
        # A day off moves it earlier, as for the 3-monthly discussion.
        due_on=previous_working_day_on_or_before(due_on),
        counts_from=counts_from,
        counts_from_event=event,
        rule=rule,
        sequence=sequence,
    )


def supplementary_discussion_deadlines(
    *, job_search_start: dt.date, initial_interview_on: dt.date, until: dt.date
) -> list[Deadline]:
    """Scheduled supplementary discussions of a job search due on or before `until`."""
    if initial_interview_on < job_search_start:
        raise ValueError("the initial interview precedes the start of job search")
    candidates: list[Deadline | None] = []
    # First 3 months: every 2 weeks after the initial interview, but all five
    # within the first 3 months, so late ones are capped at that limit; two
    # capped discussions stay two discussions due the same day (HE 167/2021).
    cap = add_months(job_search_start, SUPPLEMENTARY_FIRST_SERIES_MONTHS)
    for sequence in range(1, SUPPLEMENTARY_FIRST_SERIES_COUNT + 1):
        planned = initial_interview_on + SUPPLEMENTARY_FIRST_SERIES_INTERVAL * sequence
        if planned <= cap:
            counts_from, event = initial_interview_on, "initial_interview"
        else:
            planned, counts_from, event = cap, job_search_start, "job_search_start"
        candidates.append(
            _scheduled_supplementary(
                due_on=planned, counts_from=counts_from, event=event, sequence=sequence
            )
        )
    # After every 6 months of job search, a 1-month period with two discussions
    # (HE 167/2021). Sequences continue after the first series so that each
    # scheduled discussion of one job search keeps a stable number.
    for period in itertools.count(1):
        # Counted from the start each time so that month-end clamping does not
        # drift: 31.8. + 6 months = 28.2., but 31.8. + 12 months = 31.8.
        period_start = add_months(
            job_search_start, SUPPLEMENTARY_PERIOD_EVERY_MONTHS * period
        )
        if period_start > until:
            break
        first_sequence = SUPPLEMENTARY_FIRST_SERIES_COUNT + 2 * period - 1
        period_due = (
            period_start + SUPPLEMENTARY_PERIOD_FIRST_AFTER,
            add_months(period_start, SUPPLEMENTARY_PERIOD_MONTHS),
        )
        candidates.extend(
            _scheduled_supplementary(
                due_on=due_on,
                counts_from=period_start,
                event="six_month_period_start",
                sequence=first_sequence + index,
            )
            for index, due_on in enumerate(period_due)
        )
    return [
        deadline
        for deadline in candidates
        if deadline is not None and deadline.due_on <= until
    ]


def activation_plan_deadline(*, triggered_on: dt.date) -> Deadline | None:
    """When the activation plan is due: Polku's service level after the trigger."""
    return _deadline_from(
        StepKind.ACTIVATION_PLAN, anchor=triggered_on, anchor_event="trigger"
    )


def multisectoral_assessment_deadline(*, triggered_on: dt.date) -> Deadline | None:
    """When the multi-sectoral service-needs assessment is due after its trigger."""
    return _deadline_from(
        StepKind.MULTISECTORAL_ASSESSMENT, anchor=triggered_on, anchor_event="trigger"
    )


def multisectoral_plan_deadline(*, service_started_on: dt.date) -> Deadline | None:
    """The end of the mapping period, by which the multi-sectoral plan is due."""
    return _deadline_from(
        StepKind.MULTISECTORAL_PLAN,
        anchor=service_started_on,
        anchor_event="service_start",
    )


def multisectoral_review_deadline(*, anchor: dt.date) -> Deadline | None:
    """The latest review of a multi-sectoral plan after the plan or last review."""
    return _deadline_from(
        StepKind.MULTISECTORAL_REVIEW,
        anchor=anchor,
        anchor_event="plan_or_previous_review",
    )


def integration_plan_deadline(*, assessed_on: dt.date) -> Deadline | None:
    """When the integration plan must be started after the needs assessment."""
    return _deadline_from(
        StepKind.INTEGRATION_PLAN,
        anchor=assessed_on,
        anchor_event="integration_assessment",
    )


def shift_for_pause(
    *, due_on: dt.date, paused_on: dt.date, resumed_on: dt.date
) -> dt.date:
    """Move a deadline later by the calendar days it was paused."""
    if resumed_on < paused_on:
        raise ValueError("a deadline cannot resume before it was paused")
    # A pause that starts after the due day cannot revive a missed deadline.
    if paused_on > due_on:
        return due_on
    return due_on + (resumed_on - paused_on)


def rebooking_deadline(*, missed_on: dt.date) -> Deadline | None:
    """By when a new time is booked after a meeting missed or cancelled on
    `missed_on`, by the version in force that day."""
    return _deadline_from(StepKind.REBOOKING, anchor=missed_on, anchor_event="missed")
