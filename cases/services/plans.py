"""Plans (employment, activation, integration, multi-sectoral) and their versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    Plan,
    PlanTask,
    PlanVersion,
)
from cases.models.case import EventKind
from cases.models.process import StepKind, StepStatus
from cases.models.records import PlanKind
from cases.rules import process as process_rules
from cases.rules import records as record_rules

from .events import event_record, require_open, version_bump
from .steps import step_complete, step_create, steps_open_locked
from .triggered import multisectoral_assessment_complete, steps_triggered_schedule

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from accounts.models import User


@dataclass
class TaskData:
    description: str
    responsible: str = PlanTask.Responsible.JOBSEEKER
    due_on: dt.date | None = None
    is_done: bool = False


def plan_dates(
    plan: Plan | None, *, agreed_on: dt.date, valid_until: dt.date | None
) -> record_rules.PlanDates:
    """What a new version's task dates are checked against (the form asks too)."""
    first = (
        PlanVersion.objects.filter(plan=plan)
        .order_by("number")
        .values_list("agreed_on", flat=True)
        .first()
        if plan is not None and plan.pk
        else None
    )
    return record_rules.PlanDates(
        agreed_on=agreed_on,
        valid_until=valid_until,
        plan_started_on=min(first, agreed_on) if first else agreed_on,
    )


def _check_task_dates(
    plan: Plan,
    tasks: Sequence[TaskData],
    *,
    agreed_on: dt.date,
    valid_until: dt.date | None,
) -> None:
    dates = plan_dates(plan, agreed_on=agreed_on, valid_until=valid_until)
    problems = [
        _("Task %(n)d (%(task)s): %(problem)s")
        % {"n": number, "task": task.description.strip()[:60], "problem": problem}
        for number, task in enumerate(
            (t for t in tasks if t.description.strip()), start=1
        )
        if (
            problem := record_rules.task_due_problem(
                due_on=task.due_on, is_done=task.is_done, dates=dates
            )
        )
    ]
    if problems:
        raise ValidationError({"tasks": problems})


PLAN_STEP = {
    PlanKind.ACTIVATION: StepKind.ACTIVATION_PLAN,
    PlanKind.INTEGRATION: StepKind.INTEGRATION_PLAN,
    PlanKind.MULTISECTORAL: StepKind.MULTISECTORAL_PLAN,
}


@transaction.atomic
def plan_version_create(
    *,
    case: Case,
    kind: str,
    expected_version: int,
    agreed_on: dt.date,
    goal: str,
    services: str,
    applications_per_month: int,
    obligation_reason: str,
    contact_channel: str,
    valid_until: dt.date | None,
    tasks: Sequence[TaskData],
    actor: User,
) -> PlanVersion:
    """Agree a new version of the case's plan of `kind` (the first creates the plan)."""
    require_open(case)
    plan, _created = Plan.objects.get_or_create(
        case=case,
        kind=kind,
        defaults={"organisation_id": case.organisation_id, "recorded_by": actor},
    )
    version_bump(Plan, plan.pk, expected_version)
    plan.refresh_from_db()
    _check_task_dates(plan, tasks, agreed_on=agreed_on, valid_until=valid_until)
    version = PlanVersion(
        plan=plan,
        organisation_id=case.organisation_id,
        number=plan.version,
        agreed_on=agreed_on,
        valid_until=valid_until,
        goal=goal.strip(),
        services=services.strip(),
        applications_per_month=applications_per_month,
        obligation_reason=obligation_reason.strip(),
        contact_channel=contact_channel,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    PlanTask.objects.bulk_create(
        PlanTask(
            version=version,
            position=index,
            description=task.description.strip(),
            responsible=task.responsible,
            due_on=task.due_on,
            is_done=task.is_done,
        )
        for index, task in enumerate(tasks)
        if task.description.strip()
    )
    if kind == PlanKind.EMPLOYMENT:
        # An employment plan is a precondition of the activation-plan trigger.
        steps_triggered_schedule(case, case.jobseeker, on=agreed_on)
    step_kind = PLAN_STEP.get(PlanKind(kind))
    if step_kind is not None:
        for step in steps_open_locked(case, step_kind):
            step_complete(step, on=agreed_on)
    if kind == PlanKind.MULTISECTORAL:
        multisectoral_assessment_complete(case, on=agreed_on)
        for old in steps_open_locked(case, StepKind.MULTISECTORAL_REVIEW):
            old.status = StepStatus.CANCELLED
            old.save(update_fields=["status", "updated_at"])
        review = process_rules.multisectoral_review_deadline(anchor=agreed_on)
        if review is not None:
            step_create(case, review)
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.PLAN_VERSION_CREATED,
        occurred_on=agreed_on,
        actor=actor,
        target=version,
        plan=kind,
        number=version.number,
    )
    return version
