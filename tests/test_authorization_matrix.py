"""Every route and API operation, for every persona and three kinds of object.

The routes come from the URL resolver and the operations from the OpenAPI
schema, so a new route or operation without an entry in ROUTES fails
`test_every_route_has_an_entry`. Objects: "own" (Kalajoki, the personas'
municipality), "other" (Heinola) and "shared" (a Heinola case referred to the
partner organisation under consent). Expected: no persona reads or writes
another organisation's personal data, and a forbidden object is a 404.
A second test walks the same routes and requires an access-log row for every
successful read of personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.tokens import api_token_create
from appointments import services as appointment_services
from appointments.answers import answer_token
from appointments.models import (
    Appointment,
    BulkBookingRun,
    CalendarFeed,
    LetterRun,
    Place,
)
from appropriations import services as appropriation_services
from audit.models import AccessLog
from cases import services
from cases.models import (
    ProcessStep,
    ServiceType,
)
from exchange import services as exchange_services
from messaging.models import Message
from partners.models import AgreementParty, DataSharingTerm, PartnershipAgreement
from partners.services import referrals as referral_services
from reporting import surveys
from reporting.models import BoardReport, IndicatorRun, SurveyInvitation
from tests.personas import sign_in

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from exchange.models import ImportBatch
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

PERSONAS = [
    "caseworker",
    "team_lead",
    "other_municipality_caseworker",
    "coordinator",
    "board_viewer",
    "partner_user",
    "admin_user",
]
WORLDS = ["own", "other", "shared"]
STAFF = {"caseworker", "team_lead"}  # of Kalajoki, the "own" organisation
OTHER_STAFF = {"other_municipality_caseworker"}  # of Heinola: "other" and "shared"


def staff_only(persona: str, world: str | None) -> bool:
    """Caseworker pages: the object's own organisation's caseworkers and leads."""
    if world is None:
        return persona in STAFF | OTHER_STAFF
    if world == "own":
        return persona in STAFF
    return persona in OTHER_STAFF


def requester_only(persona: str, world: str | None) -> bool:
    """What a world's caseworker asked for (a batch of letters): theirs only."""
    if world == "own":
        return persona == "caseworker"
    return persona in OTHER_STAFF


def lead_only(persona: str, world: str | None) -> bool:
    if world is None:
        return persona == "team_lead"
    return persona == "team_lead" and world == "own"


def partner_shared(persona: str, world: str | None) -> bool:
    # Both the "own" and the "shared" case are referred to the partner.
    if world is None:
        return persona == "partner_user"
    return persona == "partner_user" and world in ("own", "shared")


def report_roles(persona: str, world: str | None) -> bool:
    return persona == "coordinator"


def report_viewers(persona: str, world: str | None) -> bool:
    # Aggregates only: coordinators, board viewers and administrators.
    return persona in {"coordinator", "board_viewer", "admin_user"}


def administrators(persona: str, world: str | None) -> bool:
    return persona == "admin_user"


def invoice_followers(persona: str, world: str | None) -> bool:
    # Unmatched invoice lines: coordinators and team leads, in their scope.
    return persona in {"coordinator", "team_lead"}


def anyone(persona: str, world: str | None) -> bool:
    return True


def pilot_managers(persona: str, world: str | None) -> bool:
    # Coordinators and administrators; both personas cover Kalajoki, a member
    # of the pilot used here.
    return persona in {"coordinator", "admin_user"}


@dataclass(frozen=True)
class Route:
    obj: str | None  # which object the URL names, or None
    allowed: Callable[[str, str | None], bool]
    method: str = "GET"
    personal: bool = True  # a successful request reads personal data
    extra: tuple[tuple[str, str], ...] = ()


