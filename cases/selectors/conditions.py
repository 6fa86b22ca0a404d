"""Conditions and triggers of one jobseeker on a chosen day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from cases.explain import explain_trigger
from cases.models import Case, JobSearchPeriod, Jobseeker
from cases.models.records import PlanKind
from cases.rules import triggers

from .page import PageSection

if TYPE_CHECKING:
    import datetime as dt

# --- Conditions on a chosen day -------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One condition or trigger decided for one day, with what decided it."""

    code: str
    label: str
    # required / consider / not_required / not_applicable, or for the pilot
    # target group eligible / not_eligible / not_applicable.
    outcome: str
    clause: str
    explanation: str
    rule_code: str = ""
    rule_source: str = ""
    rule_valid_from: dt.date | None = None
    rule_valid_until: dt.date | None = None
    rule_version: int | None = None
    pilot_id: int | None = None
    pilot_name: str = ""


@dataclass(frozen=True)
class ConditionFacts:
    """The facts the conditions were decided on (benefit figures as recorded)."""

    on: dt.date
    job_search_started_on: dt.date | None
    age: int
    months_unemployed: int
    facts: triggers.BenefitFacts


def _job_search_on(jobseeker: Jobseeker, on: dt.date) -> JobSearchPeriod | None:
    return (
        JobSearchPeriod.objects.filter(jobseeker=jobseeker, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .order_by("-started_on")
        .first()
    )


def employment_plan_section(on: dt.date) -> PageSection:
    """Whether an employment plan was agreed by `on` (benefit_facts), in
    the jobseeker page's one statement."""
    return PageSection(
        """SELECT EXISTS (SELECT 1 FROM cases_planversion v
            JOIN cases_plan p ON p.id = v.plan_id
            JOIN cases_case c ON c.id = p.case_id
            WHERE c.jobseeker_id = {jobseeker} AND p.kind = %(plan_kind)s
              AND v.agreed_on <= %(plan_agreed_by)s)""",
        {"plan_kind": PlanKind.EMPLOYMENT.value, "plan_agreed_by": on},
    )


def process_conditions_on(
    *,
    jobseeker: Jobseeker,
    on: dt.date,
    case: Case | None = None,
    has_employment_plan: bool | None = None,
) -> tuple[ConditionFacts, list[Condition]]:
    """The activation plan, multi-sectoral assessment and integration plan
    conditions as their rules in force on `on` decide them: the age and the
    months of the job search on that day, an employment plan agreed by then
    (`has_employment_plan` when the caller read it: employment_plan_section),
    the benefit figures as last recorded. Outside a job search on that day
    none applies."""
    from cases.services import benefit_facts

    # The open case's job search, when the page has it and it covers the day.
    known = case.job_search_period if case is not None else None
    if known is not None and known.started_on <= on and known.ended_on is None:
        period: JobSearchPeriod | None = known
    else:
        period = _job_search_on(jobseeker, on)
    started = period.started_on if period is not None else None
    facts = benefit_facts(
        jobseeker,
        on=on,
        case=None,
        job_search_start=started,
        has_employment_plan=has_employment_plan,
    )
    results = (
        (
            "activation_plan",
            _("Activation plan"),
            triggers.activation_plan_trigger(facts, on=on),
        ),
        (
            "multisectoral_assessment",
            _("Multi-sectoral service assessment"),
            triggers.multisectoral_assessment_trigger(facts, on=on),
        ),
        (
            "integration_plan",
            _("Integration plan"),
            triggers.integration_plan_needed(
                is_immigrant=jobseeker.is_immigrant,
                first_residence_on=jobseeker.first_residence_on,
                on=on,
                integration_need=jobseeker.integration_need,
            ),
        ),
    )
    conditions = []
    for code, label, result in results:
        rule = result.rule
        if period is None:
            outcome, explanation = "not_applicable", _("No job search on this day.")
        else:
            outcome = (
                "required"
                if result.triggered
                else "consider"
                if result.advisory
                else "not_required"
            )
            explanation = explain_trigger(result)
        conditions.append(
            Condition(
                code=code,
                label=str(label),
                outcome=outcome,
                clause=result.clause,
                explanation=explanation,
                rule_code=rule.code if rule else "",
                rule_source=str(rule.source) if rule else "",
                rule_valid_from=rule.valid_from if rule else None,
                rule_valid_until=rule.valid_until if rule else None,
            )
        )
    return (
        ConditionFacts(
            on=on,
            job_search_started_on=started,
            age=facts.age,
            months_unemployed=facts.months_continuously_unemployed,
            facts=facts,
        ),
        conditions,
    )
