"""Writes of the pilots: checks, rule versions, and evaluating the target group.

Bulk evaluation is one SQL statement per member municipality (target_group,
evaluation); one person is decided by the pure pilots.rules.evaluate
(person), which is tested against the SQL on the same data. Every name is
re-exported here, so callers write `pilots.services.<name>`.
"""

from .checks import area_check, area_labour_force_record, pilot_check, waiver_record
from .dry_run import DryRun, DryRunRow, eligibility_dry_run
from .evaluation import (
    evaluation_run_begin,
    evaluation_run_execute,
    evaluation_run_finish,
    evaluation_run_municipality,
    evaluation_run_start,
)
from .person import (
    eligibility_evaluate_jobseeker,
    eligibility_reevaluate_jobseeker,
    person_facts,
    pilots_for_municipality,
)
from .rule_versions import (
    rule_set_activate,
    rule_set_draft,
    rule_set_in_force,
    rule_set_review,
)
from .target_group import ELIGIBLE_CLAUSES, eligibility_sql
from .transfers import pilot_transfer

__all__ = [
    "ELIGIBLE_CLAUSES",
    "DryRun",
    "DryRunRow",
    "area_check",
    "area_labour_force_record",
    "eligibility_dry_run",
    "eligibility_evaluate_jobseeker",
    "eligibility_reevaluate_jobseeker",
    "eligibility_sql",
    "evaluation_run_begin",
    "evaluation_run_execute",
    "evaluation_run_finish",
    "evaluation_run_municipality",
    "evaluation_run_start",
    "person_facts",
    "pilot_check",
    "pilot_transfer",
    "pilots_for_municipality",
    "rule_set_activate",
    "rule_set_draft",
    "rule_set_in_force",
    "rule_set_review",
    "waiver_record",
]
