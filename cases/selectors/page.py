"""The jobseeker page: one person's records, each list bounded and paged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from accounts.models import User
from cases.models import (
    BenefitNotice,
    Case,
    CaseEvent,
    JobOffer,
    JobSearchPeriod,
    Jobseeker,
    Note,
    Plan,
    PlanTask,
    PlanVersion,
    ProcessStep,
    ServiceNeedsAssessment,
    ServicePeriod,
    ServiceType,
)
from cases.models.case import CaseStatus
from cases.models.process import OPEN_STATUSES
from core.db import from_json, prepared_cursor, set_loaded
from organisations.models import Organisation

from .jobseekers import IDENTITY_CODE_PATTERN

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection

    from audit.services import JobseekerReadLog

# --- The jobseeker page -----------------------------------------------------

TIMELINE_PAGE = 30


@dataclass
class PlanWithVersions:
    """A plan with its versions, newest first, each with its tasks."""

    plan: Plan
    versions: list[PlanVersion]

    @property
    def kind(self) -> str:
        return self.plan.kind


@dataclass
class JobseekerOverview:
    jobseeker: Jobseeker
    case: Case | None
    closed_cases: list[Case]
    steps: list[ProcessStep]
    assessment: ServiceNeedsAssessment | None
    plans: list[PlanWithVersions]
    services: list[ServicePeriod]
    job_offers: list[JobOffer]
    notices: list[BenefitNotice]
    notes: list[Note]
    events: list[CaseEvent]
    older_events_cursor: tuple[dt.date, int] | None
    # The cursor of each record list's next (older) page, by list name
    # (RECORD_LISTS); a list missing here has no older rows.
    older_records: dict[str, tuple[Any, int]]
    # What the `sections` of jobseeker_overview returned, by name, as JSON.
    sections: dict[str, Any] = field(default_factory=dict)


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


@dataclass(frozen=True)
class PageSection:
    """Another app's rows for the jobseeker page, read in the page's one
    statement: a scalar subquery returning JSON, as fixed text with named
    parameters (prefix their names with the section's). `{jobseeker}` in
    the text is the jobseeker's id, `{home_municipality}` their home
    municipality's, `{case}` the open case's id and `{started_on}` the
    start of its job search (both NULL without an open case). The app
    that owns the tables writes the text and reads the JSON back (e.g.
    appointments.selectors.jobseeker_appointments_section)."""

    sql: str
    params: dict[str, Any] = field(default_factory=dict)


def user_json(alias: str) -> str:
    """A user's name as JSON (what the page shows of a person:
    get_full_name, which never falls back to the username), NULL when the
    outer join found nobody."""
    return (
        f"CASE WHEN {alias}.id IS NOT NULL THEN json_build_object("
        f"'id', {alias}.id, "
        f"'first_name', {alias}.first_name, 'last_name', {alias}.last_name) END"
    )


# What the lists show of an organisation or a service type: its name in
# the three languages (LocalisedName); the rest of the row is deferred. The
# whole rows were a quarter of the busiest pages' JSON, some 16 kB of ~63
# kB, each parsed on every request (issue 21).
def _named(alias: str, *columns: str) -> str:
    """JSON of the row's id, names and `columns`, for from_json."""
    return (
        f"json_build_object('id', {alias}.id, 'name', {alias}.name, "
        f"'name_sv', {alias}.name_sv, 'name_en', {alias}.name_en"
        + "".join(f", '{c}', {alias}.{c}" for c in columns)
        + ")"
    )


