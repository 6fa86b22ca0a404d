"""Writes of the jobseeker service process; each service owns its transaction.

Every service records what it did as a CaseEvent (the timeline and audit
trail) and keeps the process steps — the statutory deadlines — in step with
the records: recording an initial interview completes its step and schedules
the next discussions by the rules in force (cases.rules.process).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import changes_record, snapshot
from cases.models import (
    BenefitNotice,
    Case,
    CaseEvent,
    JobOffer,
    JobSearchPeriod,
    Jobseeker,
    Meeting,
    Note,
    Plan,
    PlanTask,
    PlanVersion,
    ProcessStep,
    ServiceNeedsAssessment,
    ServicePeriod,
    ServiceType,
)
from cases.models.case import CaseStatus, EventKind, ExitReason
from cases.models.process import OPEN_STATUSES, StepKind, StepStatus
from cases.models.records import MeetingKind, PlanKind
from cases.rules import process as process_rules
from cases.rules import records as record_rules
from cases.rules import transitions, triggers
from cases.rules.calendar import whole_months_between
from core.formats import short_date

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from accounts.models import User
    from organisations.models import Organisation


class ConflictError(Exception):
    """Someone else saved the record after it was opened for editing."""

    def __init__(self, current: Model) -> None:
        super().__init__("edit conflict")
        self.current = current


class TransitionError(ValidationError):
    pass


def event_record(
    *,
    case: Case | None,
    jobseeker: Jobseeker,
    kind: str,
    occurred_on: dt.date,
    actor: User | None,
    target: Model | None = None,
    **details: Any,
) -> CaseEvent:
    """One row on the jobseeker's timeline; every app that changes a case
    record writes its event through here."""
    return CaseEvent.objects.create(
        organisation_id=case.organisation_id if case else jobseeker.organisation_id,
        jobseeker=jobseeker,
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        actor=actor,
        target_type=target._meta.label if target is not None else "",
        target_id=target.pk if target is not None else None,
        details=details,
    )


def _bump_version(model: type[Model], pk: int, expected_version: int) -> None:
    """Compare-and-set the version; raise ConflictError if someone saved first.

    One UPDATE ... WHERE version = expected: two editors cannot both pass it,
    without holding locks while a caseworker types.
    """
    updated = model._default_manager.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise ConflictError(model._default_manager.get(pk=pk))


def _create_step(case: Case, deadline: process_rules.Deadline) -> ProcessStep | None:
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


def _complete_step(step: ProcessStep, *, on: dt.date) -> None:
    step.status = StepStatus.DONE
    step.completed_on = on
    step.save(update_fields=["status", "completed_on", "updated_at"])


def _open_steps(case: Case, kind: str) -> list[ProcessStep]:
    return list(
        ProcessStep.objects.select_for_update()
        .filter(case=case, kind=kind, status__in=OPEN_STATUSES)
        .order_by("due_on", "id")
    )


# --- Registration and the jobseeker -----------------------------------------


@dataclass
class JobseekerData:
    first_names: str
    last_name: str
    mother_tongue: str = Jobseeker.MotherTongue.FINNISH
    other_language: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    is_immigrant: bool = False
    first_residence_on: dt.date | None = None
    integration_need: bool = False
    under_temporary_protection: bool = False
    home_municipality_registered: bool = True
    benefit_type: str = "none"
    lms_days_for_unemployment: int = 0
    lms_days_last_12_months: int = 0
    lms_days_after_max_allowance: int = 0
    max_allowance_period_exhausted: bool = False
    months_main_income_social_assistance: int = 0
    benefit_days_as_of: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def apply(self, jobseeker: Jobseeker) -> list[str]:
        """Copy the values onto `jobseeker`; return the names of changed fields."""
        changed = []
        for name, value in vars(self).items():
            if name == "extra":
                continue
            if isinstance(value, str):
                value = value.strip()
            if getattr(jobseeker, name) != value:
                setattr(jobseeker, name, value)
                changed.append(name)
        return changed


ELIGIBILITY_FACTS = frozenset(
    {
        "benefit_type",
        "home_municipality",
        "is_immigrant",
        "mother_tongue",
        "under_temporary_protection",
        "home_municipality_registered",
    }
)
JOBSEEKER_FIELDS = [
    name for name in JobseekerData.__dataclass_fields__ if name != "extra"
]


@transaction.atomic
def jobseeker_create(
    *,
    organisation: Organisation,
    home_municipality: Organisation,
    identity_code: str,
    first_names: str,
    last_name: str,
    mother_tongue: str = Jobseeker.MotherTongue.FINNISH,
    other_language: str = "",
    email: str = "",
    phone: str = "",
) -> Jobseeker:
    """Create a jobseeker with a validated, encrypted identity code."""
    jobseeker = Jobseeker(
        organisation=organisation, home_municipality=home_municipality
    )
    JobseekerData(
        first_names=first_names,
        last_name=last_name,
        mother_tongue=mother_tongue,
        other_language=other_language,
        email=email,
        phone=phone,
    ).apply(jobseeker)
    jobseeker.set_identity_code(identity_code)
    jobseeker.full_clean()
    jobseeker.save()
    return jobseeker


@transaction.atomic
def jobseeker_register(
    *,
    organisation: Organisation,
    home_municipality: Organisation,
    identity_code: str,
    data: JobseekerData,
    registered_on: dt.date,
    status_at_start: str,
    caseworker: User | None,
    actor: User,
) -> Case:
    """Start a job search: the jobseeker (new or returning), the period, the case,
    and the initial interview deadline when one is due."""
    existing = (
        Jobseeker.objects.select_for_update().with_identity_code(identity_code).first()
    )
    if existing is not None:
        jobseeker = existing
        if jobseeker.organisation_id != organisation.id:
            raise ValidationError(
                _(
                    "This person is a client of another organisation; "
                    "ask for a transfer."
                )
            )
        data.apply(jobseeker)
        jobseeker.home_municipality = home_municipality
        jobseeker.full_clean()
        jobseeker.save()
    else:
        jobseeker = Jobseeker(
            organisation=organisation, home_municipality=home_municipality
        )
        data.apply(jobseeker)
        jobseeker.set_identity_code(identity_code)
        jobseeker.full_clean()
        jobseeker.save()

    previous = (
        JobSearchPeriod.objects.filter(jobseeker=jobseeker)
        .order_by("-started_on")
        .first()
    )
    if previous is not None and (
        previous.ended_on is None or previous.ended_on >= registered_on
    ):
        raise ValidationError(
            {"registered_on": _("The jobseeker already has a job search on this date.")}
        )
    period = JobSearchPeriod(
        jobseeker=jobseeker,
        organisation=organisation,
        started_on=registered_on,
        status_at_start=status_at_start,
    )
    period.full_clean()
    period.save()
    case = Case.objects.create(
        jobseeker=jobseeker,
        job_search_period=period,
        organisation=organisation,
        caseworker=caseworker,
        opened_on=registered_on,
    )
    event_record(
        case=case,
        jobseeker=jobseeker,
        kind=EventKind.REGISTERED,
        occurred_on=registered_on,
        actor=actor,
        target=period,
    )
    needs_interview = process_rules.initial_interview_required(
        job_search_start=registered_on,
        previous_job_search_end=previous.ended_on if previous else None,
    )
    if needs_interview:
        deadline = process_rules.initial_interview_deadline(
            job_search_start=registered_on
        )
        if deadline is not None:
            _create_step(case, deadline)
    else:
        # A returning jobseeker within 6 months continues with the 3-monthly
        # job search discussions, counted from the new registration.
        case.status = CaseStatus.ACTIVE
        case.save(update_fields=["status", "updated_at"])
        deadline = process_rules.job_search_discussion_deadline(
            anchor=registered_on, anchor_event="registration"
        )
        if deadline is not None:
            _create_step(case, deadline)
    event_record(
        case=case,
        jobseeker=jobseeker,
        kind=EventKind.CASE_OPENED,
        occurred_on=registered_on,
        actor=actor,
        target=case,
        initial_interview_required=needs_interview,
    )
    _schedule_triggered_steps(case, jobseeker, on=registered_on)
    # A new job search: pilot eligibility is decided for it (a result of an
    # earlier job search is not current).
    _eligibility_reevaluate_on_commit(jobseeker.pk)
    return case


@transaction.atomic
def jobseeker_update(
    *,
    jobseeker: Jobseeker,
    expected_version: int,
    data: JobseekerData,
    actor: User,
    home_municipality: Organisation,
    on: dt.date,
) -> Jobseeker:
    """Save edited details if nobody saved since `expected_version`."""
    _bump_version(Jobseeker, jobseeker.pk, expected_version)
    jobseeker = Jobseeker.objects.select_for_update().get(pk=jobseeker.pk)
    before = snapshot(jobseeker, [*JOBSEEKER_FIELDS, "home_municipality_id"])
    changed = data.apply(jobseeker)
    if jobseeker.home_municipality_id != home_municipality.id:
        jobseeker.home_municipality = home_municipality
        changed.append("home_municipality")
    jobseeker.full_clean()
    jobseeker.save()
    changes_record(
        actor=actor,
        instance=jobseeker,
        before=before,
        jobseeker_id=jobseeker.pk,
        organisation_id=jobseeker.organisation_id,
    )
    if ELIGIBILITY_FACTS & set(changed):
        # Pilot eligibility depends on these facts: decide again after commit.
        _eligibility_reevaluate_on_commit(jobseeker.pk)
    case = jobseeker_open_case(jobseeker)
    event_record(
        case=case,
        jobseeker=jobseeker,
        kind=EventKind.JOBSEEKER_UPDATED,
        occurred_on=on,
        actor=actor,
        target=jobseeker,
        fields=sorted(changed),
    )
    if case is not None:
        _schedule_triggered_steps(case, jobseeker, on=on)
    return jobseeker


def _eligibility_reevaluate_on_commit(jobseeker_id: int) -> None:
    from pilots.tasks import eligibility_reevaluate_jobseeker_task

    transaction.on_commit(
        lambda: eligibility_reevaluate_jobseeker_task.delay(jobseeker_id)
    )


def jobseeker_open_case(jobseeker: Jobseeker) -> Case | None:
    return (
        Case.objects.filter(jobseeker=jobseeker)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-opened_on")
        .first()
    )


def benefit_facts(
    jobseeker: Jobseeker,
    *,
    on: dt.date,
    case: Case | None,
    job_search_start: dt.date | None = None,
) -> triggers.BenefitFacts:
    """The jobseeker's facts on `on` as the trigger rules take them: the age
    and whole months of unemployment on that day, an employment plan agreed
    by then, and the benefit figures as last recorded."""
    if job_search_start is None and case is not None:
        job_search_start = case.job_search_period.started_on
    has_plan = PlanVersion.objects.filter(
        plan__case__jobseeker=jobseeker,
        plan__kind=PlanKind.EMPLOYMENT,
        agreed_on__lte=on,
    ).exists()
    months_unemployed = (
        whole_months_between(job_search_start, on) if job_search_start else 0
    )
    return triggers.BenefitFacts(
        age=jobseeker.age_on(on),
        has_employment_plan=has_plan,
        lms_days_for_unemployment=jobseeker.lms_days_for_unemployment,
        lms_days_last_12_months=jobseeker.lms_days_last_12_months,
        lms_days_after_max_allowance=jobseeker.lms_days_after_max_allowance,
        max_allowance_period_exhausted=jobseeker.max_allowance_period_exhausted,
        months_main_income_social_assistance=jobseeker.months_main_income_social_assistance,
        months_continuously_unemployed=months_unemployed,
    )


def _schedule_triggered_steps(case: Case, jobseeker: Jobseeker, *, on: dt.date) -> None:
    """Add the activation plan, multi-sectoral assessment and integration plan
    deadlines once their triggers hold."""
    facts = benefit_facts(jobseeker, on=on, case=case)
    activation = triggers.activation_plan_trigger(facts, on=on)
    if (
        activation.triggered
        and not Plan.objects.filter(case=case, kind=PlanKind.ACTIVATION).exists()
    ):
        deadline = process_rules.activation_plan_deadline(triggered_on=on)
        if deadline is not None:
            _create_step(case, deadline)
    _schedule_multisectoral_assessment(case, facts, on=on)
    integration = triggers.integration_plan_needed(
        is_immigrant=jobseeker.is_immigrant,
        first_residence_on=jobseeker.first_residence_on,
        on=on,
        integration_need=jobseeker.integration_need,
    )
    if (
        integration.triggered
        and not Plan.objects.filter(case=case, kind=PlanKind.INTEGRATION).exists()
    ):
        deadline = process_rules.integration_plan_deadline(assessed_on=on)
        if deadline is not None:
            _create_step(case, deadline)


def _schedule_multisectoral_assessment(
    case: Case, facts: triggers.BenefitFacts, *, on: dt.date
) -> None:
    """Schedule the multi-sectoral assessment as the activation plan is: when
    its trigger holds on `on` (from 2025 when its former criteria prompt one),
    once per case, unless the multi-sectoral service or plan is already there.

    The months of unemployment grow without an event: every recorded meeting
    asks again (meeting_record), so a 3-monthly job search discussion finds a
    criterion that has come to hold since.
    """
    result = triggers.multisectoral_assessment_trigger(facts, on=on)
    if not (result.triggered or result.advisory):
        return
    kind = StepKind.MULTISECTORAL_ASSESSMENT
    if (
        Plan.objects.filter(case=case, kind=PlanKind.MULTISECTORAL).exists()
        or ServicePeriod.objects.filter(
            case=case, service_type__code=MULTISECTORAL_SERVICE
        ).exists()
        or ProcessStep.objects.filter(case=case, kind=kind)
        .exclude(status=StepStatus.CANCELLED)
        .exists()
    ):
        return
    deadline = process_rules.multisectoral_assessment_deadline(triggered_on=on)
    if deadline is not None:
        _create_step(case, deadline)


def _complete_multisectoral_assessment(case: Case, *, on: dt.date) -> None:
    """The assessment is done: a service-needs assessment on or after its
    trigger, or the multi-sectoral service or plan itself."""
    for step in _open_steps(case, StepKind.MULTISECTORAL_ASSESSMENT):
        if step.counts_from <= on:
            _complete_step(step, on=on)


# --- Meetings ---------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *, case: Case, kind: str, held_on: dt.date, channel: str, summary: str, actor: User
) -> Meeting:
    """Record an interview or discussion, complete its deadline, schedule the next."""
    case = (
        Case.objects.select_for_update()
        .select_related("job_search_period")
        .get(pk=case.pk)
    )
    _require_open(case)
    if held_on < case.job_search_period.started_on:
        raise ValidationError(
            {"held_on": _("The meeting cannot be before the job search started.")}
        )
    pending = _open_steps(case, kind)
    step = pending[0] if pending else None
    meeting = Meeting(
        organisation_id=case.organisation_id,
        case=case,
        recorded_by=actor,
        kind=kind,
        held_on=held_on,
        channel=channel,
        summary=summary.strip(),
        step=step,
    )
    meeting.full_clean()
    meeting.save()
    if step is not None:
        _complete_step(step, on=held_on)

    if kind == MeetingKind.INITIAL_INTERVIEW:
        if case.status == CaseStatus.NEW:
            case.status = CaseStatus.ACTIVE
            case.save(update_fields=["status", "updated_at"])
        for deadline in process_rules.supplementary_discussion_deadlines(
            job_search_start=case.job_search_period.started_on,
            initial_interview_on=held_on,
            until=_supplementary_horizon(held_on),
        ):
            _create_step(case, deadline)
    if kind in (MeetingKind.INITIAL_INTERVIEW, MeetingKind.JOB_SEARCH_DISCUSSION):
        # The next job search discussion counts from this meeting; an earlier
        # pending one is replaced (3 months from the previous discussion).
        for old in _open_steps(case, StepKind.JOB_SEARCH_DISCUSSION):
            old.status = StepStatus.CANCELLED
            old.save(update_fields=["status", "updated_at"])
        event = (
            "initial_interview"
            if kind == MeetingKind.INITIAL_INTERVIEW
            else "previous_discussion"
        )
        next_discussion = process_rules.job_search_discussion_deadline(
            anchor=held_on, anchor_event=event
        )
        if next_discussion is not None:
            _create_step(case, next_discussion)
    # The months of unemployment have grown since the last event: a meeting
    # is where the multi-sectoral criteria come to hold.
    _schedule_multisectoral_assessment(
        case, benefit_facts(case.jobseeker, on=held_on, case=case), on=held_on
    )
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.MEETING_HELD,
        occurred_on=held_on,
        actor=actor,
        target=meeting,
        meeting=kind,
        channel=channel,
        face_to_face=meeting.is_face_to_face,
        on_time=(step.due_on >= held_on) if step is not None else None,
    )
    return meeting


def _supplementary_horizon(start: dt.date) -> dt.date:
    """The last day any scheduled supplementary discussion can fall due.

    Scheduled discussions ended with the rule version valid until 31.12.2025
    (HE 108/2025), so the whole series is known at the initial interview; if a
    future version schedules them again, 2 years ahead are materialised and
    the rest when the next discussion is recorded.
    """
    ends = [
        rule.valid_until
        for rule in process_rules.RULES
        if rule.step == process_rules.StepKind.SUPPLEMENTARY_DISCUSSION
        and rule.amount is not None
    ]
    if not ends or any(end is None for end in ends):
        return start + dt.timedelta(days=730)
    return max(end for end in ends if end is not None)


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(
            _("The case is closed; reopen it before recording on it.")
        )


# --- Service needs assessment -----------------------------------------------

ASSESSMENT_FIELDS = (
    "assessed_on",
    "education_level",
    "skills",
    "training_need",
    "training_need_notes",
    "work_ability",
    "work_ability_notes",
    "social_services_need",
    "health_services_need",
    "rehabilitation_need",
    "kela_coordination",
    "language_skills",
    "notes",
)


@transaction.atomic
def assessment_save(
    *, case: Case, values: dict[str, Any], expected_version: int | None, actor: User
) -> ServiceNeedsAssessment:
    """Create or update the case's assessment (version-checked when updating)."""
    _require_open(case)
    assessment = ServiceNeedsAssessment.objects.filter(case=case).first()
    if assessment is None:
        assessment = ServiceNeedsAssessment(
            organisation_id=case.organisation_id, case=case, recorded_by=actor
        )
    else:
        _bump_version(ServiceNeedsAssessment, assessment.pk, expected_version or 0)
        assessment.refresh_from_db()
        assessment.recorded_by = actor
    before = snapshot(assessment, ASSESSMENT_FIELDS) if assessment.pk else {}
    for name in ASSESSMENT_FIELDS:
        if name in values:
            setattr(assessment, name, values[name])
    assessment.full_clean()
    assessment.save()
    changes_record(
        actor=actor,
        instance=assessment,
        before=before,
        jobseeker_id=case.jobseeker_id,
        organisation_id=case.organisation_id,
    )
    # The service-needs assessment covers the need for social, health and
    # rehabilitation services and coordination with Kela: the multi-sectoral
    # need is assessed with it.
    _complete_multisectoral_assessment(case, on=assessment.assessed_on)
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.ASSESSMENT_RECORDED,
        occurred_on=assessment.assessed_on,
        actor=actor,
        target=assessment,
        work_ability=assessment.work_ability,
    )
    return assessment


