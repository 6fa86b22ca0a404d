"""Registration for a whole file: `jobseeker_register` for many people at once.

Per person the same records as the single registration (jobseeker new or
updated, job search period, case, "registered" and "case opened" events, the
deadlines of cases.rules.registration), written with a few set-based reads
and COPY (cases.services.copying) instead of ~15 statements a person: an
import of 100,000 people would otherwise take half an hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
    JobSearchPeriod,
    Jobseeker,
    PlanVersion,
    ProcessStep,
)
from cases.models.case import CaseStatus, EventKind
from cases.models.records import PlanKind
from cases.rules import IdentityCode, parse_identity_code
from cases.rules import registration as registration_rules
from core import crypto

from . import copying
from .events import jobseeker_facts_changed_on_commit
from .jobseekers import JOBSEEKER_FIELDS, JobseekerData

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from accounts.models import User
    from cases.rules.process import Deadline

# Identity codes or ids per lookup query: well under PostgreSQL's parameter limit.
LOOKUP_CHUNK = 5_000


@dataclass(frozen=True)
class RegistrationEntry:
    """One person's registration: jobseeker_register's arguments."""

    organisation_id: int
    identity_code: str
    data: JobseekerData
    registered_on: dt.date
    status_at_start: str
    # None: the organisation itself (a municipality registers its residents).
    home_municipality_id: int | None = None


@dataclass(frozen=True)
class Registered:
    jobseeker_id: int
    case_id: int


@dataclass(frozen=True)
class Refused:
    """A registration jobseeker_register would refuse, with its message."""

    field: str | None
    message: str


@dataclass
class _Person:
    entry: RegistrationEntry
    jobseeker_id: int
    derived: registration_rules.Registration
    period_id: int = 0
    case_id: int = 0


def _parsed(identity_code: str) -> IdentityCode:
    # As Jobseeker.set_identity_code: a code the settings refuse fails here.
    return parse_identity_code(
        identity_code, allow_temporary=settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES
    )


@dataclass(frozen=True)
class _Code:
    """An entry's identity code, parsed and blind-indexed once."""

    parsed: IdentityCode
    index: str


def _codes(entries: Sequence[RegistrationEntry]) -> dict[str, _Code]:
    codes = {}
    for entry in entries:
        parsed = _parsed(entry.identity_code)
        codes[entry.identity_code] = _Code(parsed, crypto.blind_index(parsed.value))
    return codes


def _jobseeker_row(
    jobseeker_id: int, entry: RegistrationEntry, code: _Code
) -> dict[str, Any]:
    """Jobseeker(...), JobseekerData.apply and set_identity_code, as a row."""
    row: dict[str, Any] = {
        name: value.strip() if isinstance(value, str) else value
        for name, value in vars(entry.data).items()
        if name != "extra"
    }
    row.update(
        id=jobseeker_id,
        organisation_id=entry.organisation_id,
        home_municipality_id=entry.home_municipality_id or entry.organisation_id,
        identity_code_encrypted=crypto.encrypt(code.parsed.value),
        identity_code_index=code.index,
        birth_date=code.parsed.birth_date,
    )
    return row


def _existing(codes: dict[str, _Code]) -> dict[str, Jobseeker]:
    """People already in Polku by identity code, locked as the single
    registration locks its person: one statement, the indexes as one array
    probing the unique blind index (exchange.importers.base)."""
    by_index = {code.index: identity_code for identity_code, code in codes.items()}
    if not by_index:
        return {}
    return {
        by_index[jobseeker.identity_code_index]: jobseeker
        for jobseeker in Jobseeker.objects.raw(
            f"SELECT * FROM {Jobseeker._meta.db_table} "  # noqa: S608 - table name from model metadata
            "WHERE identity_code_index = ANY(%s) FOR UPDATE",
            [list(by_index)],
        )
    }


