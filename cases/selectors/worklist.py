"""The worklist: due steps of the reader's scope, counted and paged in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from cases.models import Jobseeker, ProcessStep, Reminder
from cases.permissions import personal_data_organisation_ids
from core.db import from_json
from core.models import in_active_language, in_language
from organisations.models import Membership, MembershipRole
from organisations.selectors import led_team_member_ids
from organisations.selectors import led_teams as organisation_led_teams

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.db.models import Model

    from core.db import OnRow

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


def led_teams(user: User) -> list[tuple[int, str]]:
    """The teams the user leads today, as (id, name) (kept for the session)."""
    return organisation_led_teams(user=user)


def led_team_ids(user: User) -> list[int]:
    """The ids of the teams the user leads today (led_teams)."""
    return [pk for pk, _name in led_teams(user)]


# More caseworkers than this are not offered as a list: a <select> of
# thousands of names is unusable, and rendering it cost more than the rest of
# the worklist (3,500 caseworkers in the largest municipality at 1,000,000
# jobseekers, benchmarks.run).
CASEWORKER_LIST_LIMIT = 300


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


# Shown of the reader's newest unread reminders (and how many there are).
REMINDER_LIMIT = 20


@dataclass(slots=True)
class WorklistStep:
    """A worklist line's head step: the columns explain_step, the line's
    links and the access log read (_STEP_COLUMNS, in that order), not a
    ProcessStep. Building a model instance a line from the statement's
    JSON was a third of reading the page (issue 21)."""

    pk: int
    organisation_id: int
    case_id: int
    jobseeker_id: int
    assignee_id: int | None
    kind: str
    sequence: int
    status: str
    due_on: dt.date
    counts_from: dt.date
    counts_from_event: str
    rule_code: str
    paused_on: dt.date | None
    pause_reason: str
    adjustments: list[dict[str, Any]]
    # [steps in the group, of which past due] (_COUNTS).
    group_counts: list[int]
    # The other apps' columns of the line, by the name they were passed as
    # (worklist_screen's `annotations`).
    annotations: dict[str, Any]


@dataclass(frozen=True)
class WorklistLine:
    """A worklist line: its group's head step and what the line shows of
    the people. Names, not Jobseeker and User instances: building three
    more model instances a line cost more than the rest of reading the
    page (issue 21)."""

    step: WorklistStep
    jobseeker_last_name: str
    jobseeker_first_names: str
    # The home municipality's name in the active language.
    home_municipality: str
    # The assignee's full name, "" for an unassigned step.
    assignee: str


@dataclass(frozen=True)
class WorklistScreen:
    """What the worklist page shows, read in one statement (worklist_screen)."""

    # The page's lines and the keyset cursor of the next page.
    rows: list[WorklistLine]
    next_cursor: tuple[dt.date, int] | None
    # Overdue, due today, due this week: each at most WORKLIST_COUNT_LIMIT + 1.
    counts: dict[str, int]
    # The reader's organisations as (id, name in the active language), by name.
    organisations: list[tuple[int, str]]
    # worklist_caseworkers' choices: None when there are too many to list.
    caseworkers: list[tuple[int, str]] | None
    reminders: list[Reminder]
    reminder_count: int


def _scope_sql(
    *, user: User, filters: WorklistFilter, walked: str = ""
) -> tuple[str, list[Any]]:
    """Whose steps the filters cover, as conditions on the step row `s`.

    Fixed text per shape of the filters, the values as parameters: the
    reader's organisations and a team's members are arrays, so the text
    does not grow with them (issue 21). A team lead with a team sees its
    members' and the unassigned steps; leading none, the organisation's.
    `walked`: in _walk_sql's walk of one organisation ("organisation"),
    which stands for the organisation conditions (a second condition on
    the column made the planner expect one row and sort the organisation's
    every due step); of one team member ("member") or one organisation's
    unassigned steps ("unassigned"), which stand for the team's condition.
    A team's members' steps ("members") and its organisations' unassigned
    ones ("none") are counted apart: as one condition with OR the planner
    read every unassigned step in the country (73 of a team lead's 111 ms
    at 1,000,000 jobseekers).
    """
    conditions = ["s.status = 'open'"]
    params: list[Any] = []
    if walked == "member":
        conditions.append("s.assignee_id = walked.assignee_id")
    if walked in ("organisation", "unassigned"):
        conditions.append("s.organisation_id = walked.organisation_id")
    else:
        # A member's walk, and the reader's own steps ("mine"), read the
        # assignee index in due order and keep the reader's organisations'
        # steps: as index conditions the planner ANDed the organisation
        # index's every open step into a bitmap, 2.9 ms a member at
        # 1,000,000, and for a caseworker's own list it sorted the bitmap's
        # steps where the assignee index gives them in order (5.5 -> 1.7 ms
        # of the worklist's statement for the benchmark's caseworker in
        # Helsinki, issue 21). Written twice (the reader's organisations
        # and the one filtered), the condition on the column also made the
        # planner expect a tenth of the rows.
        own = walked == "member" or (not walked and filters.scope == "mine")
        column = "s.organisation_id + 0" if own else "s.organisation_id"
        conditions.append(f"{column} = ANY(%s)")
        params.append(personal_data_organisation_ids(user))
        if filters.organisation_id is not None:
            conditions.append(f"{column} = %s")
            params.append(filters.organisation_id)
    if walked in ("unassigned", "none"):
        conditions.append("s.assignee_id IS NULL")
    elif walked == "members":
        conditions.append("s.assignee_id = ANY(%s)")
        params.append(led_team_member_ids(user=user))
    elif walked == "member":
        pass
    elif filters.scope == "mine":
        conditions.append("s.assignee_id = %s")
        params.append(user.pk)
    else:
        if filters.scope == "team" and led_team_ids(user):
            conditions.append("(s.assignee_id = ANY(%s) OR s.assignee_id IS NULL)")
            params.append(led_team_member_ids(user=user))
        if filters.assignee_id is not None:
            conditions.append("s.assignee_id = %s")
            params.append(filters.assignee_id)
    if filters.kind:
        conditions.append("s.kind = %s")
        params.append(filters.kind)
    return " AND ".join(conditions), params


def _walk_sql(
    *,
    user: User,
    filters: WorklistFilter,
    first: dt.date,
    last: dt.date,
    after: tuple[dt.date, int] | None,
    size: int,
) -> tuple[str, list[Any]]:
    """The ids and due dates of the page's first `size` lines, in (due_on,
    id) order: the steps of the scope in the bucket that head their group
    (_HEAD), after the cursor.

    Own steps ("mine") walk the assignee index. Any other scope walks the
    (organisation, due_on, id) index once per organisation it covers, `size`
    lines each, and the page is the first `size` of those: PostgreSQL cannot
    walk several organisations' index in one (due_on, id) order, and for a
    team lead of an area of six municipalities it read and sorted every due
    step of the area for one page (186-301 ms of SQL, issue 21). The
    organisations are an array unnested into the LATERAL walk, so the text
    is the same for one organisation or seventeen.
    """

    def condition(walked: str) -> tuple[str, list[Any]]:
        scope, params = _scope_sql(user=user, filters=filters, walked=walked)
        text = (
            f"{scope} AND s.due_on BETWEEN %s AND %s AND {_HEAD.replace('{row}', 's')}"
        )
        params += [first, last, first, last]
        if after is not None:
            text += " AND (s.due_on, s.id) > (%s, %s)"
            params += list(after)
        return text, params

    if filters.scope == "mine":
        text, params = condition("")
        sql = (
            f"SELECT s.id, s.due_on FROM cases_processstep s WHERE {text} "  # noqa: S608 - fixed text
            "ORDER BY s.due_on, s.id LIMIT %s"
        )
        return sql, [*params, size]
    organisation_ids = [
        pk
        for pk in personal_data_organisation_ids(user)
        if filters.organisation_id in (None, pk)
    ]
    if filters.scope == "team" and filters.assignee_id is None and led_team_ids(user):
        # A team's steps are its members' and the unassigned ones: each
        # member's walked on the assignee index, each organisation's
        # unassigned on their own partial index. Walking the organisation's
        # every open step for a team of 13 in Helsinki read some 4,000
        # steps for 50 lines (57 ms p50 at 1,000,000 jobseekers).
        member, member_params = condition("member")
        unassigned, unassigned_params = condition("unassigned")
        sql = (
            "SELECT s.id, s.due_on FROM ("  # noqa: S608 - fixed text
            "SELECT s.id, s.due_on FROM unnest(%s::bigint[]) AS walked(assignee_id)"
            " CROSS JOIN LATERAL (SELECT s.id, s.due_on FROM cases_processstep s"
            f" WHERE {member} ORDER BY s.due_on, s.id LIMIT %s) AS s"
            " UNION ALL "
            "SELECT s.id, s.due_on FROM unnest(%s::bigint[]) AS walked(organisation_id)"
            " CROSS JOIN LATERAL (SELECT s.id, s.due_on FROM cases_processstep s"
            f" WHERE {unassigned} ORDER BY s.due_on, s.id LIMIT %s) AS s"
            ") AS s ORDER BY s.due_on, s.id LIMIT %s"
        )
        return sql, [
            led_team_member_ids(user=user),
            *member_params,
            size,
            organisation_ids,
            *unassigned_params,
            size,
            size,
        ]
    text, params = condition("organisation")
    sql = (
        "SELECT s.id, s.due_on FROM unnest(%s::bigint[]) AS walked(organisation_id)"  # noqa: S608 - fixed text
        " CROSS JOIN LATERAL (SELECT s.id, s.due_on FROM cases_processstep s"
        f" WHERE {text}"
        " ORDER BY s.due_on, s.id LIMIT %s) AS s ORDER BY s.due_on, s.id LIMIT %s"
    )
    return sql, [organisation_ids, *params, size, size]


# What a line reads of its step: explain_step's columns and the links'.
_STEP_COLUMNS = (
    "id",
    "organisation_id",
    "case_id",
    "jobseeker_id",
    "assignee_id",
    "kind",
    "sequence",
    "status",
    "due_on",
    "counts_from",
    "counts_from_event",
    "rule_code",
    "paused_on",
    "pause_reason",
    "adjustments",
)
# A line: the step's columns, then what the line shows of the jobseeker,
# their home municipality and the assignee, and the group's counts.
_LINE = (
    "json_build_array("
    + ", ".join(f"s.{column}" for column in _STEP_COLUMNS)
    + """, j.last_name, j.first_names, m.name, m.name_sv, m.name_en,
    a.first_name, a.last_name, {counts}{annotations})"""
)
_LINES = """(SELECT json_agg({line} ORDER BY s.due_on, s.id)
    FROM ({walk}) AS walk
    JOIN cases_processstep s ON s.id = walk.id
    JOIN cases_jobseeker j ON j.id = s.jobseeker_id
    JOIN organisations_organisation m ON m.id = j.home_municipality_id
    LEFT JOIN accounts_user a ON a.id = s.assignee_id)"""
# One tab's count, stopping at the limit (a scan of the worklist index).
_COUNT = "(SELECT count(*) FROM ({steps} LIMIT %s) AS bucket)"
_NAMES = """coalesce((SELECT json_agg(json_build_array(u.id, u.last_name,
    u.first_name) ORDER BY u.last_name, u.first_name, u.id)
    FROM accounts_user u WHERE {members}), '[]')"""
# Everyone with a caseworker role in the organisations today, counted up
# to the limit first: the names are read only when there are few enough.
# Reading the first 301 names to find out that there were too many cost
# 9 % of a large municipality's team lead's worklist (issue 21).
_CASEWORKERS = """(WITH members AS (SELECT DISTINCT m.user_id
        FROM organisations_membership m
        WHERE m.organisation_id = ANY(%s) AND m.role = %s
          AND m.valid_from <= %s AND (m.valid_until IS NULL OR m.valid_until >= %s)
        LIMIT %s)
    SELECT CASE WHEN count(*) <= %s THEN {names} END FROM members)"""
_REMINDERS = """(SELECT json_agg(json_build_array(r.id, r.kind, r.step_id,
        s.kind, s.due_on, s.jobseeker_id, j.last_name, j.first_names)
        ORDER BY r.created_at DESC, r.id DESC)
    FROM (SELECT r.id, r.kind, r.step_id, r.created_at FROM cases_reminder r
        WHERE r.user_id = %s AND r.read_at IS NULL
        ORDER BY r.created_at DESC, r.id DESC LIMIT %s) AS r
    JOIN cases_processstep s ON s.id = r.step_id
    JOIN cases_jobseeker j ON j.id = s.jobseeker_id)"""
# All the unread reminders are counted only when the page shows the limit.
_REMINDER_COUNT = """(SELECT CASE WHEN count(*) < %s THEN count(*) ELSE
        (SELECT count(*) FROM cases_reminder r
         WHERE r.user_id = %s AND r.read_at IS NULL) END
    FROM (SELECT 1 FROM cases_reminder r
        WHERE r.user_id = %s AND r.read_at IS NULL LIMIT %s) AS shown)"""
_ORGANISATIONS = """(SELECT json_agg(json_build_array(o.id, o.name, o.name_sv,
        o.name_en) ORDER BY o.name)
    FROM organisations_organisation o WHERE o.id = ANY(%s))"""


def worklist_screen(
    *,
    user: User,
    filters: WorklistFilter,
    today: dt.date,
    after: tuple[dt.date, int] | None,
    size: int,
    annotations: Mapping[str, OnRow] | None = None,
) -> WorklistScreen:
    """The worklist page's data in one statement: one keyset page of lines,
    the tabs' counts, the caseworker filter's choices, the reader's
    organisations and their unread reminders.

    A line is its group's earliest open step in the bucket (the head), with
    `group_counts`: [the group's steps in the bucket, of which past due];
    five missed supplementary discussions of one person are one line. The
    walk keeps a step only when no earlier open step of its group is in the
    bucket (_HEAD), so the cursor stays the head's (due_on, id) and page
    1,000 costs what page 1 does; the counts are a subquery evaluated for
    the lines returned. The group is (case, kind): a jobseeker has one job
    search, so one open case, at a time, and closing a case cancels its
    steps; all open steps of a case share its organisation and assignee
    (case_assign and transfers move them together), so the probes need no
    scope filters and read the pending-step unique index on (case, kind,
    sequence).

    `annotations`: other apps' columns of a line (OnRow about the step,
    e.g. appointments.selectors.booking_state), set as attributes.

    Fixed SQL text with parameters, not the ORM: compiling the page, count,
    caseworker and reminder queries cost 5-8 ms of Python per request, and
    waiting on their six round trips more, where the page's SQL executes
    in a few milliseconds (issue 21).
    """
    annotations = annotations or {}
    first, last = _bucket_range(filters.bucket, today)
    walk, walk_params = _walk_sql(
        user=user, filters=filters, first=first, last=last, after=after, size=size + 1
    )
    columns: list[str] = []
    params: list[Any] = []
    extra = "".join(
        ", " + expression.template.replace("{row}", "s")
        for expression in annotations.values()
    )
    columns.append(
        _LINES.format(
            line=_LINE.format(counts=_COUNTS.replace("{row}", "s"), annotations=extra),
            walk=walk,
        )
    )
    params += [today, first, last]
    for expression in annotations.values():
        params += expression.params
    params += walk_params
    limit = WORKLIST_COUNT_LIMIT + 1
    team = (
        filters.scope == "team" and filters.assignee_id is None and led_team_ids(user)
    )
    # A team's steps counted as its members' and, organisation by
    # organisation, the unassigned ones: with the organisations as an
    # array beside `assignee_id IS NULL` the planner walked the assignee
    # index through every unassigned step in the country (154 ms for an
    # area lead at 1,000,000), where each organisation's walk reads the
    # partial index of its own unassigned steps.
    scopes: list[tuple[str, str, list[Any], bool]] = [
        (
            "SELECT 1 FROM cases_processstep s WHERE {scope} AND {due}",
            *_scope_sql(user=user, filters=filters, walked="members" if team else ""),
            False,
        )
    ]
    if team:
        unassigned, unassigned_params = _scope_sql(
            user=user, filters=filters, walked="unassigned"
        )
        scopes.append(
            (
                "SELECT 1 FROM unnest(%s::bigint[]) AS walked(organisation_id)"
                " CROSS JOIN LATERAL (SELECT 1 FROM cases_processstep s"
                # The LIMIT keeps the subquery a per-organisation walk: a
                # subquery without one is pulled up into a join that read
                # the country's every unassigned step from the index.
                " WHERE {scope} AND {due} LIMIT %s) AS s",
                unassigned,
                [
                    [
                        pk
                        for pk in personal_data_organisation_ids(user)
                        if filters.organisation_id in (None, pk)
                    ],
                    *unassigned_params,
                ],
                True,
            )
        )
    for due, due_params in (
        ("s.due_on < %s", [today]),
        ("s.due_on = %s", [today]),
        ("s.due_on > %s AND s.due_on <= %s", [today, today + WORKLIST_HORIZON]),
    ):
        columns.append(
            _COUNT.format(
                steps=" UNION ALL ".join(
                    text.format(scope=scope, due=due) for text, scope, _p, _l in scopes
                )
            )
        )
        for _text, _scope, scope_params, limited in scopes:
            params += [*scope_params, *due_params, *([limit] if limited else [])]
        params.append(limit)
    columns.append(_ORGANISATIONS)
    params.append(personal_data_organisation_ids(user))
    if led_team_ids(user):
        members = led_team_member_ids(user=user)
        if len(members) > CASEWORKER_LIST_LIMIT:
            columns.append("NULL")
        else:
            columns.append(_NAMES.format(members="u.id = ANY(%s)"))
            params.append(members)
    else:
        columns.append(
            _CASEWORKERS.format(
                names=_NAMES.format(members="u.id IN (SELECT user_id FROM members)")
            )
        )
        params += [
            personal_data_organisation_ids(user),
            MembershipRole.CASEWORKER.value,
            today,
            today,
            CASEWORKER_LIST_LIMIT + 1,
            CASEWORKER_LIST_LIMIT,
        ]
    columns += [_REMINDERS, _REMINDER_COUNT]
    params += [user.pk, REMINDER_LIMIT]
    params += [REMINDER_LIMIT, user.pk, user.pk, REMINDER_LIMIT]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ",\n".join(columns), params)
        row = cursor.fetchone()
    lines, overdue, due_today, week, organisations, caseworkers, reminders, total = row
    # Read once for the lines: each lookup goes through a thread-local.
    language = get_language() or ""
    names = list(annotations)
    steps = [_line(line, names=names, language=language) for line in lines or []]
    next_cursor = None
    if len(steps) > size:
        steps = steps[:size]
        next_cursor = (steps[-1].step.due_on, steps[-1].step.pk)
    return WorklistScreen(
        rows=steps,
        next_cursor=next_cursor,
        counts={"overdue": overdue, "today": due_today, "week": week},
        organisations=[
            (pk, in_active_language(fi=name, sv=name_sv, en=name_en))
            for pk, name, name_sv, name_en in organisations or []
        ],
        caseworkers=None
        if caseworkers is None
        else [
            (pk, f"{last_name}, {first_name}" if first_name else last_name)
            for pk, last_name, first_name in caseworkers
        ],
        reminders=[_reminder(reminder) for reminder in reminders or []],
        reminder_count=total,
    )


_date = dt.date.fromisoformat


def _line(line: list[Any], *, names: list[str], language: str) -> WorklistLine:
    """A worklist line from its JSON array (_LINE): dates arrive as ISO
    text, the adjustments parsed."""
    (
        pk,
        organisation_id,
        case_id,
        jobseeker_id,
        assignee_id,
        kind,
        sequence,
        status,
        due_on,
        counts_from,
        counts_from_event,
        rule_code,
        paused_on,
        pause_reason,
        adjustments,
        last_name,
        first_names,
        name,
        name_sv,
        name_en,
        assignee_first,
        assignee_last,
        group_counts,
        *extra,
    ) = line
    step = WorklistStep(
        pk,
        organisation_id,
        case_id,
        jobseeker_id,
        assignee_id,
        kind,
        sequence,
        status,
        _date(due_on),
        _date(counts_from),
        counts_from_event,
        rule_code,
        None if paused_on is None else _date(paused_on),
        pause_reason,
        adjustments,
        group_counts,
        dict(zip(names, extra, strict=True)),
    )
    return WorklistLine(
        step=step,
        jobseeker_last_name=last_name,
        jobseeker_first_names=first_names,
        home_municipality=in_language(language, fi=name, sv=name_sv, en=name_en),
        # User.get_full_name's way.
        assignee=f"{assignee_first} {assignee_last}".strip()
        if assignee_id is not None
        else "",
    )


def _reminder(row: list[Any]) -> Reminder:
    pk, kind, step_id, step_kind, due_on, jobseeker_id, last_name, first_names = row
    reminder = from_json(Reminder, {"id": pk, "kind": kind, "step_id": step_id})
    step = from_json(
        ProcessStep,
        {
            "id": step_id,
            "kind": step_kind,
            "due_on": due_on,
            "jobseeker_id": jobseeker_id,
        },
    )
    jobseeker = from_json(
        Jobseeker,
        {"id": jobseeker_id, "last_name": last_name, "first_names": first_names},
    )
    _set_related(step, "jobseeker", jobseeker)
    _set_related(reminder, "step", step)
    return reminder


def _set_related(instance: Model, name: str, value: Model | None) -> None:
    """Set a loaded foreign key's object, as select_related does (without
    the descriptor's checks, which cost more than the rest of a line)."""
    instance._meta.get_field(name).set_cached_value(instance, value)  # type: ignore[union-attr]