# --- Plans ------------------------------------------------------------------


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
    _require_open(case)
    plan, _created = Plan.objects.get_or_create(
        case=case,
        kind=kind,
        defaults={"organisation_id": case.organisation_id, "recorded_by": actor},
    )
    _bump_version(Plan, plan.pk, expected_version)
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
        _schedule_triggered_steps(case, case.jobseeker, on=agreed_on)
    step_kind = PLAN_STEP.get(PlanKind(kind))
    if step_kind is not None:
        for step in _open_steps(case, step_kind):
            _complete_step(step, on=agreed_on)
    if kind == PlanKind.MULTISECTORAL:
        _complete_multisectoral_assessment(case, on=agreed_on)
        for old in _open_steps(case, StepKind.MULTISECTORAL_REVIEW):
            old.status = StepStatus.CANCELLED
            old.save(update_fields=["status", "updated_at"])
        review = process_rules.multisectoral_review_deadline(anchor=agreed_on)
        if review is not None:
            _create_step(case, review)
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


# --- Services ---------------------------------------------------------------

# The catalogue code of the multi-sectoral service (cases.service_catalogue).
MULTISECTORAL_SERVICE = "multisectoral_service"

# Job search discussions are not held while the jobseeker is in a service
# lasting over a month (domain.md §1 ⚠; TEM 2026 Q&A): the deadline pauses.
LONG_SERVICE = dt.timedelta(days=31)


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
    _require_open(case)
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
        service=service_type.code,
        service_name=str(service_type),
        starts_on=started_on.isoformat(),
    )
    if planned_end_on is None or planned_end_on - started_on > LONG_SERVICE:
        for step in _open_steps(case, StepKind.JOB_SEARCH_DISCUSSION):
            if step.status == StepStatus.OPEN:
                _pause(
                    step,
                    on=started_on,
                    reason=_("In a service lasting over a month: %(service)s")
                    % {"service": service_type},
                    actor=actor,
                )
    if service_type.code == MULTISECTORAL_SERVICE:
        _complete_multisectoral_assessment(case, on=started_on)
        deadline = process_rules.multisectoral_plan_deadline(
            service_started_on=started_on
        )
        if deadline is not None:
            _create_step(case, deadline)
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
    return _service_end(
        period, ended_on=ended_on, end_reason=end_reason, actor=actor, on=ended_on
    )