def _histories(
    ids: list[int], on_by_id: dict[int, dt.date]
) -> tuple[dict[int, tuple[dt.date, dt.date | None]], set[int]]:
    """Each returning person's latest job search (start, end), and who had an
    employment plan agreed by the new registration (benefit_facts)."""
    latest: dict[int, tuple[dt.date, dt.date | None]] = {}
    with_plan: set[int] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        for period in (
            JobSearchPeriod.objects.filter(jobseeker_id__in=chunk)
            .order_by("jobseeker_id", "-started_on")
            .distinct("jobseeker_id")
            .values("jobseeker_id", "started_on", "ended_on")
        ):
            latest[period["jobseeker_id"]] = (period["started_on"], period["ended_on"])
        for plan in (
            PlanVersion.objects.filter(
                plan__case__jobseeker_id__in=chunk, plan__kind=PlanKind.EMPLOYMENT
            )
            .values("plan__case__jobseeker_id")
            .annotate(first=Min("agreed_on"))
        ):
            jobseeker_id = plan["plan__case__jobseeker_id"]
            if plan["first"] <= on_by_id[jobseeker_id]:
                with_plan.add(jobseeker_id)
    return latest, with_plan


def _derive(
    entry: RegistrationEntry,
    *,
    birth_date: dt.date,
    previous_end: dt.date | None,
    has_employment_plan: bool,
) -> registration_rules.Registration:
    data = entry.data
    return registration_rules.registration_derive(
        registered_on=entry.registered_on,
        previous_job_search_end=previous_end,
        facts=registration_rules.benefit_facts_from(
            data,
            birth_date=birth_date,
            on=entry.registered_on,
            has_employment_plan=has_employment_plan,
            # Counted from the job search starting that day.
            months_continuously_unemployed=0,
        ),
        integration=registration_rules.Integration(
            is_immigrant=data.is_immigrant,
            first_residence_on=data.first_residence_on,
            integration_need=data.integration_need,
        ),
    )


def jobseekers_register_bulk(
    *,
    entries: Sequence[RegistrationEntry],
    actor: User,
    batch_id: int | None = None,
) -> list[Registered | Refused]:
    """Register many people, new or returning; per entry, in order, what
    happened: registered, or refused with jobseeker_register's message (the
    other entries go ahead).

    The cases are unassigned: a team lead distributes imported cases. Values
    are validated by the caller (exchange.parsing) and by the table
    constraints here, not by `full_clean()` per row, which would cost a
    query per unique field 100,000 times. Runs in the caller's transaction.
    A returning person's pilot eligibility is decided again after commit, as
    after a single registration; for people new to Polku the nightly
    evaluation decides (100,000 tasks queued at once would only delay it).
    """
    codes = _codes(entries)
    if len(codes) != len(entries):
        raise ValueError("one registration per person in a bulk registration")
    existing = _existing(codes)
    returning_ids = [jobseeker.pk for jobseeker in existing.values()]
    latest, with_plan = _histories(
        returning_ids,
        {
            existing[entry.identity_code].pk: entry.registered_on
            for entry in entries
            if entry.identity_code in existing
        },
    )
    outcomes: list[Registered | Refused | _Person] = []
    new: list[RegistrationEntry] = []
    updated: list[Jobseeker] = []
    for entry in entries:
        jobseeker = existing.get(entry.identity_code)
        refusal = registration_rules.registration_refusal(
            client_of=jobseeker.organisation_id if jobseeker else None,
            organisation_id=entry.organisation_id,
            latest_job_search=latest.get(jobseeker.pk) if jobseeker else None,
            registered_on=entry.registered_on,
        )
        if refusal is not None:
            outcomes.append(Refused(refusal.field, refusal.message))
        elif jobseeker is None:
            new.append(entry)
            outcomes.append(
                _Person(
                    entry,
                    jobseeker_id=0,
                    derived=_derive(
                        entry,
                        birth_date=codes[entry.identity_code].parsed.birth_date,
                        previous_end=None,
                        has_employment_plan=False,
                    ),
                )
            )
        else:
            entry.data.apply(jobseeker)
            jobseeker.home_municipality_id = (
                entry.home_municipality_id or entry.organisation_id
            )
            updated.append(jobseeker)
            previous = latest.get(jobseeker.pk)
            outcomes.append(
                _Person(
                    entry,
                    jobseeker_id=jobseeker.pk,
                    derived=_derive(
                        entry,
                        birth_date=jobseeker.birth_date,
                        previous_end=previous[1] if previous else None,
                        has_employment_plan=jobseeker.pk in with_plan,
                    ),
                )
            )
    people = [p for p in outcomes if isinstance(p, _Person)]
    _write(people, new, updated, codes, actor=actor, batch_id=batch_id)
    for jobseeker in updated:
        jobseeker_facts_changed_on_commit(jobseeker.pk)
    return [
        Registered(o.jobseeker_id, o.case_id) if isinstance(o, _Person) else o
        for o in outcomes
    ]


