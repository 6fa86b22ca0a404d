"""Exits, employment after services, long-term unemployment, overdue steps,
the municipal share of labour market subsidy and client satisfaction, each
against small hand-computed data at the month's boundaries."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.db import IntegrityError

from cases.models import (
    Case,
    JobSearchPeriod,
    Jobseeker,
    ProcessStep,
    ServicePeriod,
)
from cases.tests.factories import temporary_identity_code
from reporting import indicators, services
from reporting.definitions import DEFINITIONS
from reporting.models import SurveyAnswer
from reporting.tests.factories import survey_answer

from .conftest import close_case as _close
from .conftest import service_period as _service

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

AUG_1, AUG_31 = dt.date(2025, 8, 1), dt.date(2025, 8, 31)


# --- Exits to employment and education ---------------------------------------


def test_exits_are_shares_of_the_cases_closed_in_the_month(
    register: Register,
    caseworker: User,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    # given
    for closed_on, reason in [
        (AUG_1, "open_market_employment"),  # first day
        (AUG_31, "subsidised_employment"),  # last day
        (dt.date(2025, 8, 15), "education"),
        (dt.date(2025, 8, 15), "moved_away"),
        (dt.date(2025, 7, 31), "open_market_employment"),  # a day before
        (dt.date(2025, 9, 1), "education"),  # a day after
    ]:
        _close(register(dt.date(2025, 5, 2)), closed_on, reason, caseworker)
    register(dt.date(2025, 5, 2))  # still open
    heinola = register(
        dt.date(2025, 5, 2),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    _close(heinola, dt.date(2025, 8, 10), "other", other_municipality_caseworker)

    # when
    employment = indicators.exits_to_employment(AUG_1, AUG_31)
    education = indicators.exits_to_education(AUG_1, AUG_31)

    # then
    assert employment == {municipality.pk: (2, 4), other_municipality.pk: (0, 1)}
    assert education == {municipality.pk: (1, 4), other_municipality.pk: (0, 1)}


# --- Open-market employment 3 months after a service -------------------------


@pytest.fixture
def services_ended(register: Register, caseworker: User) -> dict[str, ServicePeriod]:
    """Services ended around May-June 2025; the follow-up day is end + 90."""
    codes = iter(range(30000, 30100))

    def ended(
        ended_on: dt.date, closed_on: dt.date | None = None, reason: str = ""
    ) -> tuple[ServicePeriod, str]:
        code = temporary_identity_code(next(codes))
        case = register(dt.date(2025, 1, 2), identity_code=code)
        period = _service(
            case,
            "coaching",
            caseworker,
            started_on=dt.date(2025, 2, 3),
            ended_on=ended_on,
        )
        if closed_on is not None:
            _close(case, closed_on, reason, caseworker)
        return period, code

    employed = "open_market_employment"
    periods: dict[str, ServicePeriod] = {}
    # Follow-up day 1.8 (the month's first day), employed since 15.6.
    periods["first_day"], _ = ended(dt.date(2025, 5, 3), dt.date(2025, 6, 15), employed)
    # Follow-up day 31.8, the job search ending in work that very day.
    periods["last_day"], _ = ended(dt.date(2025, 6, 2), AUG_31, employed)
    # Employed in June but registered again in July: unemployed on 18.8.
    periods["returned"], code = ended(
        dt.date(2025, 5, 20), dt.date(2025, 6, 10), employed
    )
    register(dt.date(2025, 7, 1), identity_code=code)
    periods["still_searching"], _ = ended(dt.date(2025, 5, 20))
    # Subsidised employment is not open-market employment.
    periods["subsidised"], _ = ended(
        dt.date(2025, 5, 20), dt.date(2025, 6, 1), "subsidised_employment"
    )
    # Employed only after the follow-up day (18.8).
    periods["too_late"], _ = ended(dt.date(2025, 5, 20), dt.date(2025, 9, 1), employed)
    # Registered again as "employed, seeking another job".
    periods["employed_jobseeker"], code = ended(
        dt.date(2025, 5, 20), dt.date(2025, 6, 10), "other"
    )
    again = register(dt.date(2025, 7, 1), identity_code=code)
    JobSearchPeriod.objects.filter(pk=again.job_search_period_id).update(
        status_at_start="employed"
    )
    # Follow-up day 31.7 (July) and 1.9 (September: not mature in August).
    periods["july"], _ = ended(dt.date(2025, 5, 2), dt.date(2025, 6, 1), employed)
    periods["september"], _ = ended(dt.date(2025, 6, 3), dt.date(2025, 7, 1), employed)
    return periods


def test_employment_is_read_on_the_follow_up_day_of_services_matured_in_the_month(
    services_ended: dict[str, ServicePeriod], municipality: Organisation
) -> None:
    # when
    august = indicators.employed_3_months_after_service(AUG_1, AUG_31)

    # then: seven services followed up in August (not "july", not "september");
    # employed: first_day, last_day, employed_jobseeker.
    assert august == {municipality.pk: (3, 7)}


def test_a_service_counts_only_once_its_maturity_window_has_passed(
    services_ended: dict[str, ServicePeriod], municipality: Organisation
) -> None:
    july = indicators.employed_3_months_after_service(
        dt.date(2025, 7, 1), dt.date(2025, 7, 31)
    )
    september = indicators.employed_3_months_after_service(
        dt.date(2025, 9, 1), dt.date(2025, 9, 30)
    )

    assert july == {municipality.pk: (1, 1)}
    assert september == {municipality.pk: (1, 1)}


def test_the_maturity_window_of_the_definition_is_the_follow_up_of_the_sql() -> None:
    (definition,) = (
        d for d in DEFINITIONS if d["code"] == "employed_3_months_after_service"
    )

    assert definition["maturity_days"] == indicators.FOLLOW_UP_DAYS == 90


# --- Long-term unemployed share ------------------------------------------------


def test_long_term_unemployed_are_a_year_or_more_into_their_job_search(
    register: Register, caseworker: User, municipality: Organisation
) -> None:
    # given: 31.8.2025 - 12 months = 31.8.2024
    register(dt.date(2024, 8, 31))  # exactly a year: long-term
    register(dt.date(2024, 9, 1))  # a day short: unemployed
    in_service = register(dt.date(2024, 1, 10))
    _service(in_service, "coaching", caseworker, started_on=dt.date(2025, 8, 1))
    threatened = register(dt.date(2024, 1, 10))
    JobSearchPeriod.objects.filter(pk=threatened.job_search_period_id).update(
        status_at_start="threat"
    )
    _close(register(dt.date(2023, 5, 2)), dt.date(2025, 8, 30), "other", caseworker)
    ends_on_last_day = register(dt.date(2023, 5, 2))
    _close(ends_on_last_day, AUG_31, "other", caseworker)  # still open on 31.8
    register(AUG_31)  # new on the last day
    register(dt.date(2025, 9, 1))  # after the month

    # when
    counts = indicators.long_term_unemployed_share(AUG_1, AUG_31)

    # then: long-term 31.8.2024 and 2.5.2023 (ending 31.8); unemployed also
    # 1.9.2024 and 31.8.2025. In a service or under threat: not unemployed.
    assert counts == {municipality.pk: (2, 4)}


# --- Overdue steps at month end -------------------------------------------------


def test_overdue_steps_are_those_past_due_and_not_done_at_the_months_end(
    register: Register,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    # given
    case = register(dt.date(2025, 5, 2))
    ProcessStep.objects.filter(case=case).delete()
    steps = [
        (dt.date(2025, 8, 30), "open", {}),  # overdue on 31.8
        (AUG_31, "open", {}),  # due on the last day: not yet overdue
        (AUG_1, "open", {}),  # overdue
        (dt.date(2025, 9, 1), "open", {}),  # due after the month
        (dt.date(2025, 7, 15), "done", {"completed_on": AUG_31}),  # done in time
        (dt.date(2025, 7, 15), "done", {"completed_on": dt.date(2025, 9, 1)}),
        (dt.date(2025, 7, 15), "paused", {"paused_on": dt.date(2025, 8, 20)}),
        (dt.date(2025, 7, 15), "paused", {"paused_on": dt.date(2025, 9, 1)}),
        (dt.date(2025, 7, 15), "cancelled", {}),
    ]
    for sequence, (due_on, status, extra) in enumerate(steps, start=1):
        ProcessStep.objects.create(
            organisation=municipality,
            case=case,
            jobseeker=case.jobseeker,
            kind="job_search_discussion",
            sequence=sequence,
            status=status,
            due_on=due_on,
            counts_from=dt.date(2025, 5, 2),
            counts_from_event="registration",
            rule_code="test",
            **extra,
        )
    heinola = register(
        dt.date(2025, 5, 2),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    ProcessStep.objects.filter(case=heinola).update(due_on=dt.date(2025, 6, 1))

    # when
    counts = indicators.overdue_steps_month_end(AUG_1, AUG_31)

    # then: due 30.8 and 1.8 open, done 1.9, paused 1.9; Heinola's interview.
    assert counts == {municipality.pk: (4, None), other_municipality.pk: (1, None)}


# --- Municipal share of labour market subsidy ---------------------------------

OCT_2024 = (dt.date(2024, 10, 1), dt.date(2024, 10, 31))  # Tue-Thu, 23 weekdays
OCT_2025 = (dt.date(2025, 10, 1), dt.date(2025, 10, 31))  # Wed-Fri, 23 weekdays


def _on_subsidy(
    case: Case,
    days: int,
    as_of: dt.date | None,
    benefit_type: str = "labour_market_subsidy",
) -> None:
    Jobseeker.objects.filter(pk=case.jobseeker_id).update(
        benefit_type=benefit_type,
        lms_days_for_unemployment=days,
        benefit_days_as_of=as_of,
    )


def _end_search(case: Case, on: dt.date) -> None:
    JobSearchPeriod.objects.filter(pk=case.job_search_period_id).update(ended_on=on)


def test_subsidy_days_are_weighted_by_the_2024_municipal_share(
    register: Register, caseworker: User, municipality: Organisation
) -> None:
    # given
    first, last = OCT_2024
    # Counter 1,010 on 31.10: days 988-1,010 → 13 at 50 %, 10 at 70 %.
    _on_subsidy(register(dt.date(2024, 1, 2)), 1010, last)
    _on_subsidy(register(dt.date(2024, 1, 2)), 100, last)  # 23 days at 0 %
    # In coaching from 21.10: 14 weekdays 1.-18.10, days 487-500 at 50 %.
    in_service = register(dt.date(2024, 1, 2))
    _service(in_service, "coaching", caseworker, started_on=dt.date(2024, 10, 21))
    _on_subsidy(in_service, 500, last)
    # Earnings-related allowance: not in the figure.
    _on_subsidy(register(dt.date(2024, 1, 2)), 800, last, "earnings_related")
    # Job search ending on 1.10 (first day): one day, the 301st, at 50 %.
    ends_first_day = register(dt.date(2024, 1, 2))
    _end_search(ends_first_day, first)
    _on_subsidy(ends_first_day, 301, first)
    # Registered on 31.10 (last day): one day at 0 %; no as-of date.
    _on_subsidy(register(last), 0, None)
    # Counter 295 on 17.10, projected +14 calendar days * 5/7 = 305 on 31.10:
    # days 283-305 → 5 at 50 %.
    _on_subsidy(register(dt.date(2024, 1, 2)), 295, dt.date(2024, 10, 17))
    # Outside the month: ended 30.9, registered 1.11.
    ended_before = register(dt.date(2024, 1, 2))
    _end_search(ended_before, dt.date(2024, 9, 30))
    _on_subsidy(ended_before, 900, dt.date(2024, 9, 30))
    _on_subsidy(register(dt.date(2024, 11, 1)), 900, dt.date(2024, 11, 1))

    # when
    counts = indicators.labour_market_subsidy_municipal_share(first, last)

    # then
    numerator = 13 * 50 + 10 * 70 + 14 * 50 + 50 + 5 * 50
    days = 23 + 23 + 14 + 1 + 1 + 23
    assert counts == {municipality.pk: (numerator, 100 * days)}
    assert numerator * 100 // (100 * days) == 27  # % of the month's subsidy


@pytest.mark.parametrize(
    ("last", "version"), [(dt.date(2024, 12, 31), 1), (dt.date(2025, 1, 31), 2)]
)
def test_the_subsidy_definition_changes_with_the_financing_reform(
    last: dt.date, version: int
) -> None:
    (definition,) = (
        d
        for d in services.definitions_in_force(last)
        if d.code == "labour_market_subsidy_municipal_share"
    )

    assert definition.version == version


def test_from_2025_service_days_carry_the_share_but_pay_subsidy_days_do_not(
    register: Register, caseworker: User, municipality: Organisation
) -> None:
    # given
    first, last = OCT_2025
    in_coaching = register(dt.date(2025, 1, 2))
    _service(in_coaching, "coaching", caseworker, started_on=dt.date(2025, 9, 1))
    _on_subsidy(in_coaching, 1000, last)  # days 978-1,000, all at 50 %
    in_pay_subsidy = register(dt.date(2025, 1, 2))
    _service(in_pay_subsidy, "pay_subsidy", caseworker, started_on=dt.date(2025, 9, 1))
    _on_subsidy(in_pay_subsidy, 1000, last)  # paid wages, not subsidy

    # when
    counts = indicators.labour_market_subsidy_municipal_share(first, last)

    # then
    assert counts == {municipality.pk: (23 * 50, 23 * 100)}


def test_the_subsidy_share_is_grouped_by_the_paying_home_municipality(
    register: Register, municipality: Organisation, other_municipality: Organisation
) -> None:
    first, last = OCT_2025
    case = register(dt.date(2025, 1, 2))
    Jobseeker.objects.filter(pk=case.jobseeker_id).update(
        home_municipality=other_municipality
    )
    _on_subsidy(case, 2000, last)

    counts = indicators.labour_market_subsidy_municipal_share(first, last)

    assert counts == {other_municipality.pk: (23 * 70, 23 * 100)}


# --- Client satisfaction --------------------------------------------------------


def test_satisfaction_is_the_share_of_answers_scoring_4_or_5(
    municipality: Organisation, other_municipality: Organisation
) -> None:
    # given
    for answered_on, score in [
        (AUG_1, 5),
        (AUG_31, 4),
        (dt.date(2025, 8, 15), 3),
        (dt.date(2025, 8, 15), 1),
        (dt.date(2025, 7, 31), 5),
        (dt.date(2025, 9, 1), 5),
    ]:
        survey_answer(
            organisation=municipality,
            answered_on=answered_on,
            score=score,
            channel="office",
        )
    survey_answer(
        organisation=other_municipality, answered_on=dt.date(2025, 8, 10), score=4
    )

    # when
    counts = indicators.client_satisfaction(AUG_1, AUG_31)

    # then
    assert counts == {municipality.pk: (2, 4), other_municipality.pk: (1, 1)}


@pytest.mark.parametrize("score", [0, 6])
def test_a_score_outside_1_to_5_is_refused(
    municipality: Organisation, score: int
) -> None:
    with pytest.raises(IntegrityError):
        survey_answer(organisation=municipality, answered_on=AUG_1, score=score)


@pytest.mark.parametrize(
    "fields",
    [
        {"channel": "pigeon"},
        {"survey_channel": "letter"},
        {"meeting_kind": "coffee"},
        {"comment": "x" * 2001},
    ],
)
def test_the_database_refuses_what_the_survey_cannot_store(
    municipality: Organisation, fields: dict[str, str]
) -> None:
    with pytest.raises(IntegrityError):
        survey_answer(organisation=municipality, answered_on=AUG_1, score=4, **fields)


def test_an_answer_keeps_the_month_only(municipality: Organisation) -> None:
    with pytest.raises(IntegrityError):
        SurveyAnswer.objects.create(
            organisation=municipality, month=dt.date(2025, 8, 15), score=4
        )
