"""The jobseeker page: one person's records, each list bounded and paged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Prefetch,
    QuerySet,
)

from cases.models import (
    BenefitNotice,
    Case,
    CaseEvent,
    JobOffer,
    Jobseeker,
    Note,
    Plan,
    PlanVersion,
    ProcessStep,
    Reminder,
    ServiceNeedsAssessment,
    ServicePeriod,
)
from cases.models.case import CaseStatus
from cases.models.process import OPEN_STATUSES
from core.keyset import row_before

from .jobseekers import IDENTITY_CODE_PATTERN

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User

# --- The jobseeker page -----------------------------------------------------

TIMELINE_PAGE = 30


@dataclass
class JobseekerOverview:
    jobseeker: Jobseeker
    case: Case | None
    closed_cases: list[Case]
    steps: list[ProcessStep]
    assessment: ServiceNeedsAssessment | None
    plans: list[Plan]
    services: list[ServicePeriod]
    job_offers: list[JobOffer]
    notices: list[BenefitNotice]
    notes: list[Note]
    events: list[CaseEvent]
    older_events_cursor: tuple[dt.date, int] | None
    # The cursor of each record list's next (older) page, by list name
    # (RECORD_LISTS); a list missing here has no older rows.
    older_records: dict[str, tuple[Any, int]]


# The record lists of the jobseeker page, each shown newest first,
# RECORD_PAGE rows at a time, with the column it is ordered by (then id).
# The busiest 1 % of jobseekers have hundreds of notes and notices; the
# page read them all (issue 21).
RECORD_PAGE = 20
RECORD_LISTS: dict[str, str] = {
    "services": "started_on",
    "job_offers": "offered_on",
    "notices": "sent_on",
    "notes": "created_at",
}


def _newest_first(
    queryset: QuerySet[Any],
    *,
    column: str,
    before: tuple[Any, int] | None,
    size: int = RECORD_PAGE,
) -> tuple[list[Any], tuple[Any, int] | None]:
    """One keyset page of `queryset` by (`column`, id) descending, and the
    cursor of the next page."""
    if before is not None:
        queryset = queryset.filter(row_before((column, "id"), before))
    rows = list(queryset.order_by(f"-{column}", "-id")[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, (getattr(rows[-1], column), rows[-1].id)


def jobseeker_overview(
    *,
    jobseeker: Jobseeker,
    events_before: tuple[dt.date, int] | None = None,
    records_before: dict[str, tuple[Any, int]] | None = None,
) -> JobseekerOverview:
    """Everything the jobseeker page shows, in a fixed number of queries,
    each list bounded: the timeline TIMELINE_PAGE events and the record
    lists RECORD_PAGE rows, older ones a page further (`events_before`,
    `records_before` by list name)."""
    before = records_before or {}
    older: dict[str, tuple[Any, int]] = {}
    cases = list(
        Case.objects.filter(jobseeker=jobseeker)
        .select_related("job_search_period", "caseworker", "organisation")
        .order_by("-opened_on", "-id")
    )
    case = next((c for c in cases if c.status != CaseStatus.CLOSED), None)
    closed = [c for c in cases if c.status == CaseStatus.CLOSED]
    current = case or (closed[0] if closed else None)
    case_ids = [c.id for c in cases]

    steps: list[ProcessStep] = []
    assessment = None
    plans: list[Plan] = []
    services: list[ServicePeriod] = []
    offers: list[JobOffer] = []
    notices: list[BenefitNotice] = []
    notes: list[Note] = []
    if current is not None:
        steps = list(
            ProcessStep.objects.filter(case=current, status__in=OPEN_STATUSES).order_by(
                "due_on", "id"
            )
        )
        assessment = ServiceNeedsAssessment.objects.filter(case=current).first()
        plans = list(
            Plan.objects.filter(case=current)
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=PlanVersion.objects.select_related("created_by")
                    .prefetch_related("tasks")
                    .order_by("-number"),
                )
            )
            .order_by("kind")
        )
        pages = {
            "services": ServicePeriod.objects.filter(
                case_id__in=case_ids
            ).select_related("service_type"),
            "job_offers": JobOffer.objects.filter(case=current),
            "notices": BenefitNotice.objects.filter(case=current).select_related(
                "recipient"
            ),
            "notes": Note.objects.filter(case=current).select_related("recorded_by"),
        }
        rows: dict[str, list[Any]] = {}
        for name, queryset in pages.items():
            rows[name], next_page = _newest_first(
                queryset, column=RECORD_LISTS[name], before=before.get(name)
            )
            if next_page is not None:
                older[name] = next_page
        services = rows["services"]
        offers = rows["job_offers"]
        notices = rows["notices"]
        notes = rows["notes"]
    events_qs = CaseEvent.objects.filter(jobseeker=jobseeker).select_related("actor")
    if events_before is not None:
        day, pk = events_before
        events_qs = events_qs.filter(row_before(("occurred_on", "id"), (day, pk)))
    events = list(events_qs.order_by("-occurred_on", "-id")[: TIMELINE_PAGE + 1])
    cursor = None
    if len(events) > TIMELINE_PAGE:
        events = events[:TIMELINE_PAGE]
        cursor = (events[-1].occurred_on, events[-1].id)
    return JobseekerOverview(
        jobseeker=jobseeker,
        case=case,
        closed_cases=closed,
        steps=steps,
        assessment=assessment,
        plans=plans,
        services=services,
        job_offers=offers,
        notices=notices,
        notes=notes,
        events=events,
        older_events_cursor=cursor,
        older_records=older,
    )


def plan_version_for_pdf(*, version_id: int, jobseeker: Jobseeker) -> PlanVersion:
    """A plan version of this jobseeker with what its PDF shows."""
    return (
        PlanVersion.objects.select_related(
            "plan__case__jobseeker__home_municipality",
            "plan__case__organisation",
            "plan__case__caseworker",
            "created_by",
        )
        .prefetch_related("tasks")
        .get(pk=version_id, plan__case__jobseeker=jobseeker)
    )


REMINDER_LIMIT = 20


def reminder_list_for_user(*, user: User) -> tuple[list[Reminder], int]:
    """The newest unread reminders of the user and how many there are in all."""
    unread = Reminder.objects.filter(user=user, read_at__isnull=True)
    rows = list(
        unread.select_related("step", "step__jobseeker").order_by("-created_at", "-id")[
            :REMINDER_LIMIT
        ]
    )
    total = len(rows) if len(rows) < REMINDER_LIMIT else unread.count()
    return rows, total


def jobseeker_outside_scope(*, text: str) -> Jobseeker | None:
    """The jobseeker with exactly this identity code, wherever they are a client.

    Only for offering break-the-glass after an in-scope search found nobody;
    names are never searched outside the user's scope.
    """
    text = text.strip()
    if not IDENTITY_CODE_PATTERN.match(text):
        return None
    return Jobseeker.objects.with_identity_code(text.upper()).first()
