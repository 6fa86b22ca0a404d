"""The process services against the real database: deadlines follow the records."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import MembershipFactory
from cases import explain, services
from cases.models import (
    Case,
    CaseEvent,
    JobSearchPeriod,
    Plan,
    ProcessStep,
    Reminder,
    ServiceType,
)
from cases.tests.factories import temporary_identity_code
from organisations.models import Membership

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _open(case: Case, kind: str) -> list[ProcessStep]:
    return list(
        ProcessStep.objects.filter(
            case=case, kind=kind, status__in=["open", "paused"]
        ).order_by("due_on")
    )


def _interview(case: Case, user: User, on: dt.date) -> None:
    services.meeting_record(
        case=case,
        kind="initial_interview",
        held_on=on,
        channel="office",
        summary="",
        actor=user,
    )


# --- Registration -------------------------------------------------------------


def test_registration_opens_a_case_with_the_initial_interview_deadline(
    register: Register,
) -> None:
    case = register(dt.date(2025, 5, 2))

    (step,) = _open(case, "initial_interview")
    assert case.status == Case.Status.NEW
    assert step.due_on == dt.date(2025, 5, 9)
    assert step.rule_code.startswith("initial_interview/2025")
    assert CaseEvent.objects.filter(case=case, kind="registered").exists()


def test_the_deadline_explains_itself(register: Register) -> None:
    case = register(dt.date(2025, 5, 2))
    (step,) = _open(case, "initial_interview")

    from django.utils import translation

    with translation.override("en"):
        why = explain.explain_step(step)

    assert why.headline == "Initial interview due 9.5.2025"
    assert why.basis.startswith("5 working days from registration 2.5.2025 (")
    assert "380/2023" in why.basis
    assert "in force 1.1.2025–31.12.2025" in why.basis


def test_the_explanation_follows_the_language_of_each_call(
    register: Register,
) -> None:
    # The translated wording is kept per language (explain._wording): a
    # Finnish page after a Swedish one must not get Swedish text.
    case = register(dt.date(2025, 5, 2))
    (step,) = _open(case, "initial_interview")

    from django.utils import translation

    explain._wording.cache_clear()
    with translation.override("fi"):
        given = explain.explain_step(step, language="sv")
        finnish = explain.explain_step(step)
    with translation.override("sv"):
        swedish = explain.explain_step(step)

    assert finnish.headline == "Alkuhaastattelu viimeistään 9.5.2025"
    assert swedish.headline != finnish.headline
    assert "9.5.2025" in swedish.headline
    assert given == swedish
    assert finnish.basis.startswith("5 arkipäivää ilmoittautumisesta 2.5.2025 (")


def test_registration_in_2026_gives_ten_working_days(register: Register) -> None:
    case = register(dt.date(2026, 1, 2))

    (step,) = _open(case, "initial_interview")

    # 2.1.2026 Fri; Epiphany 6.1. is a holiday: 5,7,8,9,12,13,14,15,16,19.
    assert step.due_on == dt.date(2026, 1, 19)


def test_a_jobseeker_returning_within_six_months_gets_no_new_initial_interview(
    register: Register, caseworker: User
) -> None:
    code = temporary_identity_code(42)
    first = register(dt.date(2025, 1, 7), identity_code=code)
    services.case_transition(
        case=first,
        to_status="closed",
        roles={"caseworker"},
        expected_version=1,
        on=dt.date(2025, 3, 31),
        actor=caseworker,
        exit_reason="open_market_employment",
    )

    # 31.3. + 6 months = 30.9.; a day earlier is still within the 6 months.
    second = register(dt.date(2025, 9, 29), identity_code=code)

    assert _open(second, "initial_interview") == []
    (discussion,) = _open(second, "job_search_discussion")
    assert discussion.counts_from_event == "registration"
    assert second.status == Case.Status.ACTIVE
    assert second.jobseeker_id == first.jobseeker_id


def test_a_jobseeker_returning_after_six_months_gets_a_new_initial_interview(
    register: Register, caseworker: User
) -> None:
    code = temporary_identity_code(43)
    first = register(dt.date(2025, 1, 7), identity_code=code)
    services.case_transition(
        case=first,
        to_status="closed",
        roles={"caseworker"},
        expected_version=1,
        on=dt.date(2025, 3, 31),
        actor=caseworker,
        exit_reason="education",
    )

    second = register(dt.date(2025, 10, 1), identity_code=code)

    assert len(_open(second, "initial_interview")) == 1


def test_a_second_registration_during_a_job_search_is_refused(
    register: Register,
) -> None:
    code = temporary_identity_code(44)
    register(dt.date(2025, 1, 7), identity_code=code)

    with pytest.raises(ValidationError) as excinfo:
        register(dt.date(2025, 2, 7), identity_code=code)

    assert "registered_on" in excinfo.value.message_dict
    assert JobSearchPeriod.objects.count() == 1


def test_another_organisations_client_cannot_be_registered_again(
    register: Register,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    code = temporary_identity_code(45)
    register(dt.date(2025, 1, 7), identity_code=code)

    with pytest.raises(ValidationError):
        register(
            dt.date(2025, 2, 7),
            identity_code=code,
            organisation=other_municipality,
            actor=other_municipality_caseworker,
        )


# --- Meetings -----------------------------------------------------------------


def test_the_initial_interview_completes_its_step_and_schedules_the_next(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2025, 5, 2))

    _interview(case, caseworker, dt.date(2025, 5, 8))

    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE
    done = ProcessStep.objects.get(case=case, kind="initial_interview")
    assert (done.status, done.completed_on) == ("done", dt.date(2025, 5, 8))
    (discussion,) = _open(case, "job_search_discussion")
    assert discussion.due_on == dt.date(2025, 8, 8)
    assert discussion.counts_from_event == "initial_interview"
    # 2025: five supplementary discussions in the first 3 months, then the
    # 6-month periods until the rule ended on 31.12.2025.
    supplementary = _open(case, "supplementary_discussion")
    assert [s.sequence for s in supplementary][:5] == [1, 2, 3, 4, 5]
    assert supplementary[0].due_on == dt.date(2025, 5, 22)
    assert all(s.due_on <= dt.date(2025, 12, 31) for s in supplementary)


def test_no_supplementary_discussions_are_scheduled_from_2026(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))

    _interview(case, caseworker, dt.date(2026, 2, 9))

    assert _open(case, "supplementary_discussion") == []


def test_a_job_search_discussion_replaces_the_pending_one(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    _interview(case, caseworker, dt.date(2026, 2, 9))

    services.meeting_record(
        case=case,
        kind="job_search_discussion",
        held_on=dt.date(2026, 4, 15),
        channel="phone",
        summary="",
        actor=caseworker,
    )

    (discussion,) = _open(case, "job_search_discussion")
    assert discussion.due_on == dt.date(2026, 7, 15)
    assert discussion.counts_from_event == "previous_discussion"


def test_a_meeting_before_the_job_search_is_refused(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))

    with pytest.raises(ValidationError) as excinfo:
        _interview(case, caseworker, dt.date(2026, 1, 30))

    assert "held_on" in excinfo.value.message_dict
    assert len(_open(case, "initial_interview")) == 1


# --- Plans ----------------------------------------------------------------------


def _plan(
    case: Case,
    user: User,
    *,
    version: int,
    kind: str = "employment",
    applications: int = 4,
    reason: str = "",
) -> object:
    return services.plan_version_create(
        case=case,
        kind=kind,
        expected_version=version,
        agreed_on=dt.date(2026, 2, 9),
        goal="Työ",
        services="",
        applications_per_month=applications,
        obligation_reason=reason,
        contact_channel="e_service",
        valid_until=None,
        tasks=[
            services.TaskData(description="Hae töitä"),
            services.TaskData(description=" "),
        ],
        actor=user,
    )


def test_plan_versions_are_numbered_and_keep_their_tasks(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))

    first = _plan(case, caseworker, version=0)
    second = _plan(case, caseworker, version=1, applications=2, reason="Osa-aikatyö")

    plan = Plan.objects.get(case=case)
    assert (first.number, second.number, plan.version) == (1, 2, 2)  # type: ignore[attr-defined]
    assert [t.description for t in second.tasks.all()] == ["Hae töitä"]  # type: ignore[attr-defined]


def test_a_stale_plan_version_is_a_conflict(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    _plan(case, caseworker, version=0)

    with pytest.raises(services.ConflictError):
        _plan(case, caseworker, version=0)


def test_fewer_than_four_applications_need_a_reason(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))

    with pytest.raises(ValidationError):
        _plan(case, caseworker, version=0, applications=2)


def test_an_activation_plan_deadline_follows_the_trigger(
    register: Register, caseworker: User
) -> None:
    # 24 years old with 200 days of labour market subsidy in 12 months
    # (189/2001 3 §); the trigger needs an employment plan first.
    case = register(
        dt.date(2025, 6, 2),
        lms_days_last_12_months=200,
        lms_days_for_unemployment=200,
        benefit_type="labour_market_subsidy",
    )
    jobseeker = case.jobseeker
    jobseeker.birth_date = dt.date(2001, 5, 2)
    jobseeker.save(update_fields=["birth_date"])
    assert _open(case, "activation_plan") == []

    services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=0,
        agreed_on=dt.date(2025, 6, 5),
        goal="Työ",
        services="",
        applications_per_month=4,
        obligation_reason="",
        contact_channel="e_service",
        valid_until=None,
        tasks=[],
        actor=caseworker,
    )

    (step,) = _open(case, "activation_plan")
    assert step.counts_from == dt.date(2025, 6, 5)
    assert step.counts_from_event == "trigger"


def test_an_integration_plan_deadline_for_a_recent_immigrant(
    register: Register,
) -> None:
    case = register(
        dt.date(2026, 3, 2),
        is_immigrant=True,
        first_residence_on=dt.date(2025, 1, 1),
        integration_need=True,
        mother_tongue="other",
        other_language="arabia",
    )

    assert len(_open(case, "integration_plan")) == 1


# --- Services and paused deadlines ----------------------------------------------


def test_a_long_service_pauses_and_its_end_resumes_the_discussion_deadline(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    _interview(case, caseworker, dt.date(2026, 2, 9))
    (discussion,) = _open(case, "job_search_discussion")
    original_due = discussion.due_on
    training = ServiceType.objects.get(code="labour_market_training")

    period = services.service_start(
        case=case,
        service_type=training,
        started_on=dt.date(2026, 3, 2),
        planned_end_on=dt.date(2026, 6, 30),
        provider="Koulutus Oy",
        actor=caseworker,
    )
    (paused,) = _open(case, "job_search_discussion")
    assert paused.status == "paused"

    services.service_end(
        period=period, ended_on=dt.date(2026, 4, 1), end_reason="", actor=caseworker
    )

    (resumed,) = _open(case, "job_search_discussion")
    assert resumed.status == "open"
    assert resumed.due_on == original_due + dt.timedelta(days=30)
    assert [a["action"] for a in resumed.adjustments] == ["paused", "resumed"]


def test_a_short_service_does_not_pause_the_deadline(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    _interview(case, caseworker, dt.date(2026, 2, 9))

    services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code="coaching"),
        started_on=dt.date(2026, 3, 2),
        planned_end_on=dt.date(2026, 3, 20),
        provider="",
        actor=caseworker,
    )

    assert _open(case, "job_search_discussion")[0].status == "open"


def test_a_deadline_paused_by_hand_needs_a_reason_and_moves_when_resumed(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    (step,) = _open(case, "initial_interview")

    with pytest.raises(ValidationError):
        services.step_pause(
            step=step, paused_on=dt.date(2026, 2, 3), reason=" ", actor=caseworker
        )
    services.step_pause(
        step=step,
        paused_on=dt.date(2026, 2, 3),
        reason="Varusmiespalvelus",
        actor=caseworker,
    )
    with pytest.raises(ValidationError):
        services.step_resume(
            step=step, resumed_on=dt.date(2026, 2, 1), reason="", actor=caseworker
        )
    services.step_resume(
        step=step, resumed_on=dt.date(2026, 2, 13), reason="", actor=caseworker
    )

    step.refresh_from_db()
    assert step.due_on == dt.date(2026, 2, 16) + dt.timedelta(days=10)


# --- Case status and assignment -----------------------------------------------


def test_closing_needs_an_exit_reason(register: Register, caseworker: User) -> None:
    case = register(dt.date(2026, 2, 2))

    with pytest.raises(ValidationError):
        services.case_transition(
            case=case,
            to_status="closed",
            roles={"caseworker"},
            expected_version=1,
            on=dt.date(2026, 3, 1),
            actor=caseworker,
        )


def test_closing_ends_the_job_search_and_cancels_deadlines(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))

    services.case_transition(
        case=case,
        to_status="closed",
        roles={"caseworker"},
        expected_version=1,
        on=dt.date(2026, 3, 1),
        actor=caseworker,
        exit_reason="education",
    )

    case.refresh_from_db()
    assert (case.status, case.exit_reason) == ("closed", "education")
    assert case.job_search_period.ended_on == dt.date(2026, 3, 1)
    assert not ProcessStep.objects.filter(
        case=case, status__in=["open", "paused"]
    ).exists()


@pytest.mark.parametrize(
    ("roles", "allowed"), [({"caseworker"}, False), ({"team_lead"}, True)]
)
def test_only_a_team_lead_reopens_a_closed_case(
    register: Register, caseworker: User, roles: set[str], allowed: bool
) -> None:
    case = register(dt.date(2026, 2, 2))
    case = services.case_transition(
        case=case,
        to_status="closed",
        roles={"caseworker"},
        expected_version=1,
        on=dt.date(2026, 3, 1),
        actor=caseworker,
        exit_reason="moved_away",
    )

    if allowed:
        services.case_transition(
            case=case,
            to_status="active",
            roles=roles,
            expected_version=case.version,
            on=dt.date(2026, 3, 2),
            actor=caseworker,
        )
        case.refresh_from_db()
        assert (case.status, case.exit_reason, case.closed_on) == ("active", "", None)
    else:
        with pytest.raises(services.TransitionError):
            services.case_transition(
                case=case,
                to_status="active",
                roles=roles,
                expected_version=case.version,
                on=dt.date(2026, 3, 2),
                actor=caseworker,
            )


def test_a_stale_status_change_is_a_conflict(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    services.case_transition(
        case=case,
        to_status="paused",
        roles={"caseworker"},
        expected_version=1,
        on=dt.date(2026, 2, 3),
        actor=caseworker,
    )

    with pytest.raises(services.ConflictError):
        services.case_transition(
            case=case,
            to_status="closed",
            roles={"caseworker"},
            expected_version=1,
            on=dt.date(2026, 2, 3),
            actor=caseworker,
            exit_reason="other",
        )


def test_assigning_moves_the_open_deadlines(
    register: Register, caseworker: User, team_lead: User
) -> None:
    case = register(dt.date(2026, 2, 2))

    services.case_assign(
        case=case, caseworker=team_lead, actor=team_lead, on=dt.date(2026, 2, 3)
    )

    assert {s.assignee_id for s in _open(case, "initial_interview")} == {team_lead.pk}


def test_a_stale_jobseeker_edit_is_a_conflict(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    jobseeker = case.jobseeker
    data = services.JobseekerData(first_names="Uusi", last_name="Nimi")
    services.jobseeker_update(
        jobseeker=jobseeker,
        expected_version=1,
        data=data,
        actor=caseworker,
        home_municipality=jobseeker.home_municipality,
        on=dt.date(2026, 2, 3),
    )

    with pytest.raises(services.ConflictError) as excinfo:
        services.jobseeker_update(
            jobseeker=jobseeker,
            expected_version=1,
            data=services.JobseekerData(first_names="Toinen", last_name="Nimi"),
            actor=caseworker,
            home_municipality=jobseeker.home_municipality,
            on=dt.date(2026, 2, 3),
        )

    assert excinfo.value.current.first_names == "Uusi"  # type: ignore[attr-defined]


# --- Nightly overdue flagging ---------------------------------------------------


def test_overdue_steps_are_flagged_once_with_reminders_to_caseworker_and_team_lead(
    register: Register, caseworker: User, team_lead: User, municipality: Organisation
) -> None:
    case = register(dt.date(2026, 2, 2))  # initial interview due 16.2.2026
    MembershipFactory(
        organisation=municipality,
        role=Membership.Role.TEAM_LEAD,
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2025, 12, 31),
    )  # a former team lead is not reminded

    flagged = services.steps_overdue_flag(on=dt.date(2026, 2, 17))
    again = services.steps_overdue_flag(on=dt.date(2026, 2, 18))

    assert (flagged, again) == (1, 0)
    reminders = set(Reminder.objects.values_list("user_id", "kind"))
    assert reminders == {(caseworker.pk, "overdue"), (team_lead.pk, "overdue_team")}
    assert CaseEvent.objects.filter(case=case, kind="step_overdue").count() == 1


def test_steps_due_today_are_not_overdue(register: Register) -> None:
    register(dt.date(2026, 2, 2))

    assert services.steps_overdue_flag(on=dt.date(2026, 2, 16)) == 0


def test_the_nightly_task_is_scheduled() -> None:
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["flag-overdue-process-steps"]

    assert entry["task"] == "cases.steps_overdue_flag_task"


def test_the_task_runs_the_service(register: Register) -> None:
    from cases.tasks import steps_overdue_flag_task

    register(dt.date(2026, 2, 2))

    assert steps_overdue_flag_task.delay("2026-03-01").get() == 1
