"""Deadlines that follow from the jobseeker's facts: the activation plan,
multi-sectoral assessment and integration plan (cases.rules.triggers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cases.models import (
    Case,
    Jobseeker,
    Plan,
    PlanVersion,
    ProcessStep,
    ServicePeriod,
)
from cases.models.process import StepKind, StepStatus
from cases.models.records import PlanKind
from cases.rules import registration as registration_rules
from cases.rules import triggers
from cases.rules.calendar import whole_months_between

from .steps import step_complete, step_create, steps_open_locked

if TYPE_CHECKING:
    import datetime as dt

# The catalogue code of the multi-sectoral service (cases.service_catalogue).
MULTISECTORAL_SERVICE = "multisectoral_service"


def benefit_facts(
    jobseeker: Jobseeker,
    *,
    on: dt.date,
    case: Case | None,
    job_search_start: dt.date | None = None,
    has_employment_plan: bool | None = None,
) -> triggers.BenefitFacts:
    """The jobseeker's facts on `on` as the trigger rules take them: the age
    and whole months of unemployment on that day, an employment plan agreed
    by then (`has_employment_plan` when the caller read it already:
    cases.selectors.employment_plan_section), and the benefit figures as
    last recorded."""
    if job_search_start is None and case is not None:
        job_search_start = case.job_search_period.started_on
    has_plan = has_employment_plan
    if has_plan is None:
        has_plan = PlanVersion.objects.filter(
            plan__case__jobseeker=jobseeker,
            plan__kind=PlanKind.EMPLOYMENT,
            agreed_on__lte=on,
        ).exists()
    return registration_rules.benefit_facts_from(
        jobseeker,
        birth_date=jobseeker.birth_date,
        on=on,
        has_employment_plan=has_plan,
        months_continuously_unemployed=(
            whole_months_between(job_search_start, on) if job_search_start else 0
        ),
    )


def integration_facts(jobseeker: Jobseeker) -> registration_rules.Integration:
    return registration_rules.Integration(
        is_immigrant=jobseeker.is_immigrant,
        first_residence_on=jobseeker.first_residence_on,
        integration_need=jobseeker.integration_need,
    )


def _existing(case: Case, kinds: set[str]) -> registration_rules.Existing:
    """What the case has of the triggered deadlines' kinds (one query each,
    asked only for a deadline the facts call for)."""

    def plan(kind: str) -> bool:
        return Plan.objects.filter(case=case, kind=kind).exists()

    return registration_rules.Existing(
        activation_plan=StepKind.ACTIVATION_PLAN in kinds and plan(PlanKind.ACTIVATION),
        integration_plan=StepKind.INTEGRATION_PLAN in kinds
        and plan(PlanKind.INTEGRATION),
        multisectoral=StepKind.MULTISECTORAL_ASSESSMENT in kinds
        and (
            plan(PlanKind.MULTISECTORAL)
            or ServicePeriod.objects.filter(
                case=case, service_type__code=MULTISECTORAL_SERVICE
            ).exists()
            or ProcessStep.objects.filter(
                case=case, kind=StepKind.MULTISECTORAL_ASSESSMENT
            )
            .exclude(status=StepStatus.CANCELLED)
            .exists()
        ),
    )


def steps_triggered_schedule(case: Case, jobseeker: Jobseeker, *, on: dt.date) -> None:
    """Add the activation plan, multi-sectoral assessment and integration plan
    deadlines once their triggers hold (cases.rules.registration)."""
    facts = benefit_facts(jobseeker, on=on, case=case)
    integration = integration_facts(jobseeker)
    wanted = registration_rules.triggered_deadlines(
        facts, integration, on=on, existing=registration_rules.Existing()
    )
    if not wanted:
        return
    existing = _existing(case, {str(deadline.step) for deadline in wanted})
    for deadline in registration_rules.triggered_deadlines(
        facts, integration, on=on, existing=existing
    ):
        step_create(case, deadline)


def multisectoral_assessment_schedule(
    case: Case, facts: triggers.BenefitFacts, *, on: dt.date
) -> None:
    """Schedule the multi-sectoral assessment as the activation plan is.

    The months of unemployment grow without an event: every recorded meeting
    asks again (meeting_record), so a 3-monthly job search discussion finds a
    criterion that has come to hold since.
    """
    nothing = registration_rules.Existing()
    if registration_rules.multisectoral_assessment_due(facts, on=on, existing=nothing):
        deadline = registration_rules.multisectoral_assessment_due(
            facts, on=on, existing=_existing(case, {StepKind.MULTISECTORAL_ASSESSMENT})
        )
        if deadline is not None:
            step_create(case, deadline)


def multisectoral_assessment_complete(case: Case, *, on: dt.date) -> None:
    """The assessment is done: a service-needs assessment on or after its
    trigger, or the multi-sectoral service or plan itself."""
    for step in steps_open_locked(case, StepKind.MULTISECTORAL_ASSESSMENT):
        if step.counts_from <= on:
            step_complete(step, on=on)
