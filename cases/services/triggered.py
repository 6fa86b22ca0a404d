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
from cases.rules import process as process_rules
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
) -> triggers.BenefitFacts:
    """The jobseeker's facts on `on` as the trigger rules take them: the age
    and whole months of unemployment on that day, an employment plan agreed
    by then, and the benefit figures as last recorded."""
    if job_search_start is None and case is not None:
        job_search_start = case.job_search_period.started_on
    has_plan = PlanVersion.objects.filter(
        plan__case__jobseeker=jobseeker,
        plan__kind=PlanKind.EMPLOYMENT,
        agreed_on__lte=on,
    ).exists()
    months_unemployed = (
        whole_months_between(job_search_start, on) if job_search_start else 0
    )
    return triggers.BenefitFacts(
        age=jobseeker.age_on(on),
        has_employment_plan=has_plan,
        lms_days_for_unemployment=jobseeker.lms_days_for_unemployment,
        lms_days_last_12_months=jobseeker.lms_days_last_12_months,
        lms_days_after_max_allowance=jobseeker.lms_days_after_max_allowance,
        max_allowance_period_exhausted=jobseeker.max_allowance_period_exhausted,
        months_main_income_social_assistance=jobseeker.months_main_income_social_assistance,
        months_continuously_unemployed=months_unemployed,
    )


def steps_triggered_schedule(case: Case, jobseeker: Jobseeker, *, on: dt.date) -> None:
    """Add the activation plan, multi-sectoral assessment and integration plan
    deadlines once their triggers hold."""
    facts = benefit_facts(jobseeker, on=on, case=case)
    activation = triggers.activation_plan_trigger(facts, on=on)
    if (
        activation.triggered
        and not Plan.objects.filter(case=case, kind=PlanKind.ACTIVATION).exists()
    ):
        deadline = process_rules.activation_plan_deadline(triggered_on=on)
        if deadline is not None:
            step_create(case, deadline)
    multisectoral_assessment_schedule(case, facts, on=on)
    integration = triggers.integration_plan_needed(
        is_immigrant=jobseeker.is_immigrant,
        first_residence_on=jobseeker.first_residence_on,
        on=on,
        integration_need=jobseeker.integration_need,
    )
    if (
        integration.triggered
        and not Plan.objects.filter(case=case, kind=PlanKind.INTEGRATION).exists()
    ):
        deadline = process_rules.integration_plan_deadline(assessed_on=on)
        if deadline is not None:
            step_create(case, deadline)


def multisectoral_assessment_schedule(
    case: Case, facts: triggers.BenefitFacts, *, on: dt.date
) -> None:
    """Schedule the multi-sectoral assessment as the activation plan is: when
    its trigger holds on `on` (from 2025 when its former criteria prompt one),
    once per case, unless the multi-sectoral service or plan is already there.

    The months of unemployment grow without an event: every recorded meeting
    asks again (meeting_record), so a 3-monthly job search discussion finds a
    criterion that has come to hold since.
    """
    result = triggers.multisectoral_assessment_trigger(facts, on=on)
    if not (result.triggered or result.advisory):
        return
    kind = StepKind.MULTISECTORAL_ASSESSMENT
    if (
        Plan.objects.filter(case=case, kind=PlanKind.MULTISECTORAL).exists()
        or ServicePeriod.objects.filter(
            case=case, service_type__code=MULTISECTORAL_SERVICE
        ).exists()
        or ProcessStep.objects.filter(case=case, kind=kind)
        .exclude(status=StepStatus.CANCELLED)
        .exists()
    ):
        return
    deadline = process_rules.multisectoral_assessment_deadline(triggered_on=on)
    if deadline is not None:
        step_create(case, deadline)


def multisectoral_assessment_complete(case: Case, *, on: dt.date) -> None:
    """The assessment is done: a service-needs assessment on or after its
    trigger, or the multi-sectoral service or plan itself."""
    for step in steps_open_locked(case, StepKind.MULTISECTORAL_ASSESSMENT):
        if step.counts_from <= on:
            step_complete(step, on=on)
