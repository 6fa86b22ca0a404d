"""Services of a whole file: `service_start` and `service_end` for many rows.

Row by row the single services cost ~10 statements a row (~100 rows/s: a
provider's extract of 100,000 services took 17 minutes). Here the cases'
deadlines are read with a few queries per 5,000 cases, each case's rows are
applied in memory in file order with the same pieces the single services
use (step_pause_apply, step_resume_apply, the event details, the deadline
rules), and the outcome is written with COPY and bulk updates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from audit.services import change_rows, snapshot
from cases.models import Case, CaseEvent, ProcessStep, ServicePeriod
from cases.models.case import EventKind
from cases.models.process import OPEN_STATUSES, StepKind, StepStatus
from cases.rules import process as process_rules

from . import copying
from .service_periods import (
    pause_reason,
    service_ended_details,
    service_pauses_discussions,
    service_started_details,
)
from .steps import PAUSE_FIELDS, RESUME_FIELDS, step_pause_apply, step_resume_apply
from .triggered import MULTISECTORAL_SERVICE

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from django.db.models import Model

    from accounts.models import User
    from cases.models import ServiceType

LOOKUP_CHUNK = 5_000


@dataclass(frozen=True)
class ServiceEntry:
    """A service started on `case_id` (ended too when `ended_on`; the planned
    end is then the end), or the end of the running service `period_id`."""

    service_type: ServiceType
    started_on: dt.date
    ended_on: dt.date | None = None
    provider: str = ""
    case_id: int | None = None
    period_id: int | None = None


@dataclass(frozen=True)
class Recorded:
    period_id: int


@dataclass(frozen=True)
class ServiceRefused:
    message: str


@dataclass
class _Case:
    """One case as the rows find it and leave it."""

    case: Case
    discussions: list[ProcessStep] = field(default_factory=list)
    assessments: list[ProcessStep] = field(default_factory=list)
    pending: set[tuple[str, int]] = field(default_factory=set)
    running: set[int] = field(default_factory=set)


class _Writes:
    """What the rows change, collected in the order the single services
    would write it."""

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.events: list[dict[str, Any]] = []
        self.steps: dict[int, ProcessStep] = {}
        self.step_fields: set[str] = set()
        self.new_steps: list[tuple[Case, process_rules.Deadline]] = []
        self.changes: list[ChangeRecord] = []

    def event(
        self, case: Case, kind: str, on: dt.date, target: Model, **details: Any
    ) -> None:
        self.events.append(
            {
                "organisation_id": case.organisation_id,
                "jobseeker_id": case.jobseeker_id,
                "case_id": case.pk,
                "kind": kind,
                "occurred_on": on,
                "actor_id": self.actor.pk,
                "target_type": target._meta.label,
                "target_id": target.pk,
                "details": details,
            }
        )

    def step(self, step: ProcessStep, fields: Iterable[str]) -> None:
        self.steps[step.pk] = step
        self.step_fields.update(fields)


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), LOOKUP_CHUNK):
        yield list(ids[start : start + LOOKUP_CHUNK])


def _load(
    entries: Sequence[ServiceEntry],
) -> tuple[dict[int, _Case], dict[int, ServicePeriod]]:
    """The cases the rows touch, with their open discussion and assessment
    steps (locked, as the single services lock them), pending plan steps
    and running services; and the running services the rows end."""
    ended = sorted({e.period_id for e in entries if e.period_id is not None})
    periods: dict[int, ServicePeriod] = {}
    for chunk in _chunks(ended):
        periods.update(
            ServicePeriod.objects.select_for_update()
            .select_related("service_type")
            .in_bulk(chunk)
        )
    case_ids = sorted(
        {e.case_id for e in entries if e.case_id is not None}
        | {p.case_id for p in periods.values()}
    )
    cases: dict[int, _Case] = {}
    for chunk in _chunks(case_ids):
        for case in Case.objects.filter(pk__in=chunk):
            cases[case.pk] = _Case(case)
        for step in (
            ProcessStep.objects.select_for_update()
            .filter(case_id__in=chunk, status__in=OPEN_STATUSES)
            .order_by("due_on", "id")
        ):
            state = cases[step.case_id]
            state.pending.add((step.kind, step.sequence))
            if step.kind == StepKind.JOB_SEARCH_DISCUSSION:
                state.discussions.append(step)
            elif step.kind == StepKind.MULTISECTORAL_ASSESSMENT:
                state.assessments.append(step)
        for period_id, case_id in ServicePeriod.objects.filter(
            case_id__in=chunk, ended_on__isnull=True
        ).values_list("id", "case_id"):
            cases[case_id].running.add(period_id)
    for period in periods.values():
        period.case = cases[period.case_id].case
    return cases, periods


def service_periods_record_bulk(
    *,
    entries: Sequence[ServiceEntry],
    actor: User,
    recorded_on: dt.date | None = None,
) -> list[Recorded | ServiceRefused]:
    """Start and end many services; per entry, in order, the service
    recorded, or refused with the single service's message (the other
    entries go ahead). Values are validated by the caller and by the table
    constraints. Runs in the caller's transaction."""
    recorded_on = recorded_on or timezone.localdate()
    cases, periods = _load(entries)
    new_ids = iter(
        copying.reserve_ids(
            ServicePeriod, sum(1 for e in entries if e.period_id is None)
        )
    )
    writes = _Writes(actor)
    new_periods: list[ServicePeriod] = []
    ended_periods: list[ServicePeriod] = []
    outcomes: list[Recorded | ServiceRefused] = []
    for entry in entries:
        if entry.period_id is not None:
            period = periods[entry.period_id]
            if period.ended_on is not None:
                outcomes.append(ServiceRefused(_("The service has already ended.")))
                continue
            ended_periods.append(period)
        else:
            assert entry.case_id is not None  # noqa: S101 - one of the two is set
            state = cases[entry.case_id]
            if not state.case.is_open:
                outcomes.append(
                    ServiceRefused(
                        _("The case is closed; reopen it before recording on it.")
                    )
                )
                continue
            period = ServicePeriod(
                pk=next(new_ids),
                organisation_id=state.case.organisation_id,
                case=state.case,
                recorded_by=actor,
                service_type=entry.service_type,
                started_on=entry.started_on,
                planned_end_on=entry.ended_on,
                provider=entry.provider.strip(),
            )
            new_periods.append(period)
            _start(period, state, writes, recorded_on=recorded_on)
        if entry.ended_on is not None:
            _end(period, cases[period.case_id], writes, ended_on=entry.ended_on)
        outcomes.append(Recorded(period.pk))
    _write(new_periods, ended_periods, writes)
    return outcomes


