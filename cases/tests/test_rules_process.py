"""Effective-dated deadline rules of the jobseeker process; no database."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

import pytest
from django.utils import translation

from cases.rules.process import (
    RULES,
    Deadline,
    RuleVersion,
    StepKind,
    Unit,
    activation_plan_deadline,
    due_date,
    initial_interview_deadline,
    initial_interview_required,
    integration_plan_deadline,
    job_search_discussion_deadline,
    multisectoral_plan_deadline,
    multisectoral_review_deadline,
    rule_in_force,
    shift_for_pause,
    supplementary_discussion_deadlines,
)

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    # Citations and notes are lazy translations; these tests compare them as
    # written in the code, whatever the default language.
    with translation.override("en"):
        yield


def _due_dates(deadlines: list[Deadline]) -> list[dt.date]:
    return [deadline.due_on for deadline in deadlines]


# Rule versions


@pytest.mark.parametrize("step", list(StepKind))
def test_versions_of_a_step_neither_overlap_nor_leave_gaps(step: StepKind) -> None:
    # given
    versions = sorted(
        (rule for rule in RULES if rule.step == step), key=lambda r: r.valid_from
    )
    # then
    assert versions, f"no rule versions for {step}"
    for earlier, later in itertools.pairwise(versions):
        assert earlier.valid_until is not None, f"{earlier.code} never ends"
        assert later.valid_from == earlier.valid_until + dt.timedelta(days=1), (
            f"{earlier.code} and {later.code} overlap or leave a gap"
        )
    assert versions[-1].valid_until is None


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_version_cites_a_source_and_is_named_after_its_start(
    rule: RuleVersion,
) -> None:
    assert rule.source.strip()
    assert rule.code == f"{rule.step}/{rule.valid_from.isoformat()}"
    assert (rule.amount is None) == (rule.unit is None)


def test_rule_codes_are_unique() -> None:
    codes = [rule.code for rule in RULES]

    assert len(codes) == len(set(codes))


def test_no_rule_is_in_force_before_the_first_version() -> None:
    assert rule_in_force(StepKind.INITIAL_INTERVIEW, dt.date(2012, 12, 31)) is None
    assert rule_in_force(StepKind.SUPPLEMENTARY_DISCUSSION, dt.date(2022, 5, 1)) is None


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (dt.date(2022, 5, 1), "initial_interview/2013-01-01"),
        (dt.date(2022, 5, 2), "initial_interview/2022-05-02"),
        (dt.date(2024, 12, 31), "initial_interview/2022-05-02"),
        (dt.date(2025, 1, 1), "initial_interview/2025-01-01"),
        (dt.date(2025, 12, 31), "initial_interview/2025-01-01"),
        (dt.date(2026, 1, 1), "initial_interview/2026-01-01"),
        (dt.date(2040, 1, 1), "initial_interview/2026-01-01"),
    ],
)
def test_rule_in_force_picks_the_version_containing_the_day(
    day: dt.date, code: str
) -> None:
    rule = rule_in_force(StepKind.INITIAL_INTERVIEW, day)

    assert rule is not None
    assert rule.code == code


def test_due_date_refuses_a_version_without_a_day_count() -> None:
    rule = rule_in_force(StepKind.SUPPLEMENTARY_DISCUSSION, dt.date(2026, 1, 1))
    assert rule is not None

    with pytest.raises(ValueError, match="sets no deadline"):
        due_date(rule, dt.date(2026, 1, 1))


# Initial interview


@pytest.mark.parametrize(
    ("registered_on", "due_on", "amount", "unit"),
    [
        # Last day of the 2-week rule: 14 calendar days, even onto a Sunday.
        (dt.date(2022, 5, 1), dt.date(2022, 5, 15), 14, Unit.CALENDAR_DAYS),
        # Nordic model: Monday + 5 working days.
        (dt.date(2022, 5, 2), dt.date(2022, 5, 9), 5, Unit.WORKING_DAYS),
        # Tuesday; skips New Year's Day and Epiphany (Monday 6.1.2025).
        (dt.date(2024, 12, 31), dt.date(2025, 1, 9), 5, Unit.WORKING_DAYS),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 9), 5, Unit.WORKING_DAYS),
        # Wednesday; skips New Year's Day and Epiphany (Tuesday 6.1.2026).
        (dt.date(2025, 12, 31), dt.date(2026, 1, 9), 5, Unit.WORKING_DAYS),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 16), 10, Unit.WORKING_DAYS),
    ],
)
def test_initial_interview_rule_follows_the_registration_day_at_each_boundary(
    registered_on: dt.date, due_on: dt.date, amount: int, unit: Unit
) -> None:
    deadline = initial_interview_deadline(job_search_start=registered_on)

    assert deadline is not None
    assert deadline.due_on == due_on
    assert (deadline.rule.amount, deadline.rule.unit) == (amount, unit)
    assert deadline.counts_from == registered_on
    assert deadline.counts_from_event == "job_search_start"


def test_initial_interview_source_changes_to_the_new_act_in_2025() -> None:
    before = initial_interview_deadline(job_search_start=dt.date(2024, 12, 31))
    after = initial_interview_deadline(job_search_start=dt.date(2025, 1, 1))

    assert before is not None
    assert after is not None
    assert "916/2012" in str(before.rule.source)
    assert "380/2023" in str(after.rule.source)


def test_initial_interview_is_due_five_working_days_after_registration_in_2025() -> (
    None
):
    # given a registration on Friday 2.5.2025, the day after May Day
    # when
    deadline = initial_interview_deadline(job_search_start=dt.date(2025, 5, 2))
    # then
    assert deadline is not None
    assert deadline.due_on == dt.date(2025, 5, 9)


@pytest.mark.parametrize(
    ("registered_on", "due_on"),
    [
        # Friday: the weekend is skipped, due the next Friday.
        (dt.date(2025, 3, 7), dt.date(2025, 3, 14)),
        # Maundy Thursday: Good Friday and Easter Monday are skipped.
        (dt.date(2025, 4, 17), dt.date(2025, 4, 28)),
        # Wednesday before May Day (Thursday 1.5.2025).
        (dt.date(2025, 4, 30), dt.date(2025, 5, 8)),
        # Wednesday before Midsummer Eve (Friday 20.6.2025).
        (dt.date(2025, 6, 18), dt.date(2025, 6, 26)),
        # Monday before Christmas: 24–26.12 and New Year's Day are skipped.
        (dt.date(2025, 12, 22), dt.date(2026, 1, 2)),
        # Friday before Epiphany (Monday 6.1.2025).
        (dt.date(2025, 1, 3), dt.date(2025, 1, 13)),
        # Wednesday before Independence Day (Friday 6.12.2024).
        (dt.date(2024, 12, 4), dt.date(2024, 12, 12)),
    ],
)
def test_initial_interview_working_days_skip_weekends_and_holidays(
    registered_on: dt.date, due_on: dt.date
) -> None:
    deadline = initial_interview_deadline(job_search_start=registered_on)

    assert deadline is not None
    assert deadline.due_on == due_on


def test_no_initial_interview_deadline_before_the_2013_act() -> None:
    assert initial_interview_deadline(job_search_start=dt.date(2012, 12, 31)) is None


@pytest.mark.parametrize(
    ("job_search_start", "previous_end", "required"),
    [
        (dt.date(2025, 8, 31), dt.date(2025, 3, 1), False),  # 6 months minus a day
        (dt.date(2025, 9, 1), dt.date(2025, 3, 1), True),  # exactly 6 months
        (dt.date(2026, 2, 27), dt.date(2025, 8, 31), False),
        (dt.date(2026, 2, 28), dt.date(2025, 8, 31), True),  # month end clamps
        (dt.date(2025, 9, 1), None, True),  # first job search
        (dt.date(2022, 5, 1), dt.date(2022, 4, 1), True),  # before the Nordic model
        (dt.date(2022, 5, 2), dt.date(2022, 4, 1), False),
    ],
)
def test_returning_jobseeker_gets_an_initial_interview_after_six_months(
    job_search_start: dt.date, previous_end: dt.date | None, required: bool
) -> None:
    assert (
        initial_interview_required(
            job_search_start=job_search_start, previous_job_search_end=previous_end
        )
        is required
    )


def test_previous_job_search_ending_after_the_new_start_is_refused() -> None:
    with pytest.raises(ValueError, match="previous job search"):
        initial_interview_required(
            job_search_start=dt.date(2025, 3, 1),
            previous_job_search_end=dt.date(2025, 3, 2),
        )


# Job search discussion


def test_job_search_discussion_is_due_three_months_later_clamped_to_month_end() -> None:
    # given an initial interview on 31.1.2025; 30.4.2025 is a Wednesday
    # when
    deadline = job_search_discussion_deadline(
        anchor=dt.date(2025, 1, 31), anchor_event="initial_interview"
    )
    # then
    assert deadline is not None
    assert deadline.due_on == dt.date(2025, 4, 30)
    assert deadline.counts_from == dt.date(2025, 1, 31)
    assert deadline.counts_from_event == "initial_interview"
    assert deadline.rule.code == "job_search_discussion/2025-01-01"


@pytest.mark.parametrize(
    ("anchor", "due_on"),
    [
        # 5.7.2025 is a Saturday → Friday.
        (dt.date(2025, 4, 5), dt.date(2025, 7, 4)),
        # 14.9.2025 is a Sunday → Friday.
        (dt.date(2025, 6, 14), dt.date(2025, 9, 12)),
        # 18.4.2025 is Good Friday → Maundy Thursday.
        (dt.date(2025, 1, 18), dt.date(2025, 4, 17)),
        # 1.5.2025 is May Day → Wednesday.
        (dt.date(2025, 2, 1), dt.date(2025, 4, 30)),
        # 26.12.2025 → back over Christmas Day and Christmas Eve to 23.12.
        (dt.date(2025, 9, 26), dt.date(2025, 12, 23)),
        # 6.1.2026 is Epiphany (Tuesday) → Monday.
        (dt.date(2025, 10, 6), dt.date(2026, 1, 5)),
    ],
)
def test_job_search_discussion_due_on_a_day_off_moves_to_the_working_day_before(
    anchor: dt.date, due_on: dt.date
) -> None:
    deadline = job_search_discussion_deadline(
        anchor=anchor, anchor_event="previous_discussion"
    )

    assert deadline is not None
    assert deadline.due_on == due_on


@pytest.mark.parametrize(
    ("anchor", "code"),
    [
        (dt.date(2017, 1, 1), "job_search_discussion/2017-01-01"),
        (dt.date(2022, 5, 1), "job_search_discussion/2017-01-01"),
        (dt.date(2022, 5, 2), "job_search_discussion/2022-05-02"),
        # The anchor decides, though the due date (28.2.2025) is under 380/2023.
        (dt.date(2024, 11, 30), "job_search_discussion/2022-05-02"),
        (dt.date(2026, 3, 1), "job_search_discussion/2025-01-01"),
    ],
)
def test_job_search_discussion_uses_the_version_in_force_on_the_anchor(
    anchor: dt.date, code: str
) -> None:
    deadline = job_search_discussion_deadline(
        anchor=anchor, anchor_event="previous_discussion"
    )

    assert deadline is not None
    assert deadline.rule.code == code


def test_no_three_monthly_discussion_is_computed_before_2017() -> None:
    assert (
        job_search_discussion_deadline(
            anchor=dt.date(2016, 12, 31), anchor_event="initial_interview"
        )
        is None
    )


# Supplementary discussions


def test_five_supplementary_discussions_fall_every_two_weeks_in_2025() -> None:
    # given a job search from Monday 3.2.2025, initial interview Friday 7.2.2025
    # when
    deadlines = supplementary_discussion_deadlines(
        job_search_start=dt.date(2025, 2, 3),
        initial_interview_on=dt.date(2025, 2, 7),
        until=dt.date(2025, 5, 31),
    )
    # then the fifth, on Good Friday 18.4.2025, moves to Maundy Thursday
    assert _due_dates(deadlines) == [
        dt.date(2025, 2, 21),
        dt.date(2025, 3, 7),
        dt.date(2025, 3, 21),
        dt.date(2025, 4, 4),
        dt.date(2025, 4, 17),
    ]
    assert [deadline.sequence for deadline in deadlines] == [1, 2, 3, 4, 5]
    assert {deadline.counts_from_event for deadline in deadlines} == {
        "initial_interview"
    }
    assert {deadline.rule.code for deadline in deadlines} == {
        "supplementary_discussion/2022-05-02"
    }


def test_late_supplementary_discussions_are_capped_at_three_months() -> None:
    # given a late initial interview: 14.4.2025 for a job search from 3.3.2025
    # when
    deadlines = supplementary_discussion_deadlines(
        job_search_start=dt.date(2025, 3, 3),
        initial_interview_on=dt.date(2025, 4, 14),
        until=dt.date(2025, 6, 30),
    )
    # then the 4th (9.6.) and 5th (23.6.) are both due on Tuesday 3.6.2025
    assert _due_dates(deadlines) == [
        dt.date(2025, 4, 28),
        dt.date(2025, 5, 12),
        dt.date(2025, 5, 26),
        dt.date(2025, 6, 3),
        dt.date(2025, 6, 3),
    ]
    assert [deadline.sequence for deadline in deadlines] == [1, 2, 3, 4, 5]
    assert deadlines[-1].counts_from == dt.date(2025, 3, 3)
    assert deadlines[-1].counts_from_event == "job_search_start"


def test_no_supplementary_discussion_is_due_on_or_after_1_january_2026() -> None:
    # given a job search from 1.11.2025; the 4th discussion would fall on 1.1.2026
    # when
    deadlines = supplementary_discussion_deadlines(
        job_search_start=dt.date(2025, 11, 1),
        initial_interview_on=dt.date(2025, 11, 6),
        until=dt.date(2026, 12, 31),
    )
    # then
    assert _due_dates(deadlines) == [
        dt.date(2025, 11, 20),
        dt.date(2025, 12, 4),
        dt.date(2025, 12, 18),
    ]


def test_six_months_of_job_search_open_a_period_of_two_discussions() -> None:
    # given a job search from 3.2.2025; the period starts on Sunday 3.8.2025
    # when
    deadlines = supplementary_discussion_deadlines(
        job_search_start=dt.date(2025, 2, 3),
        initial_interview_on=dt.date(2025, 2, 7),
        until=dt.date(2025, 12, 31),
    )
    # then the first falls on Sunday 17.8. and moves to Friday
    period = deadlines[5:]
    assert _due_dates(period) == [dt.date(2025, 8, 15), dt.date(2025, 9, 3)]
    assert [deadline.sequence for deadline in period] == [6, 7]
    assert {deadline.counts_from for deadline in period} == {dt.date(2025, 8, 3)}
    assert {deadline.counts_from_event for deadline in period} == {
        "six_month_period_start"
    }


def test_six_month_periods_repeat_while_the_job_search_continues() -> None:
    deadlines = supplementary_discussion_deadlines(
        job_search_start=dt.date(2024, 2, 5),
        initial_interview_on=dt.date(2024, 2, 9),
        until=dt.date(2026, 12, 31),
    )

    # Periods start 5.8.2024, 5.2.2025 and 5.8.2025; the one from 5.2.2026
    # falls under the 2026 rule.
    assert _due_dates(deadlines[5:]) == [
        dt.date(2024, 8, 19),
        dt.date(2024, 9, 5),
        dt.date(2025, 2, 19),
        dt.date(2025, 3, 5),
        dt.date(2025, 8, 19),
        dt.date(2025, 9, 5),
    ]
    assert [deadline.sequence for deadline in deadlines[5:]] == [6, 7, 8, 9, 10, 11]


def test_a_period_straddling_the_2026_change_keeps_only_its_2025_discussion() -> None:
    # given a job search from 2.6.2025: its period starts 2.12.2025
    # when
    deadlines = supplementary_discussion_deadlines(
        job_search_start=dt.date(2025, 6, 2),
        initial_interview_on=dt.date(2025, 6, 5),
        until=dt.date(2026, 12, 31),
    )
    # then the second discussion, due 2.1.2026, is no longer scheduled
    assert _due_dates(deadlines[5:]) == [dt.date(2025, 12, 16)]


def test_supplementary_discussions_stop_at_until() -> None:
    deadlines = supplementary_discussion_deadlines(
        job_search_start=dt.date(2025, 2, 3),
        initial_interview_on=dt.date(2025, 2, 7),
        until=dt.date(2025, 3, 7),
    )

    assert _due_dates(deadlines) == [dt.date(2025, 2, 21), dt.date(2025, 3, 7)]


def test_no_supplementary_discussions_before_the_nordic_model() -> None:
    deadlines = supplementary_discussion_deadlines(
        job_search_start=dt.date(2022, 1, 3),
        initial_interview_on=dt.date(2022, 1, 10),
        until=dt.date(2022, 5, 1),
    )

    assert deadlines == []


def test_initial_interview_before_the_job_search_is_refused() -> None:
    with pytest.raises(ValueError, match="initial interview"):
        supplementary_discussion_deadlines(
            job_search_start=dt.date(2025, 2, 3),
            initial_interview_on=dt.date(2025, 2, 2),
            until=dt.date(2025, 12, 31),
        )


# Plans


@pytest.mark.parametrize(
    ("triggered_on", "due_on", "code"),
    [
        (dt.date(2025, 3, 3), dt.date(2025, 3, 17), "activation_plan/2010-09-01"),
        (dt.date(2026, 1, 2), dt.date(2026, 1, 16), "activation_plan/2026-01-01"),
    ],
)
def test_activation_plan_is_due_after_polkus_14_day_service_level(
    triggered_on: dt.date, due_on: dt.date, code: str
) -> None:
    deadline = activation_plan_deadline(triggered_on=triggered_on)

    assert deadline is not None
    assert deadline.due_on == due_on
    assert deadline.rule.code == code
    assert deadline.counts_from_event == "trigger"
    assert "no statutory day count" in deadline.rule.note.lower()


def test_no_activation_plan_deadline_before_september_2010() -> None:
    assert activation_plan_deadline(triggered_on=dt.date(2010, 8, 31)) is None


@pytest.mark.parametrize(
    ("started_on", "due_on", "source"),
    [
        (
            dt.date(2024, 11, 30),
            dt.date(2025, 2, 28),
            "Act on Multi-sectoral Joint Service Promoting Employment (1369/2014) "
            "sections 3–4",
        ),
        (
            dt.date(2025, 1, 31),
            dt.date(2025, 4, 30),
            "Act on Multi-sectoral Promotion of Employment (381/2023)",
        ),
    ],
)
def test_multisectoral_plan_is_due_by_the_end_of_the_three_month_mapping_period(
    started_on: dt.date, due_on: dt.date, source: str
) -> None:
    deadline = multisectoral_plan_deadline(service_started_on=started_on)

    assert deadline is not None
    assert deadline.due_on == due_on
    assert str(deadline.rule.source) == source
    assert deadline.counts_from_event == "service_start"


def test_multisectoral_plan_is_reviewed_at_least_every_six_months() -> None:
    deadline = multisectoral_review_deadline(anchor=dt.date(2025, 8, 31))

    assert deadline is not None
    assert deadline.due_on == dt.date(2026, 2, 28)
    # The doubt about 381/2023 stays in the code's comments, not in the text.
    assert "Polku's default" in deadline.rule.note
    assert "⚠" not in deadline.rule.note


def test_no_multisectoral_deadlines_before_2015() -> None:
    assert multisectoral_plan_deadline(service_started_on=dt.date(2014, 12, 31)) is None
    assert multisectoral_review_deadline(anchor=dt.date(2014, 12, 31)) is None


@pytest.mark.parametrize(
    ("assessed_on", "due_on", "source"),
    [
        (dt.date(2024, 12, 10), dt.date(2024, 12, 24), "(1386/2010)"),
        (dt.date(2025, 1, 2), dt.date(2025, 1, 16), "(681/2023)"),
    ],
)
def test_integration_plan_is_started_within_14_days_of_the_assessment(
    assessed_on: dt.date, due_on: dt.date, source: str
) -> None:
    deadline = integration_plan_deadline(assessed_on=assessed_on)

    assert deadline is not None
    assert deadline.due_on == due_on
    assert str(deadline.rule.source).endswith(source)


# Pauses


def test_a_paused_deadline_moves_later_by_the_days_paused() -> None:
    # given a deadline on 9.5.2025 paused for a week
    # when
    moved = shift_for_pause(
        due_on=dt.date(2025, 5, 9),
        paused_on=dt.date(2025, 5, 5),
        resumed_on=dt.date(2025, 5, 12),
    )
    # then
    assert moved == dt.date(2025, 5, 16)


@pytest.mark.parametrize(
    ("paused_on", "resumed_on", "expected"),
    [
        (dt.date(2025, 5, 9), dt.date(2025, 5, 10), dt.date(2025, 5, 10)),  # on the day
        (dt.date(2025, 5, 5), dt.date(2025, 5, 5), dt.date(2025, 5, 9)),  # zero days
        (dt.date(2025, 5, 10), dt.date(2025, 5, 20), dt.date(2025, 5, 9)),  # after it
    ],
)
def test_pause_boundaries(
    paused_on: dt.date, resumed_on: dt.date, expected: dt.date
) -> None:
    moved = shift_for_pause(
        due_on=dt.date(2025, 5, 9), paused_on=paused_on, resumed_on=resumed_on
    )

    assert moved == expected


def test_resuming_before_pausing_is_refused() -> None:
    with pytest.raises(ValueError, match="resume"):
        shift_for_pause(
            due_on=dt.date(2025, 5, 9),
            paused_on=dt.date(2025, 5, 5),
            resumed_on=dt.date(2025, 5, 4),
        )