ROUTES: dict[str, Route] = {
    "healthz": Route(None, anyone, personal=False),
    # The capability is the signed link itself: whoever has it sees the
    # time and place (no name), signed in or not.
    "answer": Route("answer_token", anyone, personal=False),
    # The same for the satisfaction survey's link (no name, no time even).
    "survey": Route("survey_token", anyone, personal=False),
    # Likewise the feed's secret address (calendar programs send no cookies).
    "calendar_feed": Route("feed_token", anyone, personal=False),
    "core:home": Route(None, anyone, personal=False),
    "accounts:login": Route(None, anyone, personal=False),
    "accounts:logout": Route(None, anyone, method="POST", personal=False),
    "accounts:set_language": Route(None, anyone, method="POST", personal=False),
    "accounts:two_factor": Route(None, anyone, personal=False),
    "cases:worklist": Route(None, staff_only),
    "cases:search": Route(None, staff_only, personal=False),
    "cases:break_glass_open": Route(None, staff_only, method="POST", personal=False),
    "cases:break_glass_review": Route(None, lead_only),
    "cases:reminders_read": Route(None, staff_only, method="POST", personal=False),
    "cases:jobseeker_register": Route(None, staff_only, personal=False),
    "cases:jobseeker": Route("jobseeker", staff_only),
    "cases:jobseeker_edit": Route("jobseeker", staff_only),
    "cases:jobseeker_identity_code": Route("jobseeker", staff_only, method="POST"),
    "cases:plan_version_pdf": Route("plan_version", staff_only),
    "cases:meeting_create": Route("case", staff_only),
    "cases:assessment_edit": Route("case", staff_only),
    "cases:plan_version_create": Route(
        "case", staff_only, extra=(("kind", "employment"),)
    ),
    "cases:service_create": Route("case", staff_only),
    "cases:service_end": Route("service", staff_only),
    "cases:job_offer_create": Route("case", staff_only),
    "cases:job_offer_outcome": Route("job_offer", staff_only),
    "cases:benefit_notice_create": Route("case", staff_only),
    "cases:note_create": Route("case", staff_only),
    "cases:case_transition": Route("case", staff_only),
    # Team leads assign; a caseworker only takes an unassigned case (all are
    # assigned here), and the Heinola persona is no team lead.
    "cases:case_assign": Route("case", lead_only),
    "cases:referral_create": Route("case", staff_only),
    "cases:referral_end": Route("referral", staff_only),
    "cases:step_pause": Route("step", staff_only),
    "cases:step_resume": Route("step", staff_only),
    "appointments:book": Route("step", staff_only),
    "appointments:cancel": Route("appointment", staff_only, method="POST"),
    "appointments:attendance": Route("appointment", staff_only),
    "appointments:bulk_book": Route(None, lead_only, method="POST", personal=False),
    "appointments:bulk_run": Route("bulk_run", lead_only, personal=False),
    "appointments:calendar": Route(None, staff_only),
    "appointments:letter": Route("appointment", staff_only, method="POST"),
    "appointments:ics": Route("appointment", staff_only),
    # Without a day: back to the calendar with the form's error.
    "appointments:letters": Route(None, staff_only, method="POST", personal=False),
    # A batch of letters is its requester's alone (names and addresses).
    "appointments:letter_run": Route("letter_run", requester_only, personal=False),
    "appointments:letter_run_pdf": Route("letter_run", requester_only),
    "appointments:message_resend": Route(
        "message", staff_only, method="POST", personal=False
    ),
    "appointments:reminders": Route(
        "jobseeker", staff_only, method="POST", personal=False
    ),
    # Only with the development SMS backend (the test settings' default).
    "messaging:development": Route(None, staff_only, personal=False),
    "partner:case_list": Route(None, partner_shared),
    "partner:case_detail": Route("case", partner_shared),
    "audit:subject_report": Route(None, report_roles, personal=False),
    "cases-api:jobseeker_deadlines": Route("jobseeker", staff_only),
    # An import batch holds a file of personal data: scoped like a case.
    "exchange:list": Route(None, staff_only, personal=False),
    "exchange:upload": Route(None, staff_only, personal=False),
    # No jobseeker is read: the lines' persons are not in Polku (the reads
    # are logged all the same, exchange/tests/test_unmatched.py).
    "exchange:unmatched": Route(None, invoice_followers, personal=False),
    "exchange:batch": Route("import_batch", staff_only),
    "exchange:confirm": Route("import_batch", staff_only, method="POST"),
    "exchange-api:import_create": Route(
        None, staff_only, method="POST", personal=False
    ),
    "exchange-api:import_detail": Route("import_batch", staff_only),
    "cases-api:jobseeker_list": Route(None, staff_only),
    "cases-api:jobseeker_export": Route(None, staff_only),
    "cases-api:jobseeker": Route("jobseeker", staff_only),
    "cases-api:job_search_period_list": Route(None, staff_only),
    "cases-api:case_list": Route(None, staff_only),
    "cases-api:case_close": Route("case", staff_only, method="POST"),
    "cases-api:note_create": Route("case", staff_only, method="POST"),
    "cases-api:meeting_create": Route("case", staff_only, method="POST"),
    "cases-api:job_offer_create": Route("case", staff_only, method="POST"),
    "cases-api:plan_version_create": Route("case", staff_only, method="POST"),
    "cases-api:service_start": Route("case", staff_only, method="POST"),
    "cases-api:service_end": Route("service", staff_only, method="POST"),
    "cases-api:step_list": Route(None, staff_only),
    "cases-api:service_list": Route(None, staff_only),
    "cases-api:job_offer_list": Route(None, staff_only),
    "cases-api:plan_list": Route(None, staff_only),
    "organisations-api:list": Route(None, anyone, personal=False),
    "appointments-api:calendar": Route(None, staff_only, personal=False),
    "appointments-api:free_times": Route("step", staff_only),
    "appointments-api:book": Route("step", staff_only, method="POST"),
    "appointments-api:list": Route(None, staff_only),
    "appointments-api:cancel": Route("appointment", staff_only, method="POST"),
    "appointments-api:attendance": Route("appointment", staff_only, method="POST"),
    "appointments-api:messages": Route("appointment", staff_only),
    "organisations-api:relation_list": Route(None, anyone, personal=False),
    "organisations-api:membership_list": Route(None, anyone, personal=False),
    "reporting-api:definition_list": Route(None, report_viewers, personal=False),
    "reporting-api:run_list": Route(None, report_viewers, personal=False),
    "reporting-api:report_list": Route(None, report_viewers, personal=False),
    "reporting-api:report_file": Route("board_report", report_viewers, personal=False),
    "reporting-api:run_values": Route("indicator_run", report_viewers, personal=False),
    "reporting-api:run_publish": Route(
        "indicator_run", pilot_managers, method="POST", personal=False
    ),
    "api-schema": Route(None, anyone, personal=False),
    "api-docs": Route(None, anyone, personal=False),
    "accounts:api_tokens": Route(None, administrators, personal=False),
    "accounts:api_token_revoke": Route(
        "api_token", administrators, method="POST", personal=False
    ),
    "admin:index": Route(
        None, lambda persona, world: persona == "admin_user", personal=False
    ),
    "pilots:list": Route(None, pilot_managers, personal=False),
    "pilots:detail": Route("pilot", pilot_managers, personal=False),
    "pilots:evaluate": Route("pilot", pilot_managers, method="POST", personal=False),
    "pilots:run": Route("run", pilot_managers, personal=False),
    "pilots:area": Route("area", pilot_managers, personal=False),
    "pilots:rules": Route(None, pilot_managers, personal=False),
    "pilots:rule": Route("rule", pilot_managers, personal=False),
    "pilots:rule_dry_run_csv": Route("rule", pilot_managers, personal=False),
    "pilots:transfer": Route("case", staff_only),
    "reporting:index": Route(None, report_viewers, personal=False),
    "reporting:definitions": Route(None, report_viewers, personal=False),
    "reporting:dashboard": Route(None, report_viewers, personal=False),
    "reporting:dashboard_csv": Route(None, report_viewers, personal=False),
    "reporting:dashboard_xlsx": Route(None, report_viewers, personal=False),
    "reporting:month": Route("indicator_run", report_viewers, personal=False),
    "reporting:month_csv": Route("indicator_run", report_viewers, personal=False),
    "reporting:month_xlsx": Route("indicator_run", report_viewers, personal=False),
    "reporting:publish": Route(
        "indicator_run", pilot_managers, method="POST", personal=False
    ),
    "reporting:reports": Route(None, report_viewers, personal=False),
    "reporting:report_download": Route("board_report", report_viewers, personal=False),
    # The clients' own words, in aggregate: coordinators only.
    "reporting:survey": Route(None, report_roles, personal=False),
    "reporting:survey_setting": Route(
        None, report_roles, method="POST", personal=False
    ),
    "partners:list": Route(None, pilot_managers, personal=False),
    "partners:detail": Route("agreement", pilot_managers, personal=False),
    "partners:pdf": Route("agreement", pilot_managers, personal=False),
    "partners:create": Route(None, pilot_managers, personal=False),
    "partners:edit": Route(
        "agreement", pilot_managers, personal=False, extra=(("section", "parties"),)
    ),
    "partners:remove": Route(
        "agreement_party",
        pilot_managers,
        method="POST",
        personal=False,
        extra=(("section", "parties"),),
    ),
    "partners:action": Route(
        "agreement",
        pilot_managers,
        method="POST",
        personal=False,
        extra=(("action", "version"),),
    ),
    "partners-api:agreement_list": Route(None, pilot_managers, personal=False),
    "partners-api:agreement_detail": Route("agreement", pilot_managers, personal=False),
    "partners-api:agreement_approval": Route(
        "agreement", pilot_managers, method="POST", personal=False
    ),
    "partners-api:agreement_in_force": Route(
        "agreement", pilot_managers, method="POST", personal=False
    ),
    "partners-api:agreement_end": Route(
        "agreement", pilot_managers, method="POST", personal=False
    ),
    "pilots-api:pilot_list": Route(None, pilot_managers, personal=False),
    "pilots-api:pilot_detail": Route("pilot", pilot_managers, personal=False),
    "pilots-api:evaluation_start": Route(
        "pilot", pilot_managers, method="POST", personal=False
    ),
    "pilots-api:evaluation_run": Route("run", pilot_managers, personal=False),
    "pilots-api:employment_area": Route("area", pilot_managers, personal=False),
    "pilots-api:rule_list": Route(None, pilot_managers, personal=False),
    "pilots-api:rule_review": Route(
        "rule", pilot_managers, method="POST", personal=False
    ),
    "pilots-api:rule_activate": Route(
        "rule", pilot_managers, method="POST", personal=False
    ),
    "pilots-api:rule_dry_run": Route("rule", pilot_managers, personal=False),
    "pilots-api:jobseeker_eligibility": Route("jobseeker", staff_only),
    "pilots-api:jobseeker_conditions": Route("jobseeker", staff_only),
    "appropriations:list": Route(None, report_viewers, personal=False),
    "appropriations:create": Route(None, pilot_managers, personal=False),
    "appropriations:detail": Route("quota", report_viewers, personal=False),
    "appropriations:revise": Route(
        "quota", pilot_managers, method="POST", personal=False
    ),
    "decisions:create": Route("case", staff_only),
    "decisions:cancel": Route("decision", staff_only),
    "decisions:shorten": Route("decision", staff_only),
    "appropriations-api:quota_list": Route(None, report_viewers, personal=False),
    "appropriations-api:quota_detail": Route("quota", report_viewers, personal=False),
    "appropriations-api:case_decisions": Route("case", staff_only),
    "appropriations-api:decision_cancel": Route("decision", staff_only, method="POST"),
    "appropriations-api:decision_shorten": Route("decision", staff_only, method="POST"),
}
# Objects that belong to no organisation's personal data: one of each.
GLOBAL_OBJECTS = {
    "pilot",
    "run",
    "area",
    "rule",
    "agreement",
    "agreement_party",
    "indicator_run",
    "quota",
    "board_report",
    "api_token",
}
# API operations (OpenAPI path, method) -> route name in ROUTES.
API_OPERATIONS = {
    ("/api/v1/calendar/", "get"): "appointments-api:calendar",
    ("/api/v1/steps/{id}/free-times/", "get"): "appointments-api:free_times",
    ("/api/v1/steps/{id}/appointments/", "post"): "appointments-api:book",
    ("/api/v1/appointments/", "get"): "appointments-api:list",
    ("/api/v1/appointments/{id}/cancel/", "post"): "appointments-api:cancel",
    ("/api/v1/appointments/{id}/attendance/", "post"): "appointments-api:attendance",
    ("/api/v1/appointments/{id}/messages/", "get"): "appointments-api:messages",
    ("/api/v1/organisations/", "get"): "organisations-api:list",
    ("/api/v1/organisation-relations/", "get"): "organisations-api:relation_list",
    ("/api/v1/memberships/", "get"): "organisations-api:membership_list",
    ("/api/v1/indicator-definitions/", "get"): "reporting-api:definition_list",
    ("/api/v1/indicator-runs/", "get"): "reporting-api:run_list",
    ("/api/v1/board-reports/", "get"): "reporting-api:report_list",
    ("/api/v1/board-reports/{id}/pdf/", "get"): "reporting-api:report_file",
    ("/api/v1/indicator-runs/{id}/values/", "get"): "reporting-api:run_values",
    ("/api/v1/indicator-runs/{id}/publish/", "post"): "reporting-api:run_publish",
    ("/api/v1/jobseekers/", "get"): "cases-api:jobseeker_list",
    ("/api/v1/jobseekers/export/", "get"): "cases-api:jobseeker_export",
    ("/api/v1/jobseekers/{id}/", "get"): "cases-api:jobseeker",
    ("/api/v1/jobseekers/{id}/", "patch"): "cases-api:jobseeker",
    ("/api/v1/job-search-periods/", "get"): "cases-api:job_search_period_list",
    ("/api/v1/cases/", "get"): "cases-api:case_list",
    ("/api/v1/cases/{id}/close/", "post"): "cases-api:case_close",
    ("/api/v1/cases/{id}/notes/", "post"): "cases-api:note_create",
    ("/api/v1/cases/{id}/meetings/", "post"): "cases-api:meeting_create",
    ("/api/v1/cases/{id}/job-offers/", "post"): "cases-api:job_offer_create",
    ("/api/v1/cases/{id}/plan-versions/", "post"): "cases-api:plan_version_create",
    ("/api/v1/cases/{id}/services/", "post"): "cases-api:service_start",
    ("/api/v1/services/{id}/end/", "post"): "cases-api:service_end",
    ("/api/v1/steps/", "get"): "cases-api:step_list",
    ("/api/v1/services/", "get"): "cases-api:service_list",
    ("/api/v1/job-offers/", "get"): "cases-api:job_offer_list",
    ("/api/v1/plans/", "get"): "cases-api:plan_list",
    ("/api/v1/quotas/", "get"): "appropriations-api:quota_list",
    ("/api/v1/quotas/{id}/", "get"): "appropriations-api:quota_detail",
    ("/api/v1/cases/{id}/decisions/", "get"): "appropriations-api:case_decisions",
    ("/api/v1/cases/{id}/decisions/", "post"): "appropriations-api:case_decisions",
    ("/api/v1/decisions/{id}/cancel/", "post"): "appropriations-api:decision_cancel",
    ("/api/v1/decisions/{id}/shorten/", "post"): (
        "appropriations-api:decision_shorten"
    ),
    ("/api/v1/jobseekers/{id}/deadlines/", "get"): "cases-api:jobseeker_deadlines",
    ("/api/v1/imports/", "post"): "exchange-api:import_create",
    ("/api/v1/imports/{id}/", "get"): "exchange-api:import_detail",
    ("/api/v1/jobseekers/{id}/eligibility/", "get"): "pilots-api:jobseeker_eligibility",
    ("/api/v1/jobseekers/{id}/conditions/", "get"): "pilots-api:jobseeker_conditions",
    ("/api/v1/agreements/", "get"): "partners-api:agreement_list",
    ("/api/v1/agreements/{id}/", "get"): "partners-api:agreement_detail",
    ("/api/v1/agreements/{id}/approvals/", "post"): "partners-api:agreement_approval",
    ("/api/v1/agreements/{id}/in-force/", "post"): "partners-api:agreement_in_force",
    ("/api/v1/agreements/{id}/end/", "post"): "partners-api:agreement_end",
    ("/api/v1/pilots/", "get"): "pilots-api:pilot_list",
    ("/api/v1/pilots/{id}/", "get"): "pilots-api:pilot_detail",
    ("/api/v1/pilots/{id}/evaluations/", "post"): "pilots-api:evaluation_start",
    ("/api/v1/evaluation-runs/{id}/", "get"): "pilots-api:evaluation_run",
    ("/api/v1/employment-areas/{id}/", "get"): "pilots-api:employment_area",
    ("/api/v1/eligibility-rules/", "get"): "pilots-api:rule_list",
    ("/api/v1/eligibility-rules/", "post"): "pilots-api:rule_list",
    ("/api/v1/eligibility-rules/{id}/review/", "post"): "pilots-api:rule_review",
    ("/api/v1/eligibility-rules/{id}/activate/", "post"): "pilots-api:rule_activate",
    ("/api/v1/eligibility-rules/{id}/dry-run/", "get"): "pilots-api:rule_dry_run",
}


