"""Case records: meetings, the service needs assessment, job offers, benefit
notices and notes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import changes_record, snapshot
from cases.models import (
    BenefitNotice,
    Case,
    JobOffer,
    Meeting,
    Note,
    ServiceNeedsAssessment,
)
from cases.models.case import CaseStatus, EventKind
from cases.models.process import StepKind, StepStatus
from cases.models.records import MeetingKind
from cases.rules import process as process_rules
from cases.rules import records as record_rules

from .events import event_record, require_open, version_bump
from .steps import step_complete, step_create, steps_open_locked
from .triggered import (
    benefit_facts,
    multisectoral_assessment_complete,
    multisectoral_assessment_schedule,
)

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation


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
    require_open(case)
    if held_on < case.job_search_period.started_on:
        raise ValidationError(
            {"held_on": _("The meeting cannot be before the job search started.")}
        )
    pending = steps_open_locked(case, kind)
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
        step_complete(step, on=held_on)

    if kind == MeetingKind.INITIAL_INTERVIEW:
        if case.status == CaseStatus.NEW:
            case.status = CaseStatus.ACTIVE
            case.save(update_fields=["status", "updated_at"])
        for deadline in process_rules.supplementary_discussion_deadlines(
            job_search_start=case.job_search_period.started_on,
            initial_interview_on=held_on,
            until=_supplementary_horizon(held_on),
        ):
            step_create(case, deadline)
    if kind in (MeetingKind.INITIAL_INTERVIEW, MeetingKind.JOB_SEARCH_DISCUSSION):
        # The next job search discussion counts from this meeting; an earlier
        # pending one is replaced (3 months from the previous discussion).
        for old in steps_open_locked(case, StepKind.JOB_SEARCH_DISCUSSION):
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
            step_create(case, next_discussion)
    # The months of unemployment have grown since the last event: a meeting
    # is where the multi-sectoral criteria come to hold.
    multisectoral_assessment_schedule(
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
    require_open(case)
    assessment = ServiceNeedsAssessment.objects.filter(case=case).first()
    if assessment is None:
        assessment = ServiceNeedsAssessment(
            organisation_id=case.organisation_id, case=case, recorded_by=actor
        )
    else:
        version_bump(ServiceNeedsAssessment, assessment.pk, expected_version or 0)
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
    multisectoral_assessment_complete(case, on=assessment.assessed_on)
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
    require_open(case)
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
