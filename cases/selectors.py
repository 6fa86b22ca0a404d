"""Reads of jobseekers and cases, always scoped in SQL by the reader's memberships."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Field,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import Expression
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.keyset import row_after, row_before
from organisations.models import Membership, MembershipRole, Organisation
from organisations.selectors import (
    AGGREGATE_ROLES,
    led_team_member_ids,
    organisation_ids_covered,
)
from organisations.selectors import led_teams as organisation_led_teams

from .explain import explain_trigger
from .models import (
    BenefitNotice,
    Case,
    CaseEvent,
    JobOffer,
    JobSearchPeriod,
    Jobseeker,
    JobseekerQuerySet,
    Note,
    Plan,
    PlanVersion,
    ProcessStep,
    Reminder,
    ServiceNeedsAssessment,
    ServicePeriod,
)
from .models.case import CaseStatus
from .models.process import OPEN_STATUSES, StepStatus
from .permissions import (
    jobseekers_visible_to,
    personal_data_organisation_ids,
    steps_visible_to,
)
from .rules import triggers


def jobseeker_list_for_user(
    *, user: User, on: dt.date | None = None
) -> JobseekerQuerySet:
    """Jobseekers a caseworker or team lead sees, ordered for keyset paging."""
    return (
        jobseekers_visible_to(user)
        .select_related("home_municipality", "organisation")
        .order_by("last_name", "first_names", "id")
    )


def jobseeker_page(
    *, queryset: JobseekerQuerySet, after: tuple[str, str, int] | None, size: int
) -> tuple[list[Jobseeker], tuple[str, str, int] | None]:
    """One keyset page of an ordered jobseeker list and the cursor of the next page.

    Keyset paging (WHERE (last_name, first_names, id) > cursor) costs the
    same on page 1 and page 10,000; OFFSET would scan every skipped row.
    """
    if after is not None:
        last, first, pk = after
        queryset = queryset.filter(
            row_after(("last_name", "first_names", "id"), (last, first, pk))
        )
    rows = list(queryset[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    tail = rows[-1]
    return rows, (tail.last_name, tail.first_names, tail.id)


def jobseeker_counts_by_municipality(
    *, user: User, on: dt.date | None = None
) -> QuerySet[Organisation]:
    """Counts per home municipality for coordinators and board viewers; no persons."""
    covered = organisation_ids_covered(user=user, roles=AGGREGATE_ROLES, on=on)
    return (
        Organisation.objects.filter(id__in=covered, kind=Organisation.Kind.MUNICIPALITY)
        .annotate(jobseeker_count=Count("resident_jobseekers"))
        .order_by("name")
    )


# --- Search -----------------------------------------------------------------

IDENTITY_CODE_PATTERN = re.compile(r"^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$", re.IGNORECASE)
SEARCH_LIMIT = 50


def jobseeker_search(*, user: User, text: str) -> list[Jobseeker]:
    """Jobseekers matching an exact identity code, or else every word of a name."""
    text = text.strip()
    if not text:
        return []
    queryset = jobseeker_list_for_user(user=user)
    if IDENTITY_CODE_PATTERN.match(text):
        queryset = queryset.with_identity_code(text.upper())
    else:
        queryset = queryset.matching_name(text)
    return list(queryset[:SEARCH_LIMIT])


# --- Worklist -----------------------------------------------------------------


@dataclass(frozen=True)
class WorklistFilter:
    # "mine": assigned to the user; "team": the teams the user leads (with
    # their unassigned steps), or the organisation for a user leading none;
    # "organisation": everyone's in the user's organisations.
    scope: str = "mine"
    bucket: str = "due"  # "overdue", "today", "week", "due" (all three), "later"
    kind: str = ""
    organisation_id: int | None = None
    assignee_id: int | None = None


WORKLIST_HORIZON = dt.timedelta(days=7)


def _worklist_base(*, user: User, filters: WorklistFilter) -> QuerySet[ProcessStep]:
    queryset = steps_visible_to(user).filter(status=StepStatus.OPEN)
    if filters.scope == "mine":
        queryset = queryset.filter(assignee=user)
    elif filters.scope == "organisation":
        if filters.assignee_id is not None:
            queryset = queryset.filter(assignee_id=filters.assignee_id)
    else:
        if filters.scope == "team":
            queryset = _team_scope(queryset, user=user)
        if filters.assignee_id is not None:
            queryset = queryset.filter(assignee_id=filters.assignee_id)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.organisation_id is not None:
        queryset = queryset.filter(organisation_id=filters.organisation_id)
    return queryset


def led_teams(user: User) -> list[tuple[int, str]]:
    """The teams the user leads today, as (id, name) (kept for the session)."""
    return organisation_led_teams(user=user)


def led_team_ids(user: User) -> list[int]:
    """The ids of the teams the user leads today (led_teams)."""
    return [pk for pk, _name in led_teams(user)]


def _team_scope(
    queryset: QuerySet[ProcessStep], *, user: User
) -> QuerySet[ProcessStep]:
    """A team lead with a team sees its members' and unassigned steps; without
    a team, the whole organisation's (the organisation is the team)."""
    teams = led_team_ids(user)
    if not teams:
        return queryset
    return queryset.filter(
        Q(assignee_id__in=led_team_member_ids(user=user)) | Q(assignee__isnull=True)
    )


