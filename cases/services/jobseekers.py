"""Registration and the jobseeker: a new job search, edited details."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import changes_record, snapshot
from cases.models import (
    Case,
    JobSearchPeriod,
    Jobseeker,
)
from cases.models.case import CaseStatus, EventKind
from cases.rules import registration as registration_rules

from .events import event_record, jobseeker_facts_changed_on_commit, version_bump
from .steps import step_create
from .triggered import benefit_facts, integration_facts, steps_triggered_schedule

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User
    from organisations.models import Organisation


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
    and the deadlines that registration sets going (cases.rules.registration;
    jobseekers_register_bulk is the same for a whole file)."""
    existing = (
        Jobseeker.objects.select_for_update().with_identity_code(identity_code).first()
    )
    previous = (
        JobSearchPeriod.objects.filter(jobseeker=existing)
        .order_by("-started_on")
        .first()
        if existing is not None
        else None
    )
    refusal = registration_rules.registration_refusal(
        client_of=existing.organisation_id if existing is not None else None,
        organisation_id=organisation.id,
        latest_job_search=(previous.started_on, previous.ended_on)
        if previous is not None
        else None,
        registered_on=registered_on,
    )
    if refusal is not None:
        raise ValidationError(
            {refusal.field: refusal.message} if refusal.field else refusal.message
        )
    if existing is not None:
        jobseeker = existing
        data.apply(jobseeker)
        jobseeker.home_municipality = home_municipality
    else:
        jobseeker = Jobseeker(
            organisation=organisation, home_municipality=home_municipality
        )
        data.apply(jobseeker)
        jobseeker.set_identity_code(identity_code)
    jobseeker.full_clean()
    jobseeker.save()

    derived = registration_rules.registration_derive(
        registered_on=registered_on,
        previous_job_search_end=previous.ended_on if previous else None,
        facts=benefit_facts(
            jobseeker, on=registered_on, case=None, job_search_start=registered_on
        ),
        integration=integration_facts(jobseeker),
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
        status=CaseStatus.ACTIVE if derived.starts_active else CaseStatus.NEW,
    )
    event_record(
        case=case,
        jobseeker=jobseeker,
        kind=EventKind.REGISTERED,
        occurred_on=registered_on,
        actor=actor,
        target=period,
    )
    event_record(
        case=case,
        jobseeker=jobseeker,
        kind=EventKind.CASE_OPENED,
        occurred_on=registered_on,
        actor=actor,
        target=case,
        initial_interview_required=derived.initial_interview_required,
    )
    for deadline in derived.deadlines:
        step_create(case, deadline)
    # A new job search: pilot eligibility is decided for it (a result of an
    # earlier job search is not current).
    jobseeker_facts_changed_on_commit(jobseeker.pk)
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
    version_bump(Jobseeker, jobseeker.pk, expected_version)
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
        jobseeker_facts_changed_on_commit(jobseeker.pk)
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
        steps_triggered_schedule(case, jobseeker, on=on)
    return jobseeker


def jobseeker_open_case(jobseeker: Jobseeker) -> Case | None:
    return (
        Case.objects.filter(jobseeker=jobseeker)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-opened_on")
        .first()
    )