def _walk(patterns: list[Any], namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _route_names() -> set[str]:
    names = set(_walk(get_resolver().url_patterns))
    # The Django admin guards its own pages (staff + two-factor); its index
    # stands for all of them here.
    return {n for n in names if not n.startswith("admin:")} | {"admin:index"}


def test_every_route_has_an_entry(client: Client, caseworker: User) -> None:
    assert _route_names() == set(ROUTES)

    client.force_login(caseworker)
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    operations = {
        (path, method)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert operations == set(API_OPERATIONS)


# --- The three worlds -----------------------------------------------------------


@dataclass
class World:
    case: Case
    objects: dict[str, Any]


def _populate(case: Case, user: User) -> dict[str, Any]:
    today = timezone.localdate()
    started = case.job_search_period.started_on
    services.meeting_record(
        case=case,
        kind="initial_interview",
        held_on=started,
        channel="office",
        summary="",
        actor=user,
    )
    version = services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=0,
        agreed_on=started,
        goal="Työ",
        services="",
        applications_per_month=4,
        obligation_reason="",
        contact_channel="e_service",
        valid_until=None,
        tasks=[],
        actor=user,
    )
    service = services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code="coaching"),
        started_on=started,
        planned_end_on=started + dt.timedelta(days=10),
        provider="",
        actor=user,
    )
    offer = services.job_offer_create(
        case=case,
        offered_on=today,
        employer="Oy",
        job_title="Työ",
        vacancy_reference="",
        apply_by=None,
        actor=user,
    )
    decision = appropriation_services.decision_record(
        case=case,
        actor=user,
        appropriation="pay_subsidy",
        decided_on=started,
        starts_on=started,
        ends_on=started + dt.timedelta(days=60),
        amount_cents=100_000,
        employer_name="Kunta",
        employer_business_id="0201256-6",
        subsidy_percent=50,
        municipality_own_post=True,
    )
    return {
        "jobseeker": case.jobseeker,
        "case": case,
        "decision": decision,
        "plan_version": version,
        "service": service,
        "job_offer": offer,
        "import_batch": _import_batch(case, user),
        "step": ProcessStep.objects.filter(
            case=case, status__in=["open", "paused"]
        ).first(),
        "appointment": (appointment := _appointment(case, user)),
        "message": _failed_message(appointment),
        "answer_token": answer_token(appointment_id=appointment.pk, language="fi"),
        "survey_token": survey_link_token(case.organisation),
        "feed_token": CalendarFeed.objects.get_or_create(
            caseworker=user, revoked_at=None, defaults={"token": f"feed-{user.pk}"}
        )[0].token,
        # A second one stays booked for "My calendar" to show (and log) when
        # the API's cancel, requested earlier in the sweep, cancelled the first.
        "calendar_appointment": _appointment(case, user),
        "bulk_run": BulkBookingRun.objects.create(
            organisation=case.organisation,
            requested_by=user,
            length_minutes=60,
            status="done",
        ),
        # The day's letters, as the task prints them: the invitation letter.
        "letter_run": _letter_run(appointment, user),
    }


