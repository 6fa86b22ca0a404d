"""Process steps (the statutory deadlines): creating, completing, pausing and
resuming them, and the nightly overdue flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    CaseEvent,
    ProcessStep,
)
from cases.models.case import EventKind
from cases.models.process import OPEN_STATUSES, StepStatus
from cases.rules import process as process_rules

from .events import event_record

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User


def step_create(case: Case, deadline: process_rules.Deadline) -> ProcessStep | None:
    """Materialise a deadline as an open step; an identical pending step is kept."""
    try:
        with transaction.atomic():
            return ProcessStep.objects.create(
                organisation_id=case.organisation_id,
                case=case,
                jobseeker_id=case.jobseeker_id,
                assignee_id=case.caseworker_id,
                kind=str(deadline.step),
                sequence=deadline.sequence,
                due_on=deadline.due_on,
                counts_from=deadline.counts_from,
                counts_from_event=deadline.counts_from_event,
                rule_code=deadline.rule.code,
            )
    except IntegrityError:
        # process_step_one_pending_per_sequence: already scheduled.
        return None


def step_complete(step: ProcessStep, *, on: dt.date) -> None:
    step.status = StepStatus.DONE
    step.completed_on = on
    step.save(update_fields=["status", "completed_on", "updated_at"])


def steps_open_locked(case: Case, kind: str) -> list[ProcessStep]:
    return list(
        ProcessStep.objects.select_for_update()
        .filter(case=case, kind=kind, status__in=OPEN_STATUSES)
        .order_by("due_on", "id")
    )


# The fields a pause and a resumption change (the bulk service path
# updates them for many steps at once).
PAUSE_FIELDS = ["status", "paused_on", "pause_reason", "adjustments", "updated_at"]
RESUME_FIELDS = [
    "status",
    "due_on",
    "paused_on",
    "pause_reason",
    "adjustments",
    "overdue_flagged_on",
    "updated_at",
]


def step_pause_apply(step: ProcessStep, *, on: dt.date, reason: str) -> dict[str, Any]:
    """Pause `step` in memory; returns its event's details."""
    step.status = StepStatus.PAUSED
    step.paused_on = on
    step.pause_reason = reason
    step.adjustments = [
        *step.adjustments,
        {"action": "paused", "on": on.isoformat(), "reason": reason},
    ]
    return {"step": step.kind}


def step_resume_apply(step: ProcessStep, *, on: dt.date, reason: str) -> dict[str, Any]:
    """Resume `step` in memory, its due date moved by the paused days;
    returns its event's details."""
    assert step.paused_on is not None  # noqa: S101 - guaranteed by the paused status
    new_due = process_rules.shift_for_pause(
        due_on=step.due_on, paused_on=step.paused_on, resumed_on=on
    )
    step.adjustments = [
        *step.adjustments,
        {
            "action": "resumed",
            "on": on.isoformat(),
            "reason": reason,
            "from": step.due_on.isoformat(),
            "to": new_due.isoformat(),
        },
    ]
    step.due_on = new_due
    step.status = StepStatus.OPEN
    step.paused_on = None
    step.pause_reason = ""
    step.overdue_flagged_on = None
    return {"step": step.kind, "due_on": new_due.isoformat()}


def step_pause_locked(
    step: ProcessStep, *, on: dt.date, reason: str, actor: User | None
) -> None:
    details = step_pause_apply(step, on=on, reason=reason)
    step.save(update_fields=PAUSE_FIELDS)
    event_record(
        case=step.case,
        jobseeker=step.case.jobseeker,
        kind=EventKind.STEP_PAUSED,
        occurred_on=on,
        actor=actor,
        target=step,
        **details,
    )


def step_resume_locked(
    step: ProcessStep, *, on: dt.date, reason: str, actor: User | None
) -> None:
    details = step_resume_apply(step, on=on, reason=reason)
    step.save(update_fields=RESUME_FIELDS)
    event_record(
        case=step.case,
        jobseeker=step.case.jobseeker,
        kind=EventKind.STEP_RESUMED,
        occurred_on=on,
        actor=actor,
        target=step,
        **details,
    )