def _write(
    people: list[_Person],
    new: list[RegistrationEntry],
    updated: list[Jobseeker],
    codes: dict[str, _Code],
    *,
    actor: User,
    batch_id: int | None,
) -> None:
    """The rows of `people`: new jobseekers, updated ones, then per person a
    period, a case, two events and the derived steps."""
    if updated:
        now = timezone.now()
        for jobseeker in updated:
            jobseeker.updated_at = now
        Jobseeker.objects.bulk_update(
            updated,
            [*JOBSEEKER_FIELDS, "home_municipality", "updated_at"],
            batch_size=2_000,
        )
    new_ids = iter(copying.reserve_ids(Jobseeker, len(new)))
    new_rows = []
    for person in people:
        if not person.jobseeker_id:
            person.jobseeker_id = next(new_ids)
            new_rows.append(
                _jobseeker_row(
                    person.jobseeker_id,
                    person.entry,
                    codes[person.entry.identity_code],
                )
            )
    copying.copy_rows(Jobseeker, new_rows)
    count = len(people)
    for person, period_id, case_id in zip(
        people,
        copying.reserve_ids(JobSearchPeriod, count),
        copying.reserve_ids(Case, count),
        strict=True,
    ):
        person.period_id, person.case_id = period_id, case_id
    copying.copy_rows(
        JobSearchPeriod,
        (
            {
                "id": p.period_id,
                "jobseeker_id": p.jobseeker_id,
                "organisation_id": p.entry.organisation_id,
                "started_on": p.entry.registered_on,
                "status_at_start": p.entry.status_at_start,
            }
            for p in people
        ),
    )
    copying.copy_rows(
        Case,
        (
            {
                "id": p.case_id,
                "jobseeker_id": p.jobseeker_id,
                "job_search_period_id": p.period_id,
                "organisation_id": p.entry.organisation_id,
                "caseworker_id": None,
                "status": CaseStatus.ACTIVE
                if p.derived.starts_active
                else CaseStatus.NEW,
                "opened_on": p.entry.registered_on,
            }
            for p in people
        ),
    )
    _events_write(people, actor=actor, batch_id=batch_id)
    steps: list[tuple[_Person, Deadline]] = [
        (p, deadline) for p in people for deadline in p.derived.deadlines
    ]
    copying.copy_rows(
        ProcessStep,
        (
            {
                # The fields step_create sets; the case is unassigned.
                "id": step_id,
                "organisation_id": p.entry.organisation_id,
                "case_id": p.case_id,
                "jobseeker_id": p.jobseeker_id,
                "assignee_id": None,
                "kind": str(deadline.step),
                "sequence": deadline.sequence,
                "due_on": deadline.due_on,
                "counts_from": deadline.counts_from,
                "counts_from_event": deadline.counts_from_event,
                "rule_code": deadline.rule.code,
            }
            for step_id, (p, deadline) in zip(
                copying.reserve_ids(ProcessStep, len(steps)),
                steps,
                strict=True,
            )
        ),
    )


def _events_write(people: list[_Person], *, actor: User, batch_id: int | None) -> None:
    """Each timeline's "registered" and "case opened" events; ids reserved in
    this order keep them in the order the single registration writes them."""
    count = len(people)
    event_ids = copying.reserve_ids(CaseEvent, 2 * count)
    registered_details = {"import_batch": batch_id} if batch_id else {}
    rows: list[dict[str, Any]] = []
    for registered_id, opened_id, p in zip(
        event_ids[:count], event_ids[count:], people, strict=True
    ):
        common = {
            "organisation_id": p.entry.organisation_id,
            "jobseeker_id": p.jobseeker_id,
            "case_id": p.case_id,
            "occurred_on": p.entry.registered_on,
            "actor_id": actor.pk,
        }
        rows.append(
            {
                **common,
                "id": registered_id,
                "kind": EventKind.REGISTERED,
                "target_type": JobSearchPeriod._meta.label,
                "target_id": p.period_id,
                "details": registered_details,
            }
        )
        rows.append(
            {
                **common,
                "id": opened_id,
                "kind": EventKind.CASE_OPENED,
                "target_type": Case._meta.label,
                "target_id": p.case_id,
                "details": {
                    "initial_interview_required": p.derived.initial_interview_required
                },
            }
        )
    rows.sort(key=lambda row: row["id"])
    copying.copy_rows(CaseEvent, rows)