def _letter_run(appointment: Appointment, user: User) -> LetterRun:
    now = timezone.now()
    appointment_services.appointment_letter_print(
        # Read back: the time range as the database returns it.
        appointment=Appointment.objects.get(pk=appointment.pk),
        kind="invitation",
        user=user,
        now=now,
    )
    run = appointment_services.letter_run_request(
        user=user, day=timezone.localdate(), who="mine", language="fi"
    )
    return appointment_services.letter_run_execute(run_id=run.pk, now=now)


def _appointment(case: Case, user: User) -> Appointment:
    """A booked appointment of the world's jobseeker (rows as the booking
    service writes them; the service's own rules are tested in appointments)."""
    place = Place.objects.create(
        organisation=case.organisation,
        name="Toimipiste",
        channel=Place.Channel.FACE_TO_FACE,
        address="Testikatu 1",
    )
    # One caseworker may book for several worlds: one after another.
    earlier = Appointment.objects.filter(caseworker=user).count()
    starts = timezone.now() + dt.timedelta(days=3, hours=2 * earlier)
    return Appointment.objects.create(
        organisation=case.organisation,
        caseworker=user,
        jobseeker=case.jobseeker,
        case=case,
        during=(starts, starts + dt.timedelta(hours=1)),
        channel=place.channel,
        place=place,
        booked_by=user,
    )