def _team_members(teams: list[int]) -> QuerySet[Membership]:
    """Today's memberships of the teams (a team lead's team view)."""
    return Membership.objects.active_on(timezone.localdate()).filter(team_id__in=teams)


# More caseworkers than this are not offered as a list: a <select> of
# thousands of names is unusable, and rendering it cost more than the rest of
# the worklist (3,500 caseworkers in the largest municipality at 1,000,000
# jobseekers, benchmarks.run).
CASEWORKER_LIST_LIMIT = 300


def worklist_caseworkers(
    *, user: User, organisation_ids: list[int]
) -> list[tuple[int, str]] | None:
    """The caseworkers the worklist can be narrowed to, as (id, "Last, First"):
    the members of the teams the user leads, or without such a team everyone
    with a caseworker role in `organisation_ids` (the user's); None when
    there are more than CASEWORKER_LIST_LIMIT (the filter then takes a
    username, caseworker_by_username). Plain tuples, not User objects.

    One statement: the members are counted up to the limit first, and the
    names are read only when the count is within it. Reading the first 301
    names to find out that there were too many cost 9 % of a worklist
    request for a large municipality's team lead (issue 21).
    """
    teams = led_team_ids(user)
    if teams:
        members = _team_members(teams)
    else:
        members = Membership.objects.active_on(timezone.localdate()).filter(
            organisation_id__in=organisation_ids,
            role=MembershipRole.CASEWORKER,
        )
    counted_sql, counted_params = (
        members.order_by()
        .values("user_id")
        .distinct()[: CASEWORKER_LIST_LIMIT + 1]
        .query.sql_with_params()
    )
    names_sql, names_params = (
        User.objects.filter(id__in=members.values("user_id"))
        .values_list("id", "last_name", "first_name")
        .order_by()
        .query.sql_with_params()
    )
    # The ORM compiled both parts; their values stay parameters. The LATERAL
    # part runs only when the count is within the limit.
    sql = f"""
        SELECT counted.n, names.id, names.last_name, names.first_name
        FROM (SELECT count(*) AS n FROM ({counted_sql}) AS capped) AS counted
        LEFT JOIN LATERAL ({names_sql}) AS names ON counted.n <= %s
        ORDER BY names.last_name, names.first_name, names.id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*counted_params, *names_params, CASEWORKER_LIST_LIMIT])
        rows = cursor.fetchall()
    if not rows or rows[0][0] > CASEWORKER_LIST_LIMIT:
        return None if rows and rows[0][0] else []
    return [
        (pk, f"{last}, {first}" if first else last)
        for _n, pk, last, first in rows
        if pk is not None
    ]


def caseworker_by_username(*, username: str, organisation_ids: list[int]) -> int | None:
    """The id of the caseworker with this username in `organisation_ids`."""
    members = Membership.objects.active_on(timezone.localdate()).filter(
        organisation_id__in=organisation_ids,
        role__in=[MembershipRole.CASEWORKER, MembershipRole.TEAM_LEAD],
    )
    return (
        User.objects.filter(username__iexact=username, id__in=members.values("user_id"))
        .values_list("id", flat=True)
        .first()
    )


# Each count stops here: counting is a scan of the worklist index, so its
# cost grows with the count (8-11 ms for the 85,785 due steps of the largest
# organisation at 1,000,000 jobseekers, a quarter of the page), and a tab
# saying "over 10,000" serves a team lead as well as the exact figure; the
# monthly indicators count overdue steps exactly.
WORKLIST_COUNT_LIMIT = 10_000


def worklist_counts(
    *, user: User, filters: WorklistFilter, today: dt.date
) -> dict[str, int]:
    """Overdue, due-today and due-this-week counts in one query, each at most
    WORKLIST_COUNT_LIMIT + 1 (more than the limit)."""
    base = _worklist_base(user=user, filters=filters)
    buckets = {
        "overdue": base.filter(due_on__lt=today),
        "today": base.filter(due_on=today),
        "week": base.filter(due_on__gt=today, due_on__lte=today + WORKLIST_HORIZON),
    }
    parts: list[str] = []
    params: list[Any] = []
    for queryset in buckets.values():
        sql, bucket_params = (
            queryset.order_by()
            .values("id")[: WORKLIST_COUNT_LIMIT + 1]
            .query.sql_with_params()
        )
        # The ORM compiled `sql`; its values stay parameters.
        parts.append(f"(SELECT count(*) FROM ({sql}) AS bucket)")  # noqa: S608
        params += bucket_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {key: int(value) for key, value in zip(buckets, row, strict=True)}


# What a worklist line shows (casework.views.worklist.WorklistRow), not every column of
# the four joined tables: a jobseeker row carries the encrypted identity code
# and contact details the list never shows.
_WORKLIST_COLUMNS = (
    *(field.name for field in ProcessStep._meta.concrete_fields),
    "jobseeker__last_name",
    "jobseeker__first_names",
    "jobseeker__organisation_id",
    "jobseeker__home_municipality__name",
    "jobseeker__home_municipality__name_sv",
    "jobseeker__home_municipality__name_en",
    "assignee__first_name",
    "assignee__last_name",
)


def _bucket_range(bucket: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The due dates of a bucket, both ends included."""
    horizon = today + WORKLIST_HORIZON
    return {
        "overdue": (dt.date.min, today - dt.timedelta(days=1)),
        "today": (today, today),
        "week": (today + dt.timedelta(days=1), horizon),
        "later": (horizon + dt.timedelta(days=1), dt.date.max),
    }.get(bucket, (dt.date.min, horizon))