def _start(
    period: ServicePeriod, state: _Case, writes: _Writes, *, recorded_on: dt.date
) -> None:
    """service_start for one row, in memory."""
    case = state.case
    started_on = period.started_on
    writes.event(
        case,
        EventKind.SERVICE_STARTED,
        min(started_on, recorded_on),
        period,
        **service_started_details(period),
    )
    state.running.add(period.pk)
    if service_pauses_discussions(period):
        for step in state.discussions:
            if step.status == StepStatus.OPEN:
                details = step_pause_apply(
                    step, on=started_on, reason=pause_reason(period)
                )
                writes.step(step, PAUSE_FIELDS)
                writes.event(case, EventKind.STEP_PAUSED, started_on, step, **details)
    if period.service_type.code == MULTISECTORAL_SERVICE:
        # multisectoral_assessment_complete
        for step in list(state.assessments):
            if step.counts_from <= started_on:
                step.status = StepStatus.DONE
                step.completed_on = started_on
                writes.step(step, ["status", "completed_on", "updated_at"])
                state.assessments.remove(step)
                state.pending.discard((step.kind, step.sequence))
        deadline = process_rules.multisectoral_plan_deadline(
            service_started_on=started_on
        )
        # step_create keeps an identical pending step.
        if deadline is not None and (
            (str(deadline.step), deadline.sequence) not in state.pending
        ):
            state.pending.add((str(deadline.step), deadline.sequence))
            writes.new_steps.append((case, deadline))


def _end(
    period: ServicePeriod, state: _Case, writes: _Writes, *, ended_on: dt.date
) -> None:
    """service_end for one row (no reason given), in memory."""
    case = state.case
    before = snapshot(period, ["ended_on", "end_reason"])
    period.ended_on = ended_on
    period.end_reason = ""
    writes.changes += change_rows(
        actor=writes.actor,
        instance=period,
        before=before,
        jobseeker_id=case.jobseeker_id,
        organisation_id=case.organisation_id,
    )
    writes.event(
        case, EventKind.SERVICE_ENDED, ended_on, period, **service_ended_details(period)
    )
    state.running.discard(period.pk)
    if not state.running:
        for step in state.discussions:
            if step.status == StepStatus.PAUSED:
                details = step_resume_apply(
                    step, on=ended_on, reason=_("The service ended.")
                )
                writes.step(step, RESUME_FIELDS)
                writes.event(case, EventKind.STEP_RESUMED, ended_on, step, **details)


def _write(
    new_periods: list[ServicePeriod],
    ended_periods: list[ServicePeriod],
    writes: _Writes,
) -> None:
    now = timezone.now()
    copying.copy_rows(
        ServicePeriod,
        (
            {f.attname: getattr(p, f.attname) for f in ServicePeriod._meta.fields}
            | {"created_at": now, "updated_at": now}
            for p in new_periods
        ),
    )
    for period in ended_periods:
        period.updated_at = now
    if ended_periods:
        ServicePeriod.objects.bulk_update(
            ended_periods, ["ended_on", "end_reason", "updated_at"], batch_size=2_000
        )
    for step in writes.steps.values():
        step.updated_at = now
    if writes.steps:
        ProcessStep.objects.bulk_update(
            list(writes.steps.values()), sorted(writes.step_fields), batch_size=2_000
        )
    step_ids = copying.reserve_ids(ProcessStep, len(writes.new_steps))
    copying.copy_rows(
        ProcessStep,
        (
            {
                # The fields step_create sets.
                "id": step_id,
                "organisation_id": case.organisation_id,
                "case_id": case.pk,
                "jobseeker_id": case.jobseeker_id,
                "assignee_id": case.caseworker_id,
                "kind": str(deadline.step),
                "sequence": deadline.sequence,
                "due_on": deadline.due_on,
                "counts_from": deadline.counts_from,
                "counts_from_event": deadline.counts_from_event,
                "rule_code": deadline.rule.code,
            }
            for step_id, (case, deadline) in zip(
                step_ids, writes.new_steps, strict=True
            )
        ),
    )
    event_ids = copying.reserve_ids(CaseEvent, len(writes.events))
    copying.copy_rows(
        CaseEvent,
        (
            {**event, "id": event_id}
            for event_id, event in zip(event_ids, writes.events, strict=True)
        ),
    )
    ChangeRecord.objects.bulk_create(writes.changes, batch_size=2_000)
