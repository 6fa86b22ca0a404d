"""The demo's plan: people from the seed alone, histories relative to the anchor."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.rules import process as process_rules
from cases.rules.calendar import is_working_day
from demo.people import people_plan
from demo.quotas import (
    DecisionMade,
    area_quota_years,
    decisions_plan,
    quota_decided_on,
)
from demo.services import demo_plan
from demo.stories import Shape, registered_for_interview_due


def _people(anchor: dt.date) -> list[tuple[str, str, dt.date, str, str]]:
    return [
        (
            h.person.key,
            h.person.identity_code,
            h.person.birth_date,
            h.person.first_names,
            h.person.last_name,
        )
        for h in demo_plan(seed=2026, per_municipality=12, anchor=anchor)
    ]


def test_people_depend_on_the_seed_only() -> None:
    assert _people(dt.date(2026, 12, 6)) == _people(dt.date(2028, 2, 29))
    assert people_plan(seed=1, per_municipality=5) != people_plan(
        seed=2, per_municipality=5
    )


def test_a_smaller_demo_is_the_first_people_of_a_larger_one() -> None:
    small = people_plan(seed=2026, per_municipality=4)
    large = {p.key: p for p in people_plan(seed=2026, per_municipality=40)}

    assert all(large[p.key] == p for p in small)


def test_identity_codes_are_unique_and_temporary() -> None:
    people = people_plan(seed=2026, per_municipality=200)

    assert len({p.identity_code for p in people}) == len(people)
    assert all(900 <= int(p.identity_code[7:10]) <= 999 for p in people)


@pytest.mark.parametrize(
    "anchor", [dt.date(2025, 1, 1), dt.date(2026, 12, 6), dt.date(2031, 7, 1)]
)
def test_nothing_is_planned_after_the_anchor_or_before_registration(
    anchor: dt.date,
) -> None:
    for history in demo_plan(seed=2026, per_municipality=20, anchor=anchor):
        assert history.registered_on <= anchor
        for entry in history.entries:
            assert history.registered_on <= entry.on < anchor
            if history.closed_on is not None:
                assert entry.on <= history.closed_on


def test_every_municipality_has_each_kind_of_job_search_first() -> None:
    histories = demo_plan(seed=2026, per_municipality=4, anchor=dt.date(2026, 12, 6))

    shapes = [h.shape for h in histories]

    assert (
        shapes
        == [
            Shape.LONG_OPEN,
            Shape.DUE_NOW,
            Shape.LATE_PILOT,
            Shape.RECENT_OPEN,
        ]
        * 3
    )


@pytest.mark.parametrize(
    "anchor",
    [dt.date(2026, 12, 7), dt.date(2026, 1, 2), dt.date(2025, 12, 31)],
)
def test_one_initial_interview_falls_due_on_the_anchor_day(anchor: dt.date) -> None:
    assert is_working_day(anchor)

    registered_on = registered_for_interview_due(anchor)

    deadline = process_rules.initial_interview_deadline(job_search_start=registered_on)
    assert deadline is not None
    assert deadline.due_on == anchor
    assert registered_on <= anchor


def test_quotas_are_decided_in_december_of_the_year_before() -> None:
    assert quota_decided_on(2027) == dt.date(2026, 12, 15)
    assert area_quota_years(dt.date(2026, 12, 14)) == [2025, 2026]
    assert area_quota_years(dt.date(2026, 12, 15)) == [2025, 2026, 2027]


def _decisions(anchor: dt.date) -> list[DecisionMade]:
    histories = demo_plan(seed=2026, per_municipality=10, anchor=anchor)
    return [
        entry.action
        for entry in decisions_plan(histories, anchor=anchor)
        if isinstance(entry.action, DecisionMade)
    ]


def test_no_decision_runs_into_a_year_whose_quotas_are_not_decided() -> None:
    # given: 10.12.2026, before the 2027 quotas are decided (15.12.2026)
    decisions = _decisions(dt.date(2026, 12, 10))

    # then
    assert decisions
    assert max(d.ends_on for d in decisions) <= dt.date(2026, 12, 31)


def test_after_next_years_quotas_a_decision_may_run_into_that_year() -> None:
    # given: 31.12.2026, after the 2027 quotas were decided
    decisions = _decisions(dt.date(2026, 12, 31))

    # then: the start-up grant runs its six months over both years' quotas
    grant = next(
        d for d in decisions if d.kind == "start_up_grant" and d.starts_on.year == 2026
    )
    assert grant.ends_on.year == 2027
    assert (grant.ends_on - grant.starts_on).days + 1 == 183
