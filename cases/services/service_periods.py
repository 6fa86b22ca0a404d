"""Services on a case: starting and ending them, and what that does to the
deadlines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import changes_record, snapshot
from cases.models import (
    Case,
    ServicePeriod,
    ServiceType,
)
from cases.models.case import EventKind, ExitReason
from cases.models.process import StepKind, StepStatus
from cases.rules import process as process_rules
from core.formats import short_date

from .events import event_record, require_open
from .steps import step_create, step_pause_locked, step_resume_locked, steps_open_locked
from .triggered import MULTISECTORAL_SERVICE, multisectoral_assessment_complete

if TYPE_CHECKING:
    from accounts.models import User


# Job search discussions are not held while the jobseeker is in a service
# lasting over a month (domain.md §1 ⚠; TEM 2026 Q&A): the deadline pauses.
LONG_SERVICE = dt.timedelta(days=31)


def service_pauses_discussions(period: ServicePeriod) -> bool:
    """A service planned to last over a month (or open-ended) pauses the job
    search discussion deadline."""
    return (
        period.planned_end_on is None
        or period.planned_end_on - period.started_on > LONG_SERVICE
    )


def pause_reason(period: ServicePeriod) -> str:
    return _("In a service lasting over a month: %(service)s") % {
        "service": period.service_type
    }


def service_started_details(period: ServicePeriod) -> dict[str, Any]:
    return {
        "service": period.service_type.code,
        "service_name": str(period.service_type),
        "starts_on": period.started_on.isoformat(),
    }


def service_ended_details(period: ServicePeriod) -> dict[str, Any]:
    assert period.ended_on is not None  # noqa: S101 - called once it has ended
    return {
        "service": period.service_type.code,
        "service_name": str(period.service_type),
        "ended_on": period.ended_on.isoformat(),
    }


@transaction.atomic
def service_start(
    *,
    case: Case,
    service_type: ServiceType,
    started_on: dt.date,
    planned_end_on: dt.date | None,
    provider: str,
    actor: User,
    recorded_on: dt.date | None = None,
) -> ServicePeriod:
    """Record a service on the case; a long one pauses the discussion deadline.

    A service recorded ahead of its start is on the timeline on the day it
    was recorded (`recorded_on`, today by default), as "to start on ...":
    the timeline lists what has happened, in the order it happened.
    """
    require_open(case)
    recorded_on = recorded_on or timezone.localdate()
    period = ServicePeriod(
        organisation_id=case.organisation_id,
        case=case,
        recorded_by=actor,
        service_type=service_type,
        started_on=started_on,
        planned_end_on=planned_end_on,
        provider=provider.strip(),
    )
    period.full_clean()
    period.save()
    # The start first: the deadline pauses because of it, and the timeline
    # lists what happened on one day in the order it happened.
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.SERVICE_STARTED,
        occurred_on=min(started_on, recorded_on),
        actor=actor,
        target=period,
        **service_started_details(period),
    )
    if service_pauses_discussions(period):
        for step in steps_open_locked(case, StepKind.JOB_SEARCH_DISCUSSION):
            if step.status == StepStatus.OPEN:
                step_pause_locked(
                    step, on=started_on, reason=pause_reason(period), actor=actor
                )
    if service_type.code == MULTISECTORAL_SERVICE:
        multisectoral_assessment_complete(case, on=started_on)
        deadline = process_rules.multisectoral_plan_deadline(
            service_started_on=started_on
        )
        if deadline is not None:
            step_create(case, deadline)
    return period


@transaction.atomic
def service_end(
    *, period: ServicePeriod, ended_on: dt.date, end_reason: str, actor: User
) -> ServicePeriod:
    """Record that a service ended; a paused discussion deadline resumes."""
    period = (
        ServicePeriod.objects.select_for_update()
        .select_related("case__jobseeker", "service_type")
        .get(pk=period.pk)
    )
    if period.ended_on is not None:
        raise ValidationError(_("The service has already ended."))
    return service_end_locked(
        period, ended_on=ended_on, end_reason=end_reason, actor=actor, on=ended_on
    )


def service_end_locked(
    period: ServicePeriod,
    *,
    ended_on: dt.date,
    end_reason: str,
    actor: User,
    on: dt.date,
    resume_steps: bool = True,
) -> ServicePeriod:
    """The end path of a (locked) service: its dates, change history and
    timeline event (dated `on`, when the end was decided), and the resumed
    discussion deadline unless the case is closing."""
    before = snapshot(period, ["ended_on", "end_reason"])
    period.ended_on = ended_on
    period.end_reason = end_reason.strip()
    period.full_clean()
    period.save(update_fields=["ended_on", "end_reason", "updated_at"])
    case = period.case
    changes_record(
        actor=actor,
        instance=period,
        before=before,
        jobseeker_id=case.jobseeker_id,
        organisation_id=case.organisation_id,
    )
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.SERVICE_ENDED,
        occurred_on=on,
        actor=actor,
        target=period,
        **service_ended_details(period),
    )
    if not resume_steps:
        return period
    still_in_long_service = (
        ServicePeriod.objects.filter(case=case, ended_on__isnull=True)
        .exclude(pk=period.pk)
        .exists()
    )
    if not still_in_long_service:
        for step in steps_open_locked(case, StepKind.JOB_SEARCH_DISCUSSION):
            if step.status == StepStatus.PAUSED:
                step_resume_locked(
                    step, on=ended_on, reason=_("The service ended."), actor=actor
                )
    return period


def services_end_for_case_close(
    case: Case, *, on: dt.date, exit_reason: str, actor: User
) -> None:
    """End the case's services that run past `on` through the service end
    path: a closed case has no active services.

    A service running on the closing day ends that day. One recorded to start
    after it is called off: it ends on its own start day (an end cannot
    precede the start), with the reason saying it did not start, and its
    event is dated the closing day, so that the timeline lists it before the
    closure and nothing of the case after it.
    """
    periods = (
        ServicePeriod.objects.select_for_update()
        .select_related("service_type")
        .filter(case=case)
        .exclude(ended_on__lte=on)
        .order_by("started_on", "id")
    )
    for period in periods:
        period.case = case
        if period.started_on <= on:
            reason = _("The case was closed: %(reason)s") % {
                "reason": ExitReason(exit_reason).label
            }
            ended_on = on
        else:
            reason = _("Did not start: the case was closed on %(date)s.") % {
                "date": short_date(on)
            }
            ended_on = period.started_on
        service_end_locked(
            period,
            ended_on=ended_on,
            end_reason=reason,
            actor=actor,
            on=on,
            resume_steps=False,
        )