def _failed_message(appointment: Appointment) -> Message:
    """The appointment's invitation by e-mail, failed after its last try."""
    return Message.objects.create(
        organisation_id=appointment.organisation_id,
        jobseeker_id=appointment.jobseeker_id,
        channel="email",
        recipient="testi@example.invalid",
        language="fi",
        template_key="appointments/messages/invitation",
        idempotency_key=f"appointment:{appointment.pk}:invitation:email",
        status="failed",
        attempts=6,
        next_try_at=timezone.now(),
        last_error="(550, b'No such user')",
    )


def survey_link_token(organisation: Organisation, language: str = "fi") -> str:
    """An unanswered survey link of the organisation, as the survey's
    service stores it after a meeting held (tested in reporting)."""
    secret = secrets.token_urlsafe(18)
    SurveyInvitation.objects.create(
        secret_hash=surveys.secret_hash(secret),
        organisation=organisation,
        meeting_kind="initial_interview",
        channel="office",
        survey_channel="sms",
        expires_at=timezone.now() + surveys.link_days(),
    )
    return surveys.survey_token(secret=secret, language=language)


def _import_batch(case: Case, user: User) -> ImportBatch:
    """A checked, unconfirmed counter file naming the world's jobseeker: its
    preview shows that person's data."""
    data = f"henkilötunnus;etuus;päivät;tilannepäivä\n{case.jobseeker.identity_code};"
    return exchange_services.import_upload(
        organisation=case.organisation,
        kind="benefit_counters",
        file_name="laskurit.csv",
        data=(data + "työmarkkinatuki;12,5;1.6.2025\n").encode(),
        uploaded_by=user,
    )


