"""Case records of the jobseeker service process (re-exported for stable imports)."""

from .access import (
    BreakGlassAccess,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
)
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
from .retention import RetentionReport

__all__ = [
    "BenefitNotice",
    "BenefitType",
    "BreakGlassAccess",
    "Case",
    "CaseEvent",
    "CaseGroupObjectPermission",
    "CaseUserObjectPermission",
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
    "RetentionReport",
    "ServiceNeedsAssessment",
    "ServicePeriod",
    "ServiceType",
    "StepStatus",
]
