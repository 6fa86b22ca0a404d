"""Date rules of what a caseworker records: job offers, plan tasks, services.

Pure: forms, API serializers and services ask the same functions, and the
database refuses the same (constraints and a trigger on plan tasks), so a
date the form refuses is never stored by another path.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from core.formats import short_date

if TYPE_CHECKING:
    import datetime as dt


def apply_by_problem(*, offered_on: dt.date | None, apply_by: dt.date | None) -> str:
    """Why the application deadline cannot be, or "" when it can."""
    if offered_on is None or apply_by is None or apply_by >= offered_on:
        return ""
    return str(
        _("The application deadline cannot be before the offer (%(date)s).")
        % {"date": short_date(offered_on)}
    )


@dataclass(frozen=True)
class PlanDates:
    """What a task's due date is checked against."""

    agreed_on: dt.date
    valid_until: dt.date | None
    # The first version's agreement: a task done under an earlier version
    # keeps its date when it is carried over to the new version.
    plan_started_on: dt.date


def task_due_problem(*, due_on: dt.date | None, is_done: bool, dates: PlanDates) -> str:
    """Why a task cannot be due on `due_on` in this plan version, or "".

    A task falls within the version's validity: not after `valid_until`
    (when set) and, while it is still to be done, not before the version is
    agreed. A task already done may keep a date from the plan's earlier
    versions, but none before the plan began.
    """
    if due_on is None:
        return ""
    if dates.valid_until is not None and due_on > dates.valid_until:
        return str(
            _("The task is due after the plan ends (%(date)s).")
            % {"date": short_date(dates.valid_until)}
        )
    if is_done:
        if due_on < dates.plan_started_on:
            return str(
                _("The task is due before the plan was first agreed (%(date)s).")
                % {"date": short_date(dates.plan_started_on)}
            )
        return ""
    if due_on < dates.agreed_on:
        return str(
            _(
                "The task is due before this version of the plan is agreed "
                "(%(date)s): move the date or mark the task done."
            )
            % {"date": short_date(dates.agreed_on)}
        )
    return ""


class ServiceState(StrEnum):
    # Recorded with a start date still to come: not yet an active service.
    STARTING = "starting"
    ONGOING = "ongoing"
    ENDED = "ended"


def service_state(
    *, started_on: dt.date, ended_on: dt.date | None, on: dt.date
) -> ServiceState:
    """Whether a service has started, is going on or has ended on `on`.

    An end recorded before the start comes is a service called off (closing
    the case does that): it has ended without starting.
    """
    if ended_on is not None and (ended_on < on or on < started_on):
        return ServiceState.ENDED
    if on < started_on:
        return ServiceState.STARTING
    return ServiceState.ONGOING
