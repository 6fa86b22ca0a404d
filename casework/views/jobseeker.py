"""The jobseeker page: the case with its records and deadlines, and what the
apps built on cases know of the person (decisions, pilot eligibility)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accounts.requests import signed_in_user
from appointments.explain import attendance_event_detail, message_event_detail
from appointments.selectors import (
    jobseeker_appointments_from_json,
    jobseeker_appointments_section,
    reminder_pause_from_json,
    reminder_pause_section,
)
from appropriations.explain import decision_event_detail
from appropriations.selectors import decisions_from_json, decisions_section
from audit.models import AccessAction
from audit.services import jobseeker_read_log, log_request_read
from cases import explain, forms, permissions, selectors
from cases.models.records import MeetingKind, PlanKind
from cases.views import caseworker_required
from casework.views import jobseeker_rows as rows
from casework.views import jobseeker_sections, layout
from casework.views.links import step_action_url
from core.cursors import cursor_decode, cursor_encode
from partners.selectors import referrals_from_json, referrals_section
from pilots.explain import explain_eligibility
from pilots.selectors import (
    eligibility_from_json,
    eligibility_section,
    jobseeker_conditions,
    pilots_from_json,
    pilots_section,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from django.http import HttpRequest, HttpResponse

    from cases.models import CaseEvent


_EVENT_DETAILS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("decision_", decision_event_detail),
    ("message_", message_event_detail),
    ("appointment_", attendance_event_detail),
)


def _timeline_line(event: CaseEvent) -> str:
    """cases.explain's line, with the details of appropriation decisions,
    of messages and of appointments' attendance, which appropriations and
    appointments record on the case."""
    for prefix, detail in _EVENT_DETAILS:
        if event.kind.startswith(prefix):
            extra = detail(event.details or {})
            if extra:
                return f"{event.kind_label}: {extra}"
    return explain.describe_event(event)


def _timeline_lines(events: Iterable[CaseEvent]) -> list[tuple[CaseEvent, str]]:
    """Each event with its line. An event without details has the line of
    its kind alone (_timeline_line reads nothing else of it), so that line
    is written once a page: two thirds of the synthetic Finland's events
    have none, and each line cost some 13 µs of translations (issue 21)."""
    by_kind: dict[str, str] = {}
    lines = []
    for event in events:
        if event.details:
            lines.append((event, _timeline_line(event)))
            continue
        line = by_kind.get(event.kind)
        if line is None:
            line = by_kind[event.kind] = _timeline_line(event)
        lines.append((event, line))
    return lines


def _records_before(request: HttpRequest) -> dict[str, tuple[Any, int]]:
    """The cursor of each record list's page asked for (`<list>_before`);
    a tampered cursor just shows that list from its newest rows."""
    cursors: dict[str, tuple[Any, int]] = {}
    for name, column in selectors.RECORD_LISTS.items():
        values = cursor_decode(request.GET.get(f"{name}_before"), length=2)
        if values is None:
            continue
        parse: Callable[[str], dt.date] = (
            dt.datetime.fromisoformat
            if column.endswith("_at")
            else dt.date.fromisoformat
        )
        try:
            cursors[name] = (parse(str(values[0])), int(values[1]))
        except (TypeError, ValueError):
            continue
    return cursors


def _older_records_queries(
    request: HttpRequest, older: dict[str, tuple[Any, int]]
) -> dict[str, str]:
    """The query string of each record list's older page: the page as it is,
    that list a page further. Plain links, so paging works without script."""
    queries = {}
    for name, (value, pk) in older.items():
        query = request.GET.copy()
        query[f"{name}_before"] = cursor_encode([value.isoformat(), pk])
        queries[name] = query.urlencode()
    return queries


def _respond(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The page from its context: what templates/cases/jobseeker_detail.html
    wrote (casework/tests/reference/jobseeker_page.html, which
    casework/tests/test_jobseeker_page_html.py renders beside it from this
    context), written in Python with the layout (casework.views.layout).
    The template was about a tenth of the page's CPU (issue 21)."""
    language = get_language() or ""
    jobseeker = context["jobseeker"]
    content = jobseeker_sections.page_html(
        overview=context["o"],
        sections=context["sections"],
        via_break_glass=context["via_break_glass"],
        can_edit=context["can_edit"],
        decisions=context["decisions"],
        referrals=context["referrals"],
        services_html=context["services_html"],
        job_offers_html=context["job_offers_html"],
        notes_html=context["notes_html"],
        timeline_html=context["timeline_html"],
        older_events=context["older_events"],
        older_records=context["older_records"],
        language=language,
    )
    response = layout.page_response(
        request,
        title=jobseeker.full_name,
        content=content,
        csrf_token=context["csrf_token"],
    )
    layout.announce_context("cases/jobseeker_detail.html", context)
    return response


