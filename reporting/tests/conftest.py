"""Hand-computable August 2025 data shared by the reporting tests."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from cases import services as case_services
from cases.models import Case, JobSearchPeriod, ProcessStep, ServicePeriod, ServiceType

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

AUGUST = dt.date(2025, 8, 1)


def _service(case: Case, code: str, started_on: dt.date, user: User) -> None:
    case_services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code=code),
        started_on=started_on,
        planned_end_on=None,
        provider="",
        actor=user,
    )


def close_case(case: Case, on: dt.date, reason: str, actor: User) -> None:
    """Close the case through the service, as its caseworker would."""
    case_services.case_transition(
        case=case,
        to_status="closed",
        roles={"caseworker"},
        expected_version=Case.objects.get(pk=case.pk).version,
        on=on,
        actor=actor,
        exit_reason=reason,
    )


def service_period(
    case: Case,
    code: str,
    actor: User,
    *,
    started_on: dt.date,
    ended_on: dt.date | None = None,
) -> ServicePeriod:
    """A service period of the case, ended on `ended_on` if given."""
    period = case_services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code=code),
        started_on=started_on,
        planned_end_on=None,
        provider="",
        actor=actor,
    )
    if ended_on is not None:
        period = case_services.service_end(
            period=period, ended_on=ended_on, end_reason="", actor=actor
        )
    return period


@pytest.fixture
def august(
    register: Register,
    caseworker: User,
    employment_area: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> list[Case]:
    """Kalajoki: five job searches open on 31.8 (one registered in August, one
    ending on 31.8 itself), one ended 30.8, one registered 1.9; Heinola: one."""
    cases = [register(dt.date(2025, 5, 2)) for _ in range(4)]
    cases.append(register(dt.date(2025, 8, 31)))  # new in August, on its last day
    ended = register(dt.date(2025, 6, 2))
    JobSearchPeriod.objects.filter(pk=ended.job_search_period_id).update(
        ended_on=dt.date(2025, 8, 30)
    )
    JobSearchPeriod.objects.filter(pk=cases[3].job_search_period_id).update(
        ended_on=dt.date(2025, 8, 31)
    )
    register(dt.date(2025, 9, 1))  # September: not in August at all
    register(
        dt.date(2025, 5, 2),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    _service(cases[0], "coaching", dt.date(2025, 7, 1), caseworker)  # active, July
    _service(cases[1], "work_trial", dt.date(2025, 8, 31), caseworker)  # active, Aug
    _service(cases[2], "career_guidance", dt.date(2025, 8, 1), caseworker)  # not active
    # Deadlines: three initial interviews due in August, two held in time.
    steps = list(
        ProcessStep.objects.filter(
            case__in=cases[:3], kind="initial_interview"
        ).order_by("id")
    )
    ProcessStep.objects.filter(pk__in=[s.pk for s in steps]).update(
        due_on=dt.date(2025, 8, 15), status="open", completed_on=None
    )
    ProcessStep.objects.filter(pk=steps[0].pk).update(
        status="done", completed_on=dt.date(2025, 8, 15)
    )
    ProcessStep.objects.filter(pk=steps[1].pk).update(
        status="done", completed_on=dt.date(2025, 8, 10)
    )
    ProcessStep.objects.filter(
        organisation__in=[cases[0].organisation_id], due_on__month=8
    ).exclude(pk__in=[s.pk for s in steps]).update(due_on=dt.date(2025, 7, 1))
    return cases