# What the page reads of each list's rows: the rest of each row is deferred
# (from_json), and reading a deferred column would be a query of its own,
# which the page's query-count tests catch (casework/tests/
# test_jobseeker_page.py). Each list keeps its id and the column it is
# paged by. Read by casework.views.jobseeker_rows (the rows),
# jobseeker_sections (the plans), cases.explain.describe_event and the
# apps' event details (the timeline's `kind`, `details`) and
# ServicePeriod.state_on. The whole rows made the busiest pages' statement
# return 42.5 kB of JSON, 1,480 values of which 167 timestamps, each parsed
# and converted on every request: created_at and updated_at that no row
# shows (8 kB), the rows' organisation, case and jobseeker ids, the users'
# usernames, the earlier plan versions' goals and obligations. These
# columns: 24.9 kB, 870 values, 37 timestamps (20 of the busiest 1 % at
# 1,000,000 jobseekers, issue 21).
_SERVICE_COLUMNS = (
    "id started_on service_type_id provider planned_end_on ended_on end_reason"
)
_JOB_OFFER_COLUMNS = "id offered_on employer job_title outcome outcome_on"
_NOTICE_COLUMNS = "id sent_on kind recipient_id description"
_NOTE_COLUMNS = "id created_at text is_health_related recorded_by_id"
_EVENT_COLUMNS = "id occurred_on kind details target_type target_id actor_id"
# A plan's current version is shown whole; the earlier ones as a number, a
# date and a link. Every version keeps its tasks (a handful of short rows;
# casework/tests/test_jobseeker_overview.py reads them as the ORM does).
_CURRENT_VERSION_COLUMNS = (
    "id number agreed_on goal applications_per_month obligation_reason created_by_id"
)
_EARLIER_VERSION_COLUMNS = "id number agreed_on"
_TASK_COLUMNS = "id description responsible due_on is_done"


def _select(alias: str, columns: str) -> str:
    """`alias.column, ...` of a space-separated list of columns."""
    return ", ".join(f"{alias}.{column}" for column in columns.split())


# Each list as its own scalar subquery over the same indexes the ORM's
# queries used, newest first and one row past the page (the next page's
# cursor); `{before}` is the keyset condition of a later page or nothing.
# to_json of the subquery's row writes only its columns, and more tightly
# than json_build_object ('{"id":1}', not '{"id" : 1}').
_SERVICE_TYPE = _named("t", "counts_as_active")
_SERVICES = f"""(SELECT json_agg(json_build_array(to_json(x), {_SERVICE_TYPE})
        ORDER BY x.started_on DESC, x.id DESC)
    FROM (SELECT {_select("x", _SERVICE_COLUMNS)} FROM cases_serviceperiod x
          WHERE x.case_id IN (SELECT id FROM cases) {{before}}
          ORDER BY x.started_on DESC, x.id DESC LIMIT {RECORD_PAGE + 1}) x
    JOIN cases_servicetype t ON t.id = x.service_type_id)"""  # noqa: S608 - fixed text
_JOB_OFFERS = f"""(SELECT json_agg(to_json(x) ORDER BY x.offered_on DESC, x.id DESC)
    FROM (SELECT {_select("x", _JOB_OFFER_COLUMNS)} FROM cases_joboffer x
          WHERE x.case_id = cur.id {{before}}
          ORDER BY x.offered_on DESC, x.id DESC LIMIT {RECORD_PAGE + 1}) x)"""  # noqa: S608 - fixed text
_NOTICES = f"""(SELECT json_agg(json_build_array(to_json(x), {_named("o")})
        ORDER BY x.sent_on DESC, x.id DESC)
    FROM (SELECT {_select("x", _NOTICE_COLUMNS)} FROM cases_benefitnotice x
          WHERE x.case_id = cur.id {{before}}
          ORDER BY x.sent_on DESC, x.id DESC LIMIT {RECORD_PAGE + 1}) x
    JOIN organisations_organisation o ON o.id = x.recipient_id)"""  # noqa: S608 - fixed text
_NOTES = f"""(SELECT json_agg(json_build_array(to_json(x), {user_json("u")})
        ORDER BY x.created_at DESC, x.id DESC)
    FROM (SELECT {_select("x", _NOTE_COLUMNS)} FROM cases_note x
          WHERE x.case_id = cur.id {{before}}
          ORDER BY x.created_at DESC, x.id DESC LIMIT {RECORD_PAGE + 1}) x
    LEFT JOIN accounts_user u ON u.id = x.recorded_by_id)"""  # noqa: S608 - fixed text
_EVENTS = f"""(SELECT json_agg(json_build_array(to_json(x), {user_json("u")})
        ORDER BY x.occurred_on DESC, x.id DESC)
    FROM (SELECT {_select("x", _EVENT_COLUMNS)} FROM cases_caseevent x
          WHERE x.jobseeker_id = j.id {{before}}
          ORDER BY x.occurred_on DESC, x.id DESC LIMIT {TIMELINE_PAGE + 1}) x
    LEFT JOIN accounts_user u ON u.id = x.actor_id)"""  # noqa: S608 - fixed text
