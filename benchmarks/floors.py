"""Floors of the page scenarios of benchmarks.http: the rows a page shows,
from one hand-written SQL statement, served through the full middleware.

Each statement resolves the signed-in user's access itself (memberships,
member municipalities, led teams) as the page's code does, and returns
the rows the page renders; the view writes them out as a bare HTML table.
The floor is the least a page could cost through this stack: its own
statement, Django's request cycle with the production middleware (session,
authentication, second factor, locale, CSRF, security headers), and a
response of the same rows.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from core.db import prepared_cursor

# Organisations a membership covers today: its own and, for an employment
# area, the member municipalities (OrganisationRelation MEMBER).
_COVERED = """
covered AS (
    SELECT m.organisation_id AS id FROM organisations_membership m
    WHERE m.user_id = %(user)s AND m.role <> 'partner_worker'
      AND m.valid_from <= %(today)s
      AND (m.valid_until IS NULL OR m.valid_until >= %(today)s)
    UNION
    SELECT r.child_id FROM organisations_membership m
    JOIN organisations_organisationrelation r ON r.parent_id = m.organisation_id
    WHERE m.user_id = %(user)s AND m.role <> 'partner_worker' AND r.kind = 'member'
      AND m.valid_from <= %(today)s
      AND (m.valid_until IS NULL OR m.valid_until >= %(today)s)
      AND r.valid_from <= %(today)s
      AND (r.valid_until IS NULL OR r.valid_until >= %(today)s)
)"""
_TEAM = """
team AS (
    SELECT DISTINCT mm.user_id AS id FROM organisations_membership lead
    JOIN organisations_membership mm ON mm.team_id = lead.team_id
    WHERE lead.user_id = %(user)s AND lead.role = 'team_lead'
      AND lead.team_id IS NOT NULL
      AND mm.valid_from <= %(today)s
      AND (mm.valid_until IS NULL OR mm.valid_until >= %(today)s)
)"""
# One line per (case, kind): the earliest open step due by the horizon,
# with the group's counts; walked per organisation in (due_on, id) order.
_LINE = """
    SELECT s.id, s.due_on, s.kind, s.case_id, s.jobseeker_id, s.assignee_id
    FROM cases_processstep s
    WHERE s.organisation_id = o.id AND s.status = 'open'
      AND s.due_on <= %(last)s {extra}
      AND NOT EXISTS (
          SELECT 1 FROM cases_processstep e
          WHERE e.case_id = s.case_id AND e.kind = s.kind AND e.status = 'open'
            AND e.due_on <= %(last)s AND (e.due_on, e.id) < (s.due_on, s.id))
    ORDER BY s.due_on, s.id LIMIT 51
"""
_WORKLIST = (
    "WITH"  # noqa: S608 - fixed text
    + _COVERED
    + ","
    + _TEAM
    + """
SELECT w.id, w.due_on, w.kind, j.first_names, j.last_name, hm.name,
       u.first_name, u.last_name, g.n, g.overdue
FROM covered o
CROSS JOIN LATERAL ({line}) w
JOIN cases_jobseeker j ON j.id = w.jobseeker_id
LEFT JOIN organisations_organisation hm ON hm.id = j.home_municipality_id
LEFT JOIN accounts_user u ON u.id = w.assignee_id
CROSS JOIN LATERAL (
    SELECT count(*) AS n, count(*) FILTER (WHERE g.due_on < %(today)s) AS overdue
    FROM cases_processstep g
    WHERE g.case_id = w.case_id AND g.kind = w.kind AND g.status = 'open'
      AND g.due_on <= %(last)s) g
ORDER BY w.due_on, w.id LIMIT 51
"""
)
_SCOPES = {
    "mine": "AND s.assignee_id = %(user)s",
    "team": "AND (s.assignee_id IN (SELECT id FROM team) OR s.assignee_id IS NULL)",
    "organisation": "",
}
_JOBSEEKER = (
    "WITH"  # noqa: S608 - fixed text
    + _COVERED
    + """
SELECT j.id, j.first_names, j.last_name, j.birth_date, hm.name, c.status,
       c.opened_on, cw.last_name,
       (SELECT json_agg(x) FROM (
            SELECT e.kind, e.occurred_on, e.details, a.last_name
            FROM cases_caseevent e LEFT JOIN accounts_user a ON a.id = e.actor_id
            WHERE e.jobseeker_id = j.id
            ORDER BY e.occurred_on DESC, e.id DESC LIMIT 30) x),
       (SELECT json_agg(x) FROM (
            SELECT s.kind, s.due_on, s.status FROM cases_processstep s
            WHERE s.case_id = c.id AND s.status IN ('open', 'paused')
            ORDER BY s.due_on, s.id) x),
       (SELECT json_agg(x) FROM (
            SELECT n.created_at, n.text FROM cases_note n WHERE n.case_id = c.id
            ORDER BY n.created_at DESC, n.id DESC LIMIT 20) x),
       (SELECT json_agg(x) FROM (
            SELECT b.kind, b.sent_on FROM cases_benefitnotice b
            WHERE b.case_id = c.id ORDER BY b.sent_on DESC, b.id DESC LIMIT 20) x),
       (SELECT json_agg(x) FROM (
            SELECT t.name, p.started_on, p.ended_on FROM cases_serviceperiod p
            JOIN cases_servicetype t ON t.id = p.service_type_id
            WHERE p.case_id = c.id ORDER BY p.started_on DESC, p.id DESC LIMIT 20) x),
       (SELECT json_agg(x) FROM (
            SELECT o.employer, o.job_title, o.offered_on, o.outcome
            FROM cases_joboffer o WHERE o.case_id = c.id
            ORDER BY o.offered_on DESC, o.id DESC LIMIT 20) x),
       (SELECT json_agg(x) FROM (
            SELECT v.number, v.agreed_on, v.goal FROM cases_plan p
            JOIN cases_planversion v ON v.plan_id = p.id
            WHERE p.case_id = c.id ORDER BY v.number DESC LIMIT 1) x),
       (SELECT json_agg(x) FROM (
            SELECT r.purpose_kind, r.valid_from, r.valid_until, po.name
            FROM cases_referral r
            JOIN organisations_organisation po ON po.id = r.partner_id
            WHERE r.case_id = c.id AND r.ended_on IS NULL) x)
