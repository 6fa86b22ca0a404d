"""Who would enter and who would leave the target group under a draft version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from organisations.models import Organisation
from pilots import rules

from .rule_versions import rule_set_in_force
from .target_group import ELIGIBLE_CLAUSES, decision_sql, people_sql

if TYPE_CHECKING:
    import datetime as dt

    from pilots.models import EligibilityRuleSet, Pilot


@dataclass(frozen=True)
class DryRunRow:
    jobseeker_id: int
    municipality_id: int
    before: str
    after: str


@dataclass(frozen=True)
class DryRun:
    current: EligibilityRuleSet
    draft: EligibilityRuleSet
    on: dt.date
    entering: list[DryRunRow]
    leaving: list[DryRunRow]
    by_municipality: list[tuple[Organisation, int, int]]


def eligibility_dry_run(
    *, pilot: Pilot, draft: EligibilityRuleSet, on: dt.date
) -> DryRun:
    """Who would enter and who would leave the target group if `draft` were in force.

    A dry run compares two versions: the draft (or any version not in force
    on `on`) with the version in force on `on`. Comparing the version in
    force with itself, or with nothing, would show an empty or meaningless
    difference, so both are refused with the reason.
    """
    current = rule_set_in_force(on=on)
    if current is None:
        raise ValidationError(
            {
                "on": _(
                    "No version of the target-group rules is in force on this "
                    "day, so there is nothing to compare with."
                )
            }
        )
    if current.pk == draft.pk:
        raise ValidationError(
            {
                "on": _(
                    "Version %(version)d is the version in force on this day: "
                    "there is nothing to compare it with. A dry run compares a "
                    "draft, or a version not yet in force, with the version in "
                    "force."
                )
                % {"version": draft.version}
            }
        )
    after, after_params = decision_sql(rules.clauses_from_data(draft.clauses))
    before, before_params = decision_sql(rules.clauses_from_data(current.clauses))
    people, people_params = people_sql(pilot=pilot, on=on)
    # One pass over the people computes both decisions side by side.
    sql = f"""
        SELECT id, home_municipality_id, before, after FROM (
            SELECT p.id, p.home_municipality_id, {before} AS before, {after} AS after
            FROM ({people}) p
        ) d
        WHERE (after = ANY(%s)) <> (before = ANY(%s))
        ORDER BY home_municipality_id, id
    """  # noqa: S608
    eligible = list(ELIGIBLE_CLAUSES)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*before_params, *after_params, *people_params, eligible, eligible]
        )
        rows = [DryRunRow(*row) for row in cursor.fetchall()]
    entering = [r for r in rows if r.after in ELIGIBLE_CLAUSES]
    leaving = [r for r in rows if r.after not in ELIGIBLE_CLAUSES]
    names = Organisation.objects.in_bulk({r.municipality_id for r in rows})
    by_municipality = [
        (
            names[mid],
            sum(1 for r in entering if r.municipality_id == mid),
            sum(1 for r in leaving if r.municipality_id == mid),
        )
        for mid in sorted(names, key=lambda i: names[i].name)
    ]
    return DryRun(current, draft, on, entering, leaving, by_municipality)