def _service_end(
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
        service=period.service_type.code,
        service_name=str(period.service_type),
        ended_on=ended_on.isoformat(),
    )
    if not resume_steps:
        return period
    still_in_long_service = (
        ServicePeriod.objects.filter(case=case, ended_on__isnull=True)
        .exclude(pk=period.pk)
        .exists()
    )
    if not still_in_long_service:
        for step in _open_steps(case, StepKind.JOB_SEARCH_DISCUSSION):
            if step.status == StepStatus.PAUSED:
                _resume(step, on=ended_on, reason=_("The service ended."), actor=actor)
    return period


def _services_end_for_case_close(
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
        _service_end(
            period,
            ended_on=ended_on,
            end_reason=reason,
            actor=actor,
            on=on,
            resume_steps=False,
        )


# --- Pausing and resuming deadlines -----------------------------------------


def _pause(step: ProcessStep, *, on: dt.date, reason: str, actor: User | None) -> None:
    step.status = StepStatus.PAUSED
    step.paused_on = on
    step.pause_reason = reason
    step.adjustments = [
        *step.adjustments,
        {"action": "paused", "on": on.isoformat(), "reason": reason},
    ]
    step.save(
        update_fields=[
            "status",
            "paused_on",
            "pause_reason",
            "adjustments",
            "updated_at",
        ]
    )
    event_record(
        case=step.case,
        jobseeker=step.case.jobseeker,
        kind=EventKind.STEP_PAUSED,
        occurred_on=on,
        actor=actor,
        target=step,
        step=step.kind,
    )


def _resume(step: ProcessStep, *, on: dt.date, reason: str, actor: User | None) -> None:
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
    step.save(
        update_fields=[
            "status",
            "due_on",
            "paused_on",
            "pause_reason",
            "adjustments",
            "overdue_flagged_on",
            "updated_at",
        ]
    )
    event_record(
        case=step.case,
        jobseeker=step.case.jobseeker,
        kind=EventKind.STEP_RESUMED,
        occurred_on=on,
        actor=actor,
        target=step,
        step=step.kind,
        due_on=new_due.isoformat(),
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
    _pause(step, on=paused_on, reason=reason.strip(), actor=actor)
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
    _resume(step, on=resumed_on, reason=reason.strip() or _("Resumed."), actor=actor)
    return step


# --- Job offers, benefit information, notes ---------------------------------


RecordT = TypeVar("RecordT", JobOffer, BenefitNotice, Note, Meeting)


def _record_create(
    model: type[RecordT],
    *,
    case: Case,
    actor: User,
    event_kind: str,
    occurred_on: dt.date,
    **fields: Any,
) -> RecordT:
    """Validate and save a case record, and put it on the timeline."""
    record = model(
        organisation_id=case.organisation_id, case=case, recorded_by=actor, **fields
    )
    record.full_clean()
    record.save()
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=event_kind,
        occurred_on=occurred_on,
        actor=actor,
        target=record,
    )
    return record


@transaction.atomic
def job_offer_create(
    *,
    case: Case,
    offered_on: dt.date,
    employer: str,
    job_title: str,
    vacancy_reference: str,
    apply_by: dt.date | None,
    actor: User,
) -> JobOffer:
    _require_open(case)
    problem = record_rules.apply_by_problem(offered_on=offered_on, apply_by=apply_by)
    if problem:
        raise ValidationError({"apply_by": problem})
    return _record_create(
        JobOffer,
        case=case,
        actor=actor,
        event_kind=EventKind.JOB_OFFER_MADE,
        occurred_on=offered_on,
        offered_on=offered_on,
        employer=employer.strip(),
        job_title=job_title.strip(),
        vacancy_reference=vacancy_reference.strip(),
        apply_by=apply_by,
    )


@transaction.atomic
def job_offer_outcome_record(
    *, offer: JobOffer, outcome: str, outcome_on: dt.date, actor: User
) -> JobOffer:
    offer = (
        JobOffer.objects.select_for_update()
        .select_related("case__jobseeker")
        .get(pk=offer.pk)
    )
    if outcome_on < offer.offered_on:
        raise ValidationError(
            {"outcome_on": _("The outcome cannot be before the offer.")}
        )
    before = snapshot(offer, ["outcome", "outcome_on"])
    offer.outcome = outcome
    offer.outcome_on = outcome_on
    offer.full_clean()
    offer.save(update_fields=["outcome", "outcome_on", "updated_at"])
    changes_record(
        actor=actor,
        instance=offer,
        before=before,
        jobseeker_id=offer.case.jobseeker_id,
        organisation_id=offer.organisation_id,
    )
    event_record(
        case=offer.case,
        jobseeker=offer.case.jobseeker,
        kind=EventKind.JOB_OFFER_OUTCOME,
        occurred_on=outcome_on,
        actor=actor,
        target=offer,
        outcome=outcome,
    )
    return offer


@transaction.atomic
def benefit_notice_create(
    *,
    case: Case,
    kind: str,
    sent_on: dt.date,
    recipient: Organisation,
    description: str,
    actor: User,
) -> BenefitNotice:
    return _record_create(
        BenefitNotice,
        case=case,
        actor=actor,
        event_kind=EventKind.BENEFIT_NOTICE_SENT,
        occurred_on=sent_on,
        kind=kind,
        sent_on=sent_on,
        recipient=recipient,
        description=description.strip(),
    )


@transaction.atomic
def note_add(
    *, case: Case, text: str, is_health_related: bool, actor: User, on: dt.date
) -> Note:
    return _record_create(
        Note,
        case=case,
        actor=actor,
        event_kind=EventKind.NOTE_ADDED,
        occurred_on=on,
        text=text.strip(),
        is_health_related=is_health_related,
    )


# --- Case status and assignment ---------------------------------------------


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
    _bump_version(Case, case.pk, expected_version)
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
        _services_end_for_case_close(case, on=on, exit_reason=exit_reason, actor=actor)
        ProcessStep.objects.filter(case=case, status__in=OPEN_STATUSES).update(
            status=StepStatus.CANCELLED
        )
        from partners.services.referrals import referrals_for_case_close

        referrals_for_case_close(case=case, on=on, actor=actor)
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


# --- Nightly ------------------------------------------------------------------


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