FROM cases_jobseeker j
JOIN organisations_organisation hm ON hm.id = j.home_municipality_id
LEFT JOIN LATERAL (
    SELECT * FROM cases_case c WHERE c.jobseeker_id = j.id
    ORDER BY c.opened_on DESC, c.id DESC LIMIT 1) c ON true
LEFT JOIN accounts_user cw ON cw.id = c.caseworker_id
WHERE j.id = %(pk)s AND j.organisation_id IN (SELECT id FROM covered)
"""
)
_API = (
    "WITH"  # noqa: S608 - fixed text
    + _COVERED
    + """
SELECT j.id, j.first_names, j.last_name, j.birth_date, j.organisation_id,
       j.home_municipality_id, j.mother_tongue, j.benefit_type, j.updated_at
FROM cases_jobseeker j
WHERE j.organisation_id IN (SELECT id FROM covered) AND j.id < %(before)s
ORDER BY j.id DESC LIMIT 51
"""
)
_PARTNER = """
WITH partner AS (
    SELECT m.organisation_id AS id FROM organisations_membership m
    WHERE m.user_id = %(user)s AND m.role = 'partner_worker'
      AND m.valid_from <= %(today)s
      AND (m.valid_until IS NULL OR m.valid_until >= %(today)s)
), referred AS MATERIALIZED (
    -- The partners' active referrals under agreements in force, and their
    -- grants, each as one set (the shape of partners.selectors'
    -- shared_cases_page, the best found: per case, the planner read each
    -- case, jobseeker, referral and agreement one at a time).
    SELECT DISTINCT ON (r.case_id) r.case_id, r.purpose_kind, r.valid_until
    FROM cases_referral r
    JOIN partners_partnershipagreement a ON a.id = r.agreement_id
    WHERE r.partner_id IN (SELECT id FROM partner)
      AND r.ended_on IS NULL AND r.consent_withdrawn_on IS NULL
      AND r.valid_from <= %(today)s AND r.valid_until >= %(today)s
      AND a.status = 'in_force' AND a.valid_from <= %(today)s
      AND (a.valid_until IS NULL OR a.valid_until >= %(today)s)
    ORDER BY r.case_id, r.valid_until DESC, r.id DESC
), granted AS (
    SELECT DISTINCT g.content_object_id AS case_id
    FROM cases_casegroupobjectpermission g
    JOIN organisations_organisation po ON po.group_id = g.group_id
    WHERE po.id IN (SELECT id FROM partner)
), page AS (
    SELECT c.id, j.last_name, j.first_names, j.home_municipality_id,
           f.purpose_kind, f.valid_until
    FROM referred f
    JOIN granted USING (case_id)
    JOIN cases_case c ON c.id = f.case_id
    JOIN cases_jobseeker j ON j.id = c.jobseeker_id
    -- The page's order (casework.views.partner): by name, 50 a page.
    ORDER BY j.last_name, j.first_names, c.id LIMIT 51
)
SELECT p.id, p.last_name, p.first_names, hm.name, p.purpose_kind, p.valid_until
FROM page p JOIN organisations_organisation hm ON hm.id = p.home_municipality_id
ORDER BY p.last_name, p.first_names, p.id
"""


def _statement(name: str, request: HttpRequest) -> tuple[str, dict[str, Any]]:
    today = timezone.localdate()
    params: dict[str, Any] = {"user": request.user.pk, "today": today}
    if name.startswith("worklist-"):
        scope = name.removeprefix("worklist-")
        if scope not in _SCOPES:
            raise Http404
        params["last"] = today + dt.timedelta(days=7)
        return _WORKLIST.format(line=_LINE.format(extra=_SCOPES[scope])), params
    if name == "jobseeker":
        params["pk"] = int(request.GET["pk"])
        return _JOBSEEKER, params
    if name == "api":
        params["before"] = int(request.GET.get("before") or 2**62)
        return _API, params
    if name == "partner":
        return _PARTNER, params
    raise Http404


@login_required
def floor(request: HttpRequest, name: str) -> HttpResponse:
    sql, params = _statement(name, request)
    # A floor's statement is prepared when its page's is (the jobseeker
    # page: cases.selectors.page, core.db.prepared_cursor), so that each
    # page is compared with the same stack doing the least.
    with prepared_cursor() if name == "jobseeker" else connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if name == "jobseeker" and not rows:
        raise Http404
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return HttpResponse(f"<!doctype html><table>{body}</table>")