@transaction.atomic
def step_pause(
    *, step: ProcessStep, paused_on: dt.date, reason: str, actor: User
) -> ProcessStep:
    """Pause a deadline with a recorded reason (e.g. conscription, family leave)."""
    step = (
        ProcessStep.objects.select_for_update()
        .select_related("case__jobseeker")
        .get(pk=step.pk)
    )
    if step.status != StepStatus.OPEN:
        raise ValidationError(_("Only an open deadline can be paused."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for pausing the deadline.")}
        )
    step_pause_locked(step, on=paused_on, reason=reason.strip(), actor=actor)
    return step


@transaction.atomic
def step_resume(
    *, step: ProcessStep, resumed_on: dt.date, reason: str, actor: User
) -> ProcessStep:
    """Resume a paused deadline; its due date moves by the paused days."""
    step = (
        ProcessStep.objects.select_for_update()
        .select_related("case__jobseeker")
        .get(pk=step.pk)
    )
    if step.status != StepStatus.PAUSED:
        raise ValidationError(_("Only a paused deadline can be resumed."))
    assert step.paused_on is not None  # noqa: S101
    if resumed_on < step.paused_on:
        raise ValidationError(
            {"resumed_on": _("A deadline cannot resume before it was paused.")}
        )
    step_resume_locked(
        step, on=resumed_on, reason=reason.strip() or _("Resumed."), actor=actor
    )
    return step


def steps_overdue_flag(*, on: dt.date) -> int:
    """Flag open steps past due on `on`, remind assignees and team leads; idempotent.

    One set-based statement, whatever the number of steps: the UPDATE flags
    each step once (overdue_flagged_on IS NULL), the reminder INSERTs skip
    existing (step, user, kind) rows, so a second run the same night, or a
    retry after a crash, adds nothing.
    """
    from django.db import connection

    from cases.models import Reminder
    from organisations.models import Membership

    step_table = ProcessStep._meta.db_table
    reminder_table = Reminder._meta.db_table
    event_table = CaseEvent._meta.db_table
    membership_table = Membership._meta.db_table
    sql = f"""
        WITH flagged AS (
            UPDATE {step_table} SET overdue_flagged_on = %(on)s, updated_at = now()
            WHERE status = 'open' AND due_on < %(on)s AND overdue_flagged_on IS NULL
            RETURNING id, assignee_id, organisation_id, case_id, jobseeker_id, kind
        ), to_assignees AS (
            INSERT INTO {reminder_table}
                (created_at, updated_at, user_id, step_id, organisation_id, kind)
            SELECT now(), now(), assignee_id, id, organisation_id, 'overdue'
            FROM flagged WHERE assignee_id IS NOT NULL
            ON CONFLICT DO NOTHING
        ), to_team_leads AS (
            INSERT INTO {reminder_table}
                (created_at, updated_at, user_id, step_id, organisation_id, kind)
            SELECT now(), now(), m.user_id, f.id, f.organisation_id, 'overdue_team'
            FROM flagged f
            JOIN {membership_table} m
              ON m.organisation_id = f.organisation_id AND m.role = 'team_lead'
             AND m.valid_from <= %(on)s
             AND (m.valid_until IS NULL OR m.valid_until >= %(on)s)
            ON CONFLICT DO NOTHING
        )
        INSERT INTO {event_table}
            (organisation_id, jobseeker_id, case_id, kind, occurred_on, created_at,
             target_type, target_id, details)
        SELECT organisation_id, jobseeker_id, case_id, 'step_overdue', %(on)s, now(),
               'cases.ProcessStep', id, jsonb_build_object('step', kind)
        FROM flagged
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, {"on": on})
        return int(cursor.rowcount)


def reminders_mark_read(*, user: User, on: dt.datetime) -> int:
    """Mark all of the user's unread reminders read; returns how many."""
    from cases.models import Reminder

    return Reminder.objects.filter(user=user, read_at__isnull=True).update(read_at=on)