def _board_report(organisation: Organisation) -> BoardReport:
    """A finished report of Kalajoki, covered by every report viewer persona."""
    pdf = b"%PDF-1.7 board report"
    month = dt.date(2025, 7, 1)
    return BoardReport.objects.create(
        organisation=organisation,
        month=month,
        run=IndicatorRun.objects.create(month=month, status="done"),
        status="done",
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size_bytes=len(pdf),
    )


@pytest.fixture
def worlds(
    register: Register,
    caseworker: User,
    team_lead: User,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
    municipality: Organisation,
    partner_organisation: Organisation,
    coordinator: User,
    board_viewer: User,
    partner_user: User,
    admin_user: User,
) -> dict[str, World]:
    today = timezone.localdate()
    start = today - dt.timedelta(days=20)
    agreement = PartnershipAgreement.objects.create(
        name="Sopimus", status="in_force", valid_from=dt.date(2024, 1, 1)
    )
    for organisation, role in (
        (municipality, "member_municipality"),
        (other_municipality, "member_municipality"),
        (partner_organisation, "third_sector"),
    ):
        AgreementParty.objects.create(
            agreement=agreement, organisation=organisation, role=role
        )
    DataSharingTerm.objects.create(
        agreement=agreement,
        organisation_kind="third_sector",
        categories=["contact", "plans", "services", "assessment"],
    )
    result = {}
    for world, organisation, user in (
        ("own", municipality, caseworker),
        ("other", other_municipality, other_municipality_caseworker),
        ("shared", other_municipality, other_municipality_caseworker),
    ):
        case = register(
            start, organisation=organisation, actor=user, last_name=f"Maailma-{world}"
        )
        objects = _populate(case, user)
        objects["referral"] = referral_services.referral_create(
            case=case,
            partner=partner_organisation,
            agreement=agreement,
            purpose="Paja",
            consent_given_on=today,
            consent_scope=["contact"],
            valid_from=today,
            valid_until=today + dt.timedelta(days=30),
            actor=user,
        )
        if world == "other":
            # Shared once, then ended: the partner must no longer see it.
            referral_services.referral_end(
                referral=objects["referral"], on=today, actor=user
            )
        result[world] = World(case, objects)
    from pilots.models import EligibilityRuleSet, EmploymentArea, EvaluationRun, Pilot

    pilot = Pilot.objects.get(organisation__name__startswith="Ylivieskan seudun")
    result["own"].objects.update(
        pilot=pilot,
        run=EvaluationRun.objects.create(pilot=pilot, evaluated_on=dt.date(2022, 6, 1)),
        area=EmploymentArea.objects.first(),
        rule=EligibilityRuleSet.objects.order_by("version").first(),
        agreement=agreement,
        agreement_party=agreement.parties.first(),
        indicator_run=IndicatorRun.objects.create(month=dt.date(2025, 8, 1)),
        board_report=_board_report(municipality),
        api_token=api_token_create(
            name="BI", organisation=municipality, role="board_viewer", actor=None
        )[0],
        quota=appropriation_services.quota_create(
            holder=pilot.organisation,
            appropriation="coaching",
            starts_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2024, 12, 31),
            amount_cents=1_000_000,
            person_month_limit=None,
            source_reference="TEM/1/2023",
            source_date=dt.date(2023, 12, 1),
            actor=None,
        ),
    )
    # Due today, so that list pages have rows to show (and to log).
    ProcessStep.objects.filter(status="open").update(due_on=today)
    return result