# A version's tasks, in their order.
_TASKS = f"""(SELECT json_agg(to_json(t) ORDER BY t.position, t.id)
    FROM (SELECT {_select("t", _TASK_COLUMNS)}, t.position
          FROM cases_plantask t WHERE t.version_id = v.id) t)"""  # noqa: S608 - fixed text
# Each plan (its id and kind) with its current version, that version's
# creator, and its earlier versions, each version with its tasks.
_PLANS = f"""(SELECT json_agg(json_build_array(
            json_build_object('id', p.id, 'kind', p.kind),
            (SELECT json_build_array(to_json(v), {user_json("u")}, {_TASKS})
                FROM (SELECT {_select("v", _CURRENT_VERSION_COLUMNS)}
                      FROM cases_planversion v WHERE v.plan_id = p.id
                      ORDER BY v.number DESC LIMIT 1) v
                LEFT JOIN accounts_user u ON u.id = v.created_by_id),
            (SELECT json_agg(json_build_array(to_json(v), {_TASKS})
                    ORDER BY v.number DESC)
                FROM (SELECT {_select("v", _EARLIER_VERSION_COLUMNS)}
                      FROM cases_planversion v WHERE v.plan_id = p.id
                      ORDER BY v.number DESC OFFSET 1) v)) ORDER BY p.kind)
        FROM cases_plan p WHERE p.case_id = cur.id)"""  # noqa: S608 - fixed text
_OPEN = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
_OVERVIEW = f"""
WITH {{logged}}cases AS (
    SELECT c.id, c.status, c.opened_on FROM cases_case c
    WHERE c.jobseeker_id = %(jobseeker)s
)
SELECT
    {{jobseeker_row}},
    (SELECT json_agg(json_build_array(
                to_json(c), to_json(p), to_json(o), {user_json("u")})
            ORDER BY c.opened_on DESC, c.id DESC)
        FROM cases_case c
        JOIN cases_jobsearchperiod p ON p.id = c.job_search_period_id
        JOIN organisations_organisation o ON o.id = c.organisation_id
        LEFT JOIN accounts_user u ON u.id = c.caseworker_id
        WHERE c.jobseeker_id = j.id),
    (SELECT json_agg(to_json(s) ORDER BY s.due_on, s.id) FROM cases_processstep s
        WHERE s.case_id = cur.id AND s.status IN ({_OPEN})),
    (SELECT to_json(a) FROM cases_serviceneedsassessment a WHERE a.case_id = cur.id),
    {_PLANS},
    {{services}},
    {{job_offers}},
    {{notices}},
    {{notes}},
    {{events}}
    {{sections}}
FROM cases_jobseeker j
-- The open case or else the latest closed one: the page's records are its.
LEFT JOIN LATERAL (
    SELECT id, status FROM cases ORDER BY status = 'closed', opened_on DESC, id DESC
    LIMIT 1) cur ON true
LEFT JOIN LATERAL (
    SELECT cur.id, p.started_on FROM cases_case c
    JOIN cases_jobsearchperiod p ON p.id = c.job_search_period_id
    WHERE c.id = cur.id AND cur.status <> 'closed') oc ON true
WHERE j.id = %(jobseeker)s {{scope}}
"""  # noqa: S608 - fixed text
_LISTS = {
    "services": _SERVICES,
    "job_offers": _JOB_OFFERS,
    "notices": _NOTICES,
    "notes": _NOTES,
}


def with_user(instance: Any, field_name: str, user: dict[str, Any] | None) -> None:
    """Set the user `user_json` read as the instance's `field_name`."""
    set_loaded(instance, field_name, None if user is None else from_json(User, user))


class _Users:
    """The page's users, one instance each: the busiest pages name the same
    few caseworkers on dozens of events, notes and plan versions, and
    building each again was a tenth of reading their JSON (issue 21)."""

    __slots__ = ("_built",)

    def __init__(self) -> None:
        self._built: dict[int, User] = {}

    def set(self, instance: Any, field_name: str, user: dict[str, Any] | None) -> None:
        """with_user, the same User for the same id."""
        if user is None:
            set_loaded(instance, field_name, None)
            return
        found = self._built.get(user["id"])
        if found is None:
            found = self._built[user["id"]] = from_json(User, user)
        set_loaded(instance, field_name, found)


