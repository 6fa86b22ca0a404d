"""Case records of the jobseeker service process (re-exported for stable imports)."""

from .case import Case, CaseEvent, ExitReason, JobSearchPeriod
from .jobseeker import BenefitType, Jobseeker, JobseekerQuerySet
from .process import ProcessStep, ProcessStepQuerySet, Reminder, StepStatus
from .records import (
    BenefitNotice,
    JobOffer,
    Meeting,
    Note,
    Plan,
    PlanTask,
    PlanVersion,
    ServiceNeedsAssessment,
    ServicePeriod,
    ServiceType,
)

__all__ = [
    "BenefitNotice",
    "BenefitType",
    "Case",
    "CaseEvent",
    "ExitReason",
    "JobOffer",
    "JobSearchPeriod",
    "Jobseeker",
    "JobseekerQuerySet",
    "Meeting",
    "Note",
    "Plan",
    "PlanTask",
    "PlanVersion",
    "ProcessStep",
    "ProcessStepQuerySet",
    "Reminder",
    "ServiceNeedsAssessment",
    "ServicePeriod",
    "ServiceType",
    "StepStatus",
]