def _url(name: str, route: Route, world: World | None) -> str:
    kwargs: dict[str, Any] = dict(route.extra)
    if route.obj is not None and world is not None:
        obj = world.objects[route.obj]
        pattern = _pattern_of(name)
        params = re.findall(r"<(?:\w+:)?(\w+)>", pattern)
        for param in params:
            if param in kwargs:
                continue
            if param == "token":
                kwargs[param] = obj
            elif param == "version_id":
                kwargs[param] = obj.pk
            elif param == "pk" and route.obj == "agreement_party":
                kwargs[param] = obj.agreement_id
            elif param == "item":
                kwargs[param] = obj.pk
            elif param == "pk" and route.obj == "plan_version":
                kwargs[param] = world.objects["jobseeker"].pk
            elif param == "case_id":
                kwargs[param] = obj.pk
            else:
                kwargs[param] = obj.pk
    return reverse(name, kwargs=kwargs or None)


def _pattern_of(name: str) -> str:
    from django.urls import get_resolver

    resolver = get_resolver()
    namespace, _, short = name.rpartition(":")
    if namespace:
        resolver = resolver.namespace_dict[namespace][1]
    for _candidates, pattern, _defaults, _converters in resolver.reverse_dict.getlist(
        short
    ):
        return str(pattern)
    return ""