@caseworker_required
@require_GET
def jobseeker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    cursor = cursor_decode(request.GET.get("before"), length=2)
    before = None
    if cursor is not None:
        try:
            before = (dt.date.fromisoformat(str(cursor[0])), int(cursor[1]))
        except (TypeError, ValueError):
            before = None
    today = timezone.localdate()
    # Conditions for a chosen day (a GET form: works without JavaScript);
    # a day the form refuses is shown with its error and today is used.
    conditions_form = forms.ConditionsDayForm(
        request.GET if "on" in request.GET else None, initial={"on": today}
    )
    conditions_on = (
        conditions_form.cleaned_data["on"] if conditions_form.is_valid() else today
    )
    records_before = _records_before(request)
    # What the apps built on cases show, read in the page's one statement.
    sections = {
        "decisions": decisions_section(),
        "appointments": jobseeker_appointments_section(),
        "reminder_pause": reminder_pause_section(),
        "referrals": referrals_section(),
        "eligibility": eligibility_section(),
        "has_employment_plan": selectors.employment_plan_section(conditions_on),
        "pilots": pilots_section(on=conditions_on),
    }
    # The person within the reader's organisations, read in the same
    # statement; outside them only through break-the-glass, else 404.
    # The statement logs the read when it finds the person (one statement,
    # not two); a read found otherwise is logged here.
    via_break_glass = False
    overview = selectors.jobseeker_overview(
        jobseeker=pk,
        organisation_ids=permissions.personal_data_organisation_ids(user),
        events_before=before,
        records_before=records_before,
        sections=sections,
        log=jobseeker_read_log(request, AccessAction.VIEW),
    )
    if overview is None:
        jobseeker, via_break_glass = permissions.get_jobseeker_access(user, pk)
        overview = selectors.jobseeker_overview(
            jobseeker=jobseeker,
            events_before=before,
            records_before=records_before,
            sections=sections,
        )
        if via_break_glass:
            log_request_read(
                request, AccessAction.BREAK_GLASS, [jobseeker], purpose="break_glass"
            )
        else:
            log_request_read(request, AccessAction.VIEW, [jobseeker])
    jobseeker = overview.jobseeker
    found = overview.sections
    case = overview.case
    condition_facts, conditions = (
        jobseeker_conditions(
            jobseeker=jobseeker,
            on=conditions_on,
            case=case,
            has_employment_plan=found["has_employment_plan"],
            pilots=pilots_from_json(found["pilots"]),
        )
        if case is not None
        else (None, [])
    )
    latest_closed = overview.closed_cases[0] if overview.closed_cases else None
    can_reopen = (
        not via_break_glass
        and case is None
        and latest_closed is not None
        and "active" in permissions.allowed_transitions(user, latest_closed)
    )
    can_edit = (
        not via_break_glass
        and case is not None
        and permissions.can_edit_case(user, case)
    )
    # Read once for the rows: each lookup goes through a thread-local.
    language = get_language() or ""
    events = _timeline_lines(overview.events)
    services = [(service, service.state_on(today)) for service in overview.services]
    older = ""
    if overview.older_events_cursor is not None:
        day, event_id = overview.older_events_cursor
        older = cursor_encode([day.isoformat(), event_id])
    transitions = (
        permissions.allowed_transitions(user, case)
        if case and not via_break_glass
        else []
    )
    can_assign = (
        not via_break_glass
        and case is not None
        and permissions.can_assign_case(user, case)
    )
    steps = [
        (step, explain.explain_step(step), step_action_url(step))
        for step in overview.steps
    ]
    plans = [
        (
            plan,
            rows.earlier_versions_html(
                plan.versions[1:], jobseeker_id=jobseeker.pk, language=language
            ),
        )
        for plan in overview.plans
    ]
    decisions = decisions_from_json(found["decisions"])
    referrals = referrals_from_json(found["referrals"])
    eligibility = [
        (result, explain_eligibility(result))
        for result in eligibility_from_json(found["eligibility"])
    ]
    appointment_rows = jobseeker_appointments_from_json(found["appointments"])
    reminder_pause = reminder_pause_from_json(found["reminder_pause"])
    age = jobseeker.age_on(today)
    csrf_token = get_token(request)
    # The sections the page shows, written in Python (jobseeker_sections).
    shown = {
        "header": jobseeker_sections.header_html(
            jobseeker,
            age=age,
            via_break_glass=via_break_glass,
            csrf_token=csrf_token,
            language=language,
        )
    }
    if case is not None:
        shown["case"] = jobseeker_sections.case_html(
            case,
            can_assign=can_assign,
            can_transition=bool(transitions),
            language=language,
        )
        shown["deadlines"] = jobseeker_sections.deadlines_html(
            steps,
            today=today,
            can_edit=can_edit,
            eligibility=eligibility,
            conditions_form=conditions_form,
            conditions_on=conditions_on,
            condition_facts=condition_facts,
            conditions=conditions,
            language=language,
        )
        shown["appointments"] = jobseeker_sections.appointments_html(
            appointment_rows,
            reminder_pause=reminder_pause,
            jobseeker_id=jobseeker.pk,
            can_edit=can_edit,
            csrf_token=csrf_token,
            language=language,
        )
        if can_edit:
            shown["record"] = jobseeker_sections.record_html(case, language=language)
    if plans:
        shown["plans"] = jobseeker_sections.plans_html(
            plans, jobseeker_id=jobseeker.pk, language=language
        )
    if overview.assessment:
        shown["assessment"] = jobseeker_sections.assessment_html(
            overview.assessment, language=language
        )
    if decisions:
        shown["decisions"] = jobseeker_sections.decisions_html(
            decisions, can_edit=can_edit, language=language
        )
    if referrals:
        shown["referrals"] = jobseeker_sections.referrals_html(
            referrals, can_edit=can_edit, language=language
        )
    if overview.closed_cases:
        shown["closed_cases"] = jobseeker_sections.closed_cases_html(
            overview.closed_cases, can_reopen=can_reopen, language=language
        )
    return _respond(
        request,
        {
            "o": overview,
            "jobseeker": jobseeker,
            "case": case,
            "sections": shown,
            # The sections' forms and the header's share one masked token
            # (the context processor's would mask the secret again).
            "csrf_token": csrf_token,
            "services_html": rows.services_html(
                services, can_edit=can_edit, language=language
            ),
            "job_offers_html": rows.job_offers_html(
                overview.job_offers, can_edit=can_edit, language=language
            ),
            "notes_html": rows.notes_html(
                overview.notices, overview.notes, language=language
            ),
            "via_break_glass": via_break_glass,
            "can_edit": can_edit,
            "older_events": older,
            "older_records": _older_records_queries(request, overview.older_records),
            "decisions": decisions,
            "referrals": referrals,
            "timeline_html": rows.timeline_html(
                events, jobseeker_id=jobseeker.pk, language=language
            ),
            # What the template showed before the sections moved to Python,
            # kept for casework/tests/test_jobseeker_sections.py, which
            # renders the old template beside the page to compare them.
            "today": today,
            "services": services,
            "plans": plans,
            "age": age,
            "steps": steps,
            "conditions_form": conditions_form,
            "conditions_on": conditions_on,
            "condition_facts": condition_facts,
            "conditions": conditions,
            "transitions": transitions,
            "can_assign": can_assign,
            "can_reopen": can_reopen,
            "events": events,
            "appointment_rows": appointment_rows,
            "reminder_pause": reminder_pause,
            "meeting_kinds": MeetingKind.choices,
            "plan_kinds": PlanKind.choices,
            "eligibility": eligibility,
        },
    )
