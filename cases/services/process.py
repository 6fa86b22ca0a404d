"""Writes of the jobseeker service process; each service owns its transaction.

Every service records what it did as a CaseEvent (the timeline and audit
trail) and keeps the process steps — the statutory deadlines — in step with
the records: recording an initial interview completes its step and schedules
the next discussions by the rules in force (cases.rules.process).

The services live in modules by what they write; this module names them all,
so that `from cases.services.process import ...` keeps working:

- events: the timeline event, the version check, the open-case guard, the
  hook to the apps above (cases.signals)
- steps: deadlines created, completed, paused, resumed, flagged overdue
- triggered: deadlines that follow from the facts (activation, integration,
  multi-sectoral)
- jobseekers: registration and the jobseeker's details
- records: meetings, the service needs assessment, job offers, notices, notes
- plans: plan versions
- service_periods: services started and ended
- case: the case's status and caseworker
"""

from .case import case_assign, case_transition
from .events import (
    ConflictError,
    TransitionError,
    event_record,
    jobseeker_facts_changed_on_commit,
    require_open,
    version_bump,
)
from .jobseekers import (
    ELIGIBILITY_FACTS,
    JOBSEEKER_FIELDS,
    JobseekerData,
    jobseeker_create,
    jobseeker_open_case,
    jobseeker_register,
    jobseeker_update,
)
from .plans import PLAN_STEP, TaskData, plan_dates, plan_version_create
from .records import (
    ASSESSMENT_FIELDS,
    assessment_save,
    benefit_notice_create,
    job_offer_create,
    job_offer_outcome_record,
    meeting_record,
    note_add,
)
from .service_periods import (
    LONG_SERVICE,
    service_end,
    service_start,
    services_end_for_case_close,
)
from .steps import (
    reminders_mark_read,
    step_complete,
    step_create,
    step_pause,
    step_resume,
    steps_overdue_flag,
)
from .triggered import (
    MULTISECTORAL_SERVICE,
    benefit_facts,
    multisectoral_assessment_complete,
    multisectoral_assessment_schedule,
    steps_triggered_schedule,
)

__all__ = [
    "ASSESSMENT_FIELDS",
    "ELIGIBILITY_FACTS",
    "JOBSEEKER_FIELDS",
    "LONG_SERVICE",
    "MULTISECTORAL_SERVICE",
    "PLAN_STEP",
    "ConflictError",
    "JobseekerData",
    "TaskData",
    "TransitionError",
    "assessment_save",
    "benefit_facts",
    "benefit_notice_create",
    "case_assign",
    "case_transition",
    "event_record",
    "job_offer_create",
    "job_offer_outcome_record",
    "jobseeker_create",
    "jobseeker_facts_changed_on_commit",
    "jobseeker_open_case",
    "jobseeker_register",
    "jobseeker_update",
    "meeting_record",
    "multisectoral_assessment_complete",
    "multisectoral_assessment_schedule",
    "note_add",
    "plan_dates",
    "plan_version_create",
    "reminders_mark_read",
    "require_open",
    "service_end",
    "service_start",
    "services_end_for_case_close",
    "step_complete",
    "step_create",
    "step_pause",
    "step_resume",
    "steps_overdue_flag",
    "steps_triggered_schedule",
    "version_bump",
]
