"""Reads for the pilot pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from cases.models import JobSearchPeriod
from cases.selectors import (
    Condition,
    ConditionFacts,
    PageSection,
    process_conditions_on,
)
from core.db import from_json
from organisations.models import Organisation, OrganisationRelation

from . import rules
from .explain import explain_decision
from .models import (
    EligibilityResult,
    EligibilityRuleSet,
    EmploymentArea,
    EvaluationRun,
    Pilot,
)

if TYPE_CHECKING:
    import datetime as dt

    from cases.models import Case, Jobseeker


def pilot_list() -> QuerySet[Pilot]:
    return (
        Pilot.objects.select_related("organisation", "responsible_municipality")
        .prefetch_related("municipalities", "waivers")
        .order_by("starts_on", "organisation__name")
    )


def area_list() -> QuerySet[EmploymentArea]:
    return (
        EmploymentArea.objects.select_related(
            "organisation", "responsible_municipality"
        )
        .prefetch_related("municipalities", "waivers")
        .order_by("organisation__name")
    )


def eligibility_counts(*, pilot: Pilot) -> list[dict[str, object]]:
    """Evaluated and eligible people per home municipality (no persons)."""
    return list(
        EligibilityResult.objects.filter(pilot=pilot)
        .values("jobseeker__home_municipality__name", "jobseeker__home_municipality_id")
        .annotate(total=Count("id"), eligible=Count("id", filter=Q(eligible=True)))
        .order_by("jobseeker__home_municipality__name")
    )


def recent_runs(*, pilot: Pilot) -> QuerySet[EvaluationRun]:
    return pilot.runs.select_related("requested_by").order_by("-created_at")[:5]


def rule_set_list() -> QuerySet[EligibilityRuleSet]:
    return EligibilityRuleSet.objects.select_related(
        "created_by", "reviewed_by", "activated_by"
    ).order_by("-version")


def eligibility_for_current_job_search(
    *, jobseeker: Jobseeker, started_on: dt.date | None = None
) -> QuerySet[EligibilityResult]:
    """The person's results evaluated during their current (open) job search.

    A result evaluated before the current job search started decided an
    earlier one (a person registered on 24.11.2026 is not decided by a run
    for 3.6.2024); with no open job search there is no current result.
    `started_on`: the open job search's start when the caller has it (the
    jobseeker page), saving the subquery that finds it.
    """
    results = EligibilityResult.objects.filter(jobseeker=jobseeker)
    if started_on is not None:
        results = results.filter(evaluated_on__gte=started_on)
    else:
        started = (
            JobSearchPeriod.objects.filter(
                jobseeker_id=OuterRef("jobseeker_id"), ended_on__isnull=True
            )
            .order_by("-started_on")
            .values("started_on")[:1]
        )
        results = results.filter(evaluated_on__gte=Subquery(started))
    return results.select_related("rule_set", "pilot__organisation").order_by(
        "pilot__organisation__name"
    )


def eligibility_section() -> PageSection:
    """eligibility_for_current_job_search in the jobseeker page's one
    statement (eligibility_from_json reads it back): nothing without an
    open job search."""
    return PageSection(
        """SELECT json_agg(json_build_array(to_json(r), to_json(s), to_json(p),
                to_json(o)) ORDER BY o.name)
        FROM pilots_eligibilityresult r
        JOIN pilots_eligibilityruleset s ON s.id = r.rule_set_id
        JOIN pilots_pilot p ON p.id = r.pilot_id
        JOIN organisations_organisation o ON o.id = p.organisation_id
        WHERE r.jobseeker_id = {jobseeker} AND r.evaluated_on >= {started_on}"""
    )


def eligibility_from_json(value: list[Any] | None) -> list[EligibilityResult]:
    results = []
    for data, rule_set, pilot, organisation in value or []:
        result = from_json(EligibilityResult, data)
        result.rule_set = from_json(EligibilityRuleSet, rule_set)
        result.pilot = from_json(Pilot, pilot)
        result.pilot.organisation = from_json(Organisation, organisation)
        results.append(result)
    return results


def pilots_section(*, on: dt.date) -> PageSection:
    """services.pilots_for_municipality of the jobseeker's home municipality
    in the jobseeker page's one statement (pilots_from_json reads it back)."""
    return PageSection(
        """SELECT json_agg(json_build_array(to_json(p), to_json(o)) ORDER BY p.id)
        FROM pilots_pilot p
        JOIN organisations_organisation o ON o.id = p.organisation_id
        WHERE p.organisation_id IN (
            SELECT r.parent_id FROM organisations_organisationrelation r
            WHERE r.child_id = {home_municipality} AND r.kind = %(pilots_kind)s
              AND r.valid_from <= %(pilots_on)s
              AND (r.valid_until IS NULL OR r.valid_until >= %(pilots_on)s))""",
        {
            "pilots_kind": OrganisationRelation.Kind.MEMBER.value,
            "pilots_on": on,
        },
    )


