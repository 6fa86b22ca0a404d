"""The target-group decision as SQL, for everyone living in a pilot area at once.

The CASE expression is generated from the rule version's clause data and
mirrors pilots.rules.evaluate, which decides a single person and is tested
against the SQL on the same data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F

from cases.models import Case, JobSearchPeriod, Jobseeker, ServicePeriod
from organisations.models import OrganisationRelation
from pilots import rules

if TYPE_CHECKING:
    import datetime as dt

    from pilots.models import EligibilityRuleSet, Pilot


def decision_sql(clauses: tuple[rules.ClauseSpec, ...]) -> tuple[str, list[Any]]:
    """The CASE expression choosing the deciding clause, mirroring rules.evaluate."""
    parts = [
        "WHEN NOT (p.in_job_search AND (p.status IN ('unemployed', 'laid_off', "
        "'in_service') OR p.in_active_service)) THEN 'not_jobseeker'"
    ]
    params: list[Any] = []
    has_temporary = any(c.clause == rules.Clause.TEMPORARY_PROTECTION for c in clauses)
    parts.append(
        "WHEN NOT p.home_municipality_registered THEN CASE WHEN "
        "p.under_temporary_protection"
        f" AND {'TRUE' if has_temporary else 'FALSE'} THEN 'temporary_protection'"
        " ELSE 'no_home_municipality' END"
    )
    for spec in clauses:
        if spec.clause == rules.Clause.NOT_EARNINGS_RELATED:
            parts.append(
                "WHEN p.benefit_type <> 'earnings_related' THEN 'not_earnings_related'"
            )
        elif spec.clause == rules.Clause.UNDER_AGE:
            parts.append("WHEN p.age < %s THEN 'under_age'")
            params.append(spec.age)
        elif spec.clause == rules.Clause.IMMIGRANT_OR_FOREIGN_LANGUAGE:
            parts.append(
                "WHEN p.is_immigrant OR p.mother_tongue = 'other' "
                "THEN 'immigrant_or_foreign_language'"
            )
    return "CASE " + " ".join(parts) + " ELSE 'no_clause' END", params


def people_sql(
    *, pilot: Pilot, on: dt.date, municipality_id: int | None = None
) -> tuple[str, list[Any]]:
    """One row per person living in the pilot area on `on`, with every fact the
    clauses look at (computed once, whatever the number of rule versions)."""
    members = (
        f"SELECT child_id FROM {OrganisationRelation._meta.db_table} "  # noqa: S608
        "WHERE parent_id = %s AND kind = 'member' AND valid_from <= %s "
        "AND (valid_until IS NULL OR valid_until >= %s)"
    )
    restrict = " AND j.home_municipality_id = %s" if municipality_id is not None else ""
    sql = f"""
        SELECT j.id, j.organisation_id, j.home_municipality_id, j.benefit_type,
               j.is_immigrant, j.mother_tongue, j.under_temporary_protection,
               j.home_municipality_registered,
               extract(year from age(%s::date, j.birth_date))::int AS age,
               (period.id IS NOT NULL) AS in_job_search,
               period.status_at_start AS status,
               EXISTS (
                   SELECT 1 FROM {ServicePeriod._meta.db_table} sp
                   JOIN cases_servicetype st ON st.id = sp.service_type_id
                   JOIN {Case._meta.db_table} c ON c.id = sp.case_id
                   WHERE c.jobseeker_id = j.id AND st.counts_as_active
                     AND sp.started_on <= %s
                     AND (sp.ended_on IS NULL OR sp.ended_on >= %s)
               ) AS in_active_service
        FROM {Jobseeker._meta.db_table} j
        LEFT JOIN {JobSearchPeriod._meta.db_table} period
          ON period.jobseeker_id = j.id AND period.started_on <= %s
         AND (period.ended_on IS NULL OR period.ended_on >= %s)
        WHERE j.anonymised_on IS NULL
          AND j.home_municipality_id IN ({members}){restrict}
    """  # noqa: S608 - table names from model metadata; values are parameters
    params: list[Any] = [on, on, on, on, on, pilot.organisation_id, on, on]
    if municipality_id is not None:
        params.append(municipality_id)
    return sql, params


def eligibility_sql(
    *,
    pilot: Pilot,
    rule_set: EligibilityRuleSet,
    on: dt.date,
    municipality_id: int | None = None,
) -> tuple[str, list[Any]]:
    """SELECT jobseeker_id, organisation_id, home_municipality_id, age, clause for
    everyone living in the pilot area on `on` (optionally one municipality)."""
    decision, decision_params = decision_sql(rules.clauses_from_data(rule_set.clauses))
    people, people_params = people_sql(
        pilot=pilot, on=on, municipality_id=municipality_id
    )
    sql = f"""
        SELECT p.id, p.organisation_id, p.home_municipality_id, p.age,
               {decision} AS clause
        FROM ({people}) p
    """  # noqa: S608 - composed of generated SQL; values are parameters
    return sql, [*decision_params, *people_params]


ELIGIBLE_CLAUSES = tuple(c.value for c in rules.Clause)


def pilot_member_ids(pilot: Pilot, on: dt.date) -> list[int]:
    """The pilot's member municipalities on `on` (ids)."""
    return list(
        OrganisationRelation.objects.active_on(on)
        .filter(parent_id=pilot.organisation_id, kind=OrganisationRelation.Kind.MEMBER)
        # Largest first: with municipalities evaluated side by side, the
        # longest one starting first ends the run soonest.
        .order_by(F("child__population").desc(nulls_last=True), "child_id")
        .values_list("child_id", flat=True)
    )
