"""The worklist: due steps of the reader's scope, counted and paged in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    BooleanField,
    IntegerField,
    Q,
    QuerySet,
)
from django.utils import timezone

from accounts.models import User
from cases.models import ProcessStep
from cases.models.process import StepStatus
from cases.permissions import personal_data_organisation_ids, steps_visible_to
from core.db import OnRow
from core.keyset import row_after
from organisations.models import Membership, MembershipRole
from organisations.selectors import (
    led_team_member_ids,
)
from organisations.selectors import led_teams as organisation_led_teams

if TYPE_CHECKING:
    from collections.abc import Mapping

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
# a subplan (benchmarks.run worklist at 20,000 jobseekers). `{row}` is the
# outer row's table as the query at hand names it (core.db.OnRow).
_GROUP = """
    FROM cases_processstep g
    WHERE g.case_id = {row}.case_id AND g.kind = {row}.kind
      AND g.status = 'open' AND g.due_on BETWEEN %s AND %s
"""
# The step is its group's head: no earlier open step of the group.
_HEAD = (
    "NOT EXISTS (SELECT 1 "
    + _GROUP
    + " AND (g.due_on, g.id) < ({row}.due_on, {row}.id))"
)
# [steps in the group, of which past due], in one subplan.
_COUNTS = (
    "(SELECT ARRAY[count(*), count(*) FILTER (WHERE g.due_on < %s)] " + _GROUP + ")"
)


def worklist_page(
    *,
    user: User,
    filters: WorklistFilter,
    today: dt.date,
    after: tuple[dt.date, int] | None,
    size: int,
    annotations: Mapping[str, Any] | None = None,
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
        .filter(OnRow(_HEAD, (first, last), output_field=BooleanField()))
    )
    if after is not None:
        due_on, pk = after
        queryset = queryset.filter(row_after(("due_on", "id"), (due_on, pk)))
    queryset = _walked_per_organisation(
        queryset, user=user, filters=filters, size=size + 1
    ).annotate(
        group_counts=OnRow(
            _COUNTS,
            (today, first, last),
            output_field=ArrayField(IntegerField()),
        )
    )
    if annotations:
        # Columns of higher apps (the booking state) in the same statement.
        queryset = queryset.annotate(**annotations)
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