def pilots_from_json(value: list[Any] | None) -> list[Pilot]:
    pilots = []
    for data, organisation in value or []:
        pilot = from_json(Pilot, data)
        pilot.organisation = from_json(Organisation, organisation)
        pilots.append(pilot)
    return pilots


def jobseeker_conditions(
    *,
    jobseeker: Jobseeker,
    on: dt.date,
    case: Case | None = None,
    has_employment_plan: bool | None = None,
    pilots: list[Pilot] | None = None,
) -> tuple[ConditionFacts, list[Condition]]:
    """Every condition and trigger of the jobseeker decided for `on`: the
    service-process conditions (cases.selectors.process_conditions_on) and
    the target group of each pilot covering the home municipality that day,
    by the rule version in force that day. Nothing is stored. The jobseeker
    page passes what it read in its one statement: `has_employment_plan`
    (cases.selectors.employment_plan_section) and the `pilots`
    (pilots_section)."""
    facts, conditions = process_conditions_on(
        jobseeker=jobseeker, on=on, case=case, has_employment_plan=has_employment_plan
    )
    return facts, [*conditions, *_target_group_on(jobseeker, on, pilots)]


def _target_group_on(
    jobseeker: Jobseeker, on: dt.date, pilots: list[Pilot] | None
) -> list[Condition]:
    from . import services

    label = str(_("Pilot target group"))
    if pilots is None:
        pilots = services.pilots_for_municipality(
            municipality_id=jobseeker.home_municipality_id, on=on
        )
    if not pilots:
        return [
            Condition(
                code="pilot_target_group",
                label=label,
                outcome="not_applicable",
                clause="no_pilot",
                explanation=_(
                    "No employment pilot covered the home municipality on this day."
                ),
            )
        ]
    rule_set = services.rule_set_in_force(on=on)
    if rule_set is None:
        return [
            Condition(
                code="pilot_target_group",
                label=label,
                outcome="not_applicable",
                clause="no_rule_in_force",
                explanation=_("No target-group rule version was in force on this day."),
            )
        ]
    clauses = rules.clauses_from_data(rule_set.clauses)
    result = []
    for pilot in sorted(pilots, key=lambda p: p.organisation.name):
        decision = rules.evaluate(
            services.person_facts(jobseeker, pilot=pilot, on=on), clauses, on=on
        )
        result.append(
            Condition(
                code="pilot_target_group",
                label=label,
                outcome="eligible" if decision.eligible else "not_eligible",
                clause=decision.clause,
                explanation=explain_decision(
                    eligible=decision.eligible,
                    clause=decision.clause,
                    on=on,
                    rule_set=rule_set,
                ),
                rule_code=f"eligibility/v{rule_set.version}",
                rule_source=rule_set.source,
                rule_valid_from=rule_set.valid_from,
                rule_version=rule_set.version,
                pilot_id=pilot.pk,
                pilot_name=pilot.organisation.display_name,
            )
        )
    return result