def _paged(
    rows: list[Any] | None, column: str, size: int
) -> tuple[list[Any], tuple[Any, int] | None]:
    """The page's rows and the next page's cursor (the statement reads one
    row more than a page)."""
    rows = rows or []
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, (getattr(rows[-1], column), rows[-1].id)


# The jobseeker's row with the organisations the page names, when the
# caller has only the id.
_JOBSEEKER_ROW = """(SELECT json_build_array(to_json(j), to_json(jo), to_json(hm))
        FROM organisations_organisation jo, organisations_organisation hm
        WHERE jo.id = j.organisation_id AND hm.id = j.home_municipality_id)"""


@overload
def jobseeker_overview(
    *,
    jobseeker: Jobseeker,
    organisation_ids: None = None,
    events_before: tuple[dt.date, int] | None = None,
    records_before: dict[str, tuple[Any, int]] | None = None,
    sections: dict[str, PageSection] | None = None,
    log: None = None,
) -> JobseekerOverview: ...


@overload
def jobseeker_overview(
    *,
    jobseeker: int,
    organisation_ids: Collection[int],
    events_before: tuple[dt.date, int] | None = None,
    records_before: dict[str, tuple[Any, int]] | None = None,
    sections: dict[str, PageSection] | None = None,
    log: JobseekerReadLog | None = None,
) -> JobseekerOverview | None: ...


