"""The case itself: its status (closing, reopening) and who is responsible."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import changes_record, snapshot
from cases.models import (
    Case,
    ProcessStep,
)
from cases.models.case import CaseStatus, EventKind
from cases.models.process import OPEN_STATUSES, StepStatus
from cases.rules import transitions
from cases.signals import case_closing

from .events import TransitionError, event_record, version_bump
from .service_periods import services_end_for_case_close

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from accounts.models import User


@transaction.atomic
def case_transition(
    *,
    case: Case,
    to_status: str,
    roles: Iterable[str],
    expected_version: int,
    on: dt.date,
    actor: User,
    exit_reason: str = "",
) -> Case:
    """Move the case to `to_status` if the actor's roles allow it.

    Closing records the exit reason, ends the job search and cancels the
    pending deadlines; reopening (team lead) clears them again.
    """
    if not transitions.can_transition_case(case.status, to_status, roles):
        raise TransitionError(
            _("You cannot change the case from this status to that one.")
        )
    if to_status == CaseStatus.CLOSED and not exit_reason:
        raise ValidationError({"exit_reason": _("Choose why the case is closed.")})
    version_bump(Case, case.pk, expected_version)
    case = (
        Case.objects.select_for_update()
        .select_related("job_search_period", "jobseeker")
        .get(pk=case.pk)
    )
    old_status = case.status
    before = snapshot(case, ["status", "closed_on", "exit_reason"])
    case.status = to_status
    if to_status == CaseStatus.CLOSED:
        if on < case.opened_on:
            raise ValidationError(
                {"closed_on": _("A case cannot close before it opened.")}
            )
        case.closed_on = on
        case.exit_reason = exit_reason
        period = case.job_search_period
        period.ended_on = on
        period.save(update_fields=["ended_on", "updated_at"])
        services_end_for_case_close(case, on=on, exit_reason=exit_reason, actor=actor)
        ProcessStep.objects.filter(case=case, status__in=OPEN_STATUSES).update(
            status=StepStatus.CANCELLED
        )
        # What hangs on the case in the apps above (partner referrals) ends
        # in this transaction: a receiver's failure undoes the closing.
        case_closing.send(sender=Case, case=case, on=on, actor=actor)
    elif old_status == CaseStatus.CLOSED:
        case.closed_on = None
        case.exit_reason = ""
        period = case.job_search_period
        period.ended_on = None
        period.save(update_fields=["ended_on", "updated_at"])
    case.full_clean()
    case.save(update_fields=["status", "closed_on", "exit_reason", "updated_at"])
    changes_record(
        actor=actor,
        instance=case,
        before=before,
        jobseeker_id=case.jobseeker_id,
        organisation_id=case.organisation_id,
    )
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.CASE_CLOSED
        if to_status == CaseStatus.CLOSED
        else EventKind.CASE_STATUS_CHANGED,
        occurred_on=on,
        actor=actor,
        target=case,
        old=old_status,
        new=to_status,
        exit_reason=exit_reason or None,
    )
    return case


@transaction.atomic
def case_assign(
    *, case: Case, caseworker: User | None, actor: User, on: dt.date
) -> Case:
    """Make `caseworker` responsible; the open deadlines follow to their worklist."""
    case = Case.objects.select_for_update().select_related("jobseeker").get(pk=case.pk)
    before = snapshot(case, ["caseworker_id"])
    case.caseworker = caseworker
    case.save(update_fields=["caseworker", "updated_at"])
    changes_record(
        actor=actor,
        instance=case,
        before=before,
        jobseeker_id=case.jobseeker_id,
        organisation_id=case.organisation_id,
    )
    ProcessStep.objects.filter(case=case, status__in=OPEN_STATUSES).update(
        assignee=caseworker
    )
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.CASE_ASSIGNED,
        occurred_on=on,
        actor=actor,
        target=case,
        caseworker_id=caseworker.pk if caseworker else None,
    )
    return case