# A worklist line's group: the open steps of one kind on the outer step's
# case with due dates in the bucket. Written as SQL: the ORM's Exists and
# Subquery annotations cost 1.7 ms of Python per page to compile and added
# a subplan (benchmarks.run worklist at 20,000 jobseekers). `{step}` is the
# outer row's table as the query at hand names it (_OnStep).
_GROUP = """
    FROM cases_processstep g
    WHERE g.case_id = {step}.case_id AND g.kind = {step}.kind
      AND g.status = 'open' AND g.due_on BETWEEN %s AND %s
"""
# The step is its group's head: no earlier open step of the group.
_HEAD = (
    "NOT EXISTS (SELECT 1 "
    + _GROUP
    + " AND (g.due_on, g.id) < ({step}.due_on, {step}.id))"
)
# [steps in the group, of which past due], in one subplan.
_COUNTS = (
    "(SELECT ARRAY[count(*), count(*) FILTER (WHERE g.due_on < %s)] " + _GROUP + ")"
)


class _OnStep(Expression):
    """Constant SQL about the query's own process step row, with parameters.

    Like RawSQL, but the outer step's table is named as the query at hand
    names it: as a subquery (the per-organisation walks of the area-level
    worklist) Django aliases the table "U0", and a RawSQL naming
    cases_processstep would silently refer to the outer query's row.
    """

    def __init__(
        self, template: str, params: tuple[Any, ...], output_field: Field[Any, Any]
    ) -> None:
        super().__init__(output_field=output_field)
        self.template = template
        self.params = params

    def as_sql(
        self, compiler: Any, connection: Any, **_extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        step = compiler.quote_name_unless_alias(compiler.query.base_table)
        return self.template.replace("{step}", step), self.params


def worklist_page(
    *,
    user: User,
    filters: WorklistFilter,
    today: dt.date,
    after: tuple[dt.date, int] | None,
    size: int,
) -> tuple[list[ProcessStep], tuple[dt.date, int] | None]:
    """One keyset page of worklist lines, one per jobseeker and kind of step,
    ordered by the next due date.

    A line is its group's earliest open step in the bucket (the head), with
    `group_counts` annotated: [the group's steps in the bucket, of which past
    due]; five missed supplementary discussions of one person are one line.
    Grouped in SQL, in the one page statement: the page walks the worklist
    index in (due_on, id) order as before and keeps a step only when no
    earlier open step of its group is in the bucket (_HEAD), so the cursor
    stays the head's (due_on, id) and page 1,000 costs what page 1 does; the
    counts are a subquery evaluated for the 51 lines returned. The group is
    (case, kind): a jobseeker has one job search, so one open case, at a time,
    and closing a case cancels its steps; all open steps of a case share its
    organisation and assignee (case_assign and transfers move them together),
    so the probes need no scope filters and read the pending-step unique
    index on (case, kind, sequence).
    """
    first, last = _bucket_range(filters.bucket, today)
    queryset = (
        _worklist_base(user=user, filters=filters)
        .filter(due_on__gte=first, due_on__lte=last)
        # Constant SQL text with parameters (no input is formatted into it).
        .filter(_OnStep(_HEAD, (first, last), output_field=BooleanField()))
    )
    if after is not None:
        due_on, pk = after
        queryset = queryset.filter(row_after(("due_on", "id"), (due_on, pk)))
    queryset = _walked_per_organisation(
        queryset, user=user, filters=filters, size=size + 1
    ).annotate(
        group_counts=_OnStep(
            _COUNTS,
            (today, first, last),
            output_field=ArrayField(IntegerField()),
        )
    )
    rows: list[ProcessStep] = list(
        queryset.select_related("jobseeker", "assignee", "jobseeker__home_municipality")
        .only(*_WORKLIST_COLUMNS)
        .order_by("due_on", "id")[: size + 1]
    )
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, (rows[-1].due_on, rows[-1].id)


def _walked_per_organisation(
    queryset: QuerySet[ProcessStep], *, user: User, filters: WorklistFilter, size: int
) -> QuerySet[ProcessStep]:
    """`queryset` narrowed to the first `size` lines of each organisation
    it covers, when it covers several.

    PostgreSQL cannot walk the (organisation, due_on, id) index of several
    organisations in one (due_on, id) order: for a team lead of an area of
    six municipalities it read and sorted every due step of the area for
    one page (186-301 ms of SQL, issue 21). Each organisation's first lines
    are one short walk of that index; the page is the first `size` of their
    union, so it reads at most `size` lines per organisation. Own steps
    ("mine") walk the assignee index and need no such help.
    """
    organisation_ids = (
        [filters.organisation_id]
        if filters.organisation_id is not None
        else personal_data_organisation_ids(user)
    )
    if filters.scope == "mine" or len(organisation_ids) < 2:
        return queryset
    walks = [
        queryset.filter(organisation_id=organisation_id)
        .order_by("due_on", "id")
        .values("id")[:size]
        for organisation_id in organisation_ids
    ]
    return ProcessStep.objects.filter(id__in=walks[0].union(*walks[1:], all=True))


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


# --- Conditions on a chosen day -------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One condition or trigger decided for one day, with what decided it."""

    code: str
    label: str
    # required / consider / not_required / not_applicable, or for the pilot
    # target group eligible / not_eligible / not_applicable.
    outcome: str
    clause: str
    explanation: str
    rule_code: str = ""
    rule_source: str = ""
    rule_valid_from: dt.date | None = None
    rule_valid_until: dt.date | None = None
    rule_version: int | None = None
    pilot_id: int | None = None
    pilot_name: str = ""


@dataclass(frozen=True)
class ConditionFacts:
    """The facts the conditions were decided on (benefit figures as recorded)."""

    on: dt.date
    job_search_started_on: dt.date | None
    age: int
    months_unemployed: int
    facts: triggers.BenefitFacts


def _job_search_on(jobseeker: Jobseeker, on: dt.date) -> JobSearchPeriod | None:
    return (
        JobSearchPeriod.objects.filter(jobseeker=jobseeker, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .order_by("-started_on")
        .first()
    )


def process_conditions_on(
    *, jobseeker: Jobseeker, on: dt.date, case: Case | None = None
) -> tuple[ConditionFacts, list[Condition]]:
    """The activation plan, multi-sectoral assessment and integration plan
    conditions as their rules in force on `on` decide them: the age and the
    months of the job search on that day, an employment plan agreed by then,
    the benefit figures as last recorded. Outside a job search on that day
    none applies."""
    from .services import benefit_facts

    # The open case's job search, when the page has it and it covers the day.
    known = case.job_search_period if case is not None else None
    if known is not None and known.started_on <= on and known.ended_on is None:
        period: JobSearchPeriod | None = known
    else:
        period = _job_search_on(jobseeker, on)
    started = period.started_on if period is not None else None
    facts = benefit_facts(jobseeker, on=on, case=None, job_search_start=started)
    results = (
        (
            "activation_plan",
            _("Activation plan"),
            triggers.activation_plan_trigger(facts, on=on),
        ),
        (
            "multisectoral_assessment",
            _("Multi-sectoral service assessment"),
            triggers.multisectoral_assessment_trigger(facts, on=on),
        ),
        (
            "integration_plan",
            _("Integration plan"),
            triggers.integration_plan_needed(
                is_immigrant=jobseeker.is_immigrant,
                first_residence_on=jobseeker.first_residence_on,
                on=on,
                integration_need=jobseeker.integration_need,
            ),
        ),
    )
    conditions = []
    for code, label, result in results:
        rule = result.rule
        if period is None:
            outcome, explanation = "not_applicable", _("No job search on this day.")
        else:
            outcome = (
                "required"
                if result.triggered
                else "consider"
                if result.advisory
                else "not_required"
            )
            explanation = explain_trigger(result)
        conditions.append(
            Condition(
                code=code,
                label=str(label),
                outcome=outcome,
                clause=result.clause,
                explanation=explanation,
                rule_code=rule.code if rule else "",
                rule_source=str(rule.source) if rule else "",
                rule_valid_from=rule.valid_from if rule else None,
                rule_valid_until=rule.valid_until if rule else None,
            )
        )
    return (
        ConditionFacts(
            on=on,
            job_search_started_on=started,
            age=facts.age,
            months_unemployed=facts.months_continuously_unemployed,
            facts=facts,
        ),
        conditions,
    )