def jobseeker_overview(
    *,
    jobseeker: Jobseeker | int,
    organisation_ids: Collection[int] | None = None,
    events_before: tuple[dt.date, int] | None = None,
    records_before: dict[str, tuple[Any, int]] | None = None,
    sections: dict[str, PageSection] | None = None,
    log: JobseekerReadLog | None = None,
) -> JobseekerOverview | None:
    """Everything the jobseeker page shows of the case, in one statement,
    each list bounded: the timeline TIMELINE_PAGE events and the record
    lists RECORD_PAGE rows, older ones a page further (`events_before`,
    `records_before` by list name). `sections`: other apps' rows read in
    the same statement (PageSection), returned as JSON by name.

    `jobseeker`: the person already loaded, or their id, with the
    `organisation_ids` whose people the reader may see
    (cases.permissions.personal_data_organisation_ids): the row is read
    in the same statement, and None means not found there (a 404, or
    break-the-glass: cases.permissions.get_jobseeker_access).
    `log`: the access log's row of the read (audit.services.jobseeker_read_log),
    written by the same statement when it finds the person, and only then.

    One statement rather than a dozen ORM queries: on the busy 2-core
    machine the page spent most of its time compiling and waiting on
    statements that execute in about a millisecond together (issue 21).
    """
    before = records_before or {}
    sections = sections or {}
    loaded = jobseeker if isinstance(jobseeker, Jobseeker) else None
    params: dict[str, Any] = {
        "jobseeker": loaded.pk if loaded is not None else jobseeker
    }
    scope = ""
    if loaded is None and organisation_ids is not None:
        scope = "AND j.organisation_id = ANY(%(organisations)s)"
        params["organisations"] = list(organisation_ids)
    lists = {}
    for name, template in _LISTS.items():
        condition = ""
        if name in before:
            column = RECORD_LISTS[name]
            condition = f"AND (x.{column}, x.id) < (%({name}_at)s, %({name}_id)s)"
            params[f"{name}_at"], params[f"{name}_id"] = before[name]
        lists[name] = template.replace("{before}", condition)
    condition = ""
    if events_before is not None:
        condition = "AND (x.occurred_on, x.id) < (%(events_on)s, %(events_id)s)"
        params["events_on"], params["events_id"] = events_before
    extra = ""
    for section in sections.values():
        sql = (
            section.sql.replace("{jobseeker}", "j.id")
            .replace("{home_municipality}", "j.home_municipality_id")
            .replace("{case}", "oc.id")
            .replace("{started_on}", "oc.started_on")
        )
        extra += f",\n    ({sql})"
        params.update(section.params)
    logged = ""
    if log is not None:
        if loaded is not None:
            msg = "the read is logged with the person read by id and scope"
            raise ValueError(msg)
        # A data-modifying WITH runs once whether or not the SELECT reads
        # it, under the same conditions as the page's row: written exactly
        # when the page is.
        people = f"FROM cases_jobseeker j WHERE j.id = %(jobseeker)s {scope}"
        logged = f"logged AS ({log.sql.replace('{people}', people)}),\n"
        params.update(log.params)
    sql = _OVERVIEW.format(
        logged=logged,
        jobseeker_row="NULL" if loaded is not None else _JOBSEEKER_ROW,
        scope=scope,
        events=_EVENTS.replace("{before}", condition),
        sections=extra,
        **lists,
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    if loaded is None:
        person, organisation, home = row[0]
        loaded = from_json(Jobseeker, person)
        set_loaded(loaded, "organisation", from_json(Organisation, organisation))
        set_loaded(loaded, "home_municipality", from_json(Organisation, home))
    row = row[1:]
    (
        case_rows,
        step_rows,
        assessment_row,
        plan_rows,
        service_rows,
        offer_rows,
        notice_rows,
        note_rows,
        event_rows,
    ) = row[:9]

    users = _Users()
    cases = []
    for case_data, period, organisation, caseworker in case_rows or []:
        c = from_json(Case, case_data)
        set_loaded(c, "job_search_period", from_json(JobSearchPeriod, period))
        set_loaded(c, "organisation", from_json(Organisation, organisation))
        users.set(c, "caseworker", caseworker)
        cases.append(c)
    case = next((c for c in cases if c.status != CaseStatus.CLOSED), None)
    closed = [c for c in cases if c.status == CaseStatus.CLOSED]

    plans = []
    for plan_data, current, earlier in plan_rows or []:
        versions = []
        if current is not None:
            version_data, created_by, task_rows = current
            version = from_json(PlanVersion, version_data)
            users.set(version, "created_by", created_by)
            version.task_list = [from_json(PlanTask, t) for t in task_rows or []]  # type: ignore[attr-defined]
            versions.append(version)
        for version_data, task_rows in earlier or []:
            # Shown as its number and date (_EARLIER_VERSION_COLUMNS).
            version = from_json(PlanVersion, version_data)
            version.task_list = [from_json(PlanTask, t) for t in task_rows or []]  # type: ignore[attr-defined]
            versions.append(version)
        plans.append(PlanWithVersions(from_json(Plan, plan_data), versions))

    services = []
    for service_data, service_type in service_rows or []:
        service = from_json(ServicePeriod, service_data)
        set_loaded(service, "service_type", from_json(ServiceType, service_type))
        services.append(service)
    notices = []
    for notice_data, recipient in notice_rows or []:
        notice = from_json(BenefitNotice, notice_data)
        set_loaded(notice, "recipient", from_json(Organisation, recipient))
        notices.append(notice)
    notes = []
    for note_data, recorded_by in note_rows or []:
        note = from_json(Note, note_data)
        users.set(note, "recorded_by", recorded_by)
        notes.append(note)
    events = []
    for event_data, actor in event_rows or []:
        event = from_json(CaseEvent, event_data)
        users.set(event, "actor", actor)
        events.append(event)

    older: dict[str, tuple[Any, int]] = {}
    paged: dict[str, list[Any]] = {}
    for name, rows in (
        ("services", services),
        ("job_offers", [from_json(JobOffer, o) for o in offer_rows or []]),
        ("notices", notices),
        ("notes", notes),
    ):
        paged[name], next_page = _paged(rows, RECORD_LISTS[name], RECORD_PAGE)
        if next_page is not None:
            older[name] = next_page
    events, older_events = _paged(events, "occurred_on", TIMELINE_PAGE)
    return JobseekerOverview(
        jobseeker=loaded,
        case=case,
        closed_cases=closed,
        steps=[from_json(ProcessStep, s) for s in step_rows or []],
        assessment=(
            from_json(ServiceNeedsAssessment, assessment_row)
            if assessment_row
            else None
        ),
        plans=plans,
        services=paged["services"],
        job_offers=paged["job_offers"],
        notices=paged["notices"],
        notes=paged["notes"],
        events=events,
        older_events_cursor=older_events,
        older_records=older,
        sections=dict(zip(sections, row[9:], strict=True)),
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


def jobseeker_outside_scope(*, text: str) -> Jobseeker | None:
    """The jobseeker with exactly this identity code, wherever they are a client.

    Only for offering break-the-glass after an in-scope search found nobody;
    names are never searched outside the user's scope.
    """
    text = text.strip()
    if not IDENTITY_CODE_PATTERN.match(text):
        return None
    return Jobseeker.objects.with_identity_code(text.upper()).first()