def _request(client: Client, route: Route, url: str) -> int:
    if route.method == "POST":
        return client.post(url, {}).status_code
    response = client.get(url)
    if getattr(response, "streaming", False):
        # A streamed export logs its rows as they are sent: read them all.
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_authorization_matrix(
    client: Client,
    worlds: dict[str, World],
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    user = request.getfixturevalue(persona)
    problems = []
    for name, route in sorted(ROUTES.items()):
        sign_in(client, user)
        targets: list[str | None] = [None] if route.obj is None else list(WORLDS)
        if route.obj in GLOBAL_OBJECTS:
            targets = [None]
        for world_name in targets:
            world = worlds[world_name] if world_name else None
            if route.obj in GLOBAL_OBJECTS:
                world = worlds["own"]
            url = _url(name, route, world)
            status = _request(client, route, url)
            allowed = route.allowed(persona, world_name)
            if allowed and status in (403, 404):
                problems.append(
                    f"{name} [{world_name}] {url}: {status}, expected access"
                )
            if not allowed and route.personal and status != 404:
                problems.append(f"{name} [{world_name}] {url}: {status}, expected 404")
            if (
                not allowed
                and not route.personal
                and status == 200
                and name != "core:home"
            ):
                problems.append(
                    f"{name} [{world_name}] {url}: 200 for a forbidden persona"
                )
    assert problems == [], "\n".join(problems)


def test_every_personal_data_read_is_logged(
    client: Client, worlds: dict[str, World], caseworker: User, partner_user: User
) -> None:
    problems = []
    for persona_user, persona in (
        (caseworker, "caseworker"),
        (partner_user, "partner_user"),
    ):
        for name, route in sorted(ROUTES.items()):
            if not route.personal:
                continue
            targets: list[str | None] = [None] if route.obj is None else list(WORLDS)
            for world_name in targets:
                if not route.allowed(persona, world_name):
                    continue
                sign_in(client, persona_user)
                world = worlds[world_name] if world_name else None
                before = AccessLog.objects.filter(user=persona_user).count()
                status = _request(client, route, _url(name, route, world))
                after = AccessLog.objects.filter(user=persona_user).count()
                if status == 200 and after == before:
                    problems.append(f"{persona} {name} [{world_name}]: read not logged")
    assert problems == [], "\n".join(problems)
