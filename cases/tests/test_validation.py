"""Input a caseworker can trust (issue 18, item 5): each rule through the form,
the API and the database, with a message in the user's language and nothing
typed lost."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import (
    CaseEvent,
    JobOffer,
    Note,
    Plan,
    PlanTask,
    PlanVersion,
    ServicePeriod,
    ServiceType,
)
from core import textlimits

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from tests.personas import Register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _case(register: Register, days_ago: int = 40) -> Case:
    return register(TODAY() - dt.timedelta(days=days_ago))


def _post_json(client: Client, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def _employment_plan(case: Case, user: User, *, agreed_on: dt.date) -> PlanVersion:
    return services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=0,
        agreed_on=agreed_on,
        goal="Työ",
        services="",
        applications_per_month=4,
        obligation_reason="",
        contact_channel="e_service",
        valid_until=None,
        tasks=[],
        actor=user,
    )


# --- Job offers: the application deadline ------------------------------------


def test_a_job_offer_deadline_before_the_offer_is_refused_in_the_form(
    client: Client, register: Register, caseworker: User
) -> None:
    # given
    case = _case(register)
    client.force_login(caseworker)

    # when
    response = client.post(
        reverse("cases:job_offer_create", args=[case.pk]),
        {
            "offered_on": "2026-12-04",
            "employer": "Kalajoen Kone Oy",
            "job_title": "Hitsaaja",
            "apply_by": "2026-11-01",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["apply_by"] == [
        "Hakuaika ei voi päättyä ennen työtarjousta (4.12.2026)."
    ]
    html = response.content.decode()
    assert 'value="Kalajoen Kone Oy"' in html
    assert 'value="Hitsaaja"' in html
    assert not JobOffer.objects.exists()


def test_a_job_offer_deadline_before_the_offer_is_a_field_error_in_the_api(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _case(register)
    client.force_login(caseworker)

    response = _post_json(
        client,
        reverse("cases-api:job_offer_create", args=[case.pk]),
        {
            "offered_on": "2026-12-04",
            "employer": "Kalajoen Kone Oy",
            "job_title": "Hitsaaja",
            "apply_by": "2026-11-01",
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )

    assert response.status_code == 400
    assert response.json()["fields"]["apply_by"] == [
        "Ansökningstiden kan inte gå ut före arbetserbjudandet (4.12.2026)."
    ]
    assert not JobOffer.objects.exists()


def test_a_job_offer_with_a_deadline_on_the_offer_day_is_made_through_the_api(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _case(register)
    client.force_login(caseworker)

    response = _post_json(
        client,
        reverse("cases-api:job_offer_create", args=[case.pk]),
        {
            "offered_on": "2026-12-04",
            "employer": "Oy",
            "job_title": "Työ",
            "apply_by": "2026-12-04",
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["apply_by"] == "2026-12-04"


def test_the_database_refuses_a_job_offer_deadline_before_the_offer(
    register: Register, caseworker: User
) -> None:
    case = _case(register)

    with pytest.raises(IntegrityError), transaction.atomic():
        JobOffer.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            recorded_by=caseworker,
            offered_on=dt.date(2026, 12, 4),
            employer="Oy",
            job_title="Työ",
            apply_by=dt.date(2026, 11, 1),
        )


# --- Plan tasks within the plan -----------------------------------------------


def _plan_post(agreed_on: str, due_on: str, **extra: str) -> dict[str, str]:
    return {
        "version": "0",
        "agreed_on": agreed_on,
        "valid_until": "",
        "goal": "Työpaikka metallialalta",
        "services": "",
        "applications_per_month": "4",
        "obligation_reason": "",
        "contact_channel": "e_service",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "30",
        "tasks-0-description": "Hae neljää työpaikkaa",
        "tasks-0-responsible": "jobseeker",
        "tasks-0-due_on": due_on,
        **extra,
    }


def test_a_plan_task_due_before_the_plan_is_refused_in_the_form(
    client: Client, register: Register, caseworker: User
) -> None:
    # given
    case = _case(register)
    client.force_login(caseworker)
    agreed = TODAY() - dt.timedelta(days=10)

    # when
    response = client.post(
        reverse("cases:plan_version_create", args=[case.pk, "employment"]),
        _plan_post(agreed.isoformat(), "1999-01-01"),
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    # then
    assert response.status_code == 200
    task_form = response.context["formset"].forms[0]
    (message,) = task_form.errors["due_on"]
    assert message.startswith("Tehtävän määräpäivä on ennen kuin tämä")
    html = response.content.decode()
    assert "Hae neljää työpaikkaa" in html
    assert "Työpaikka metallialalta" in html
    assert not PlanVersion.objects.exists()


def test_a_plan_task_due_after_the_plan_ends_is_refused_in_the_form(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _case(register)
    client.force_login(caseworker)
    agreed = TODAY() - dt.timedelta(days=10)
    until = agreed + dt.timedelta(days=90)

    response = client.post(
        reverse("cases:plan_version_create", args=[case.pk, "employment"]),
        _plan_post(
            agreed.isoformat(),
            (until + dt.timedelta(days=1)).isoformat(),
            valid_until=until.isoformat(),
        ),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.context["formset"].forms[0].errors["due_on"] == [
        f"The task is due after the plan ends ({until.day}.{until.month}.{until.year})."
    ]


def test_a_plan_task_due_before_the_plan_is_a_field_error_in_the_api(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _case(register)
    client.force_login(caseworker)
    agreed = TODAY() - dt.timedelta(days=10)

    response = _post_json(
        client,
        reverse("cases-api:plan_version_create", args=[case.pk]),
        {
            "kind": "employment",
            "version": 0,
            "agreed_on": agreed.isoformat(),
            "goal": "Työ",
            "tasks": [
                {"description": "Ajallaan", "due_on": agreed.isoformat()},
                {"description": "Liian aikaisin", "due_on": "1999-01-01"},
            ],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # the documented error shape: one level, a nested field named by its path
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert list(fields) == ["tasks.1.due_on"]
    assert fields["tasks.1.due_on"][0].startswith(
        "The task is due before this version of the plan is agreed"
    )
    assert not Plan.objects.filter(case=case).exists()


def test_a_done_task_keeps_its_date_from_an_earlier_plan_version(
    register: Register, caseworker: User
) -> None:
    # given: version 1 agreed 40 days ago, with a task done 30 days ago
    case = _case(register, days_ago=60)
    first = TODAY() - dt.timedelta(days=40)
    done_on = TODAY() - dt.timedelta(days=30)
    _employment_plan(case, caseworker, agreed_on=first)

    # when: version 2 carries the done task over
    version = services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=1,
        agreed_on=TODAY(),
        goal="Työ",
        services="",
        applications_per_month=4,
        obligation_reason="",
        contact_channel="e_service",
        valid_until=None,
        tasks=[services.TaskData("Tehty", due_on=done_on, is_done=True)],
        actor=caseworker,
    )

    # then
    assert [t.due_on for t in version.tasks.all()] == [done_on]


def test_the_service_refuses_a_task_date_before_the_plan(
    register: Register, caseworker: User
) -> None:
    case = _case(register)

    with pytest.raises(ValidationError) as refused:
        services.plan_version_create(
            case=case,
            kind="employment",
            expected_version=0,
            agreed_on=TODAY(),
            goal="Työ",
            services="",
            applications_per_month=4,
            obligation_reason="",
            contact_channel="e_service",
            valid_until=None,
            tasks=[services.TaskData("Vanha", due_on=dt.date(1999, 1, 1))],
            actor=caseworker,
        )

    assert "tasks" in refused.value.message_dict


def test_the_database_refuses_a_task_due_before_its_plan_version(
    register: Register, caseworker: User
) -> None:
    case = _case(register)
    version = _employment_plan(case, caseworker, agreed_on=TODAY())

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTask.objects.create(
            version=version, description="Vanha", due_on=dt.date(1999, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTask.objects.create(
            version=version,
            description="Tehty ennen suunnitelmaa",
            due_on=TODAY() - dt.timedelta(days=1),
            is_done=True,
        )
    PlanTask.objects.create(version=version, description="Ajallaan", due_on=TODAY())


# --- Free text limits ---------------------------------------------------------


def test_a_note_over_the_limit_is_refused_in_the_form_and_kept_on_the_page(
    client: Client, register: Register, caseworker: User
) -> None:
    # given
    case = _case(register)
    client.force_login(caseworker)
    text = "Pitkä muistiinpano. " * 600  # 12,000 characters

    # when
    response = client.post(
        reverse("cases:note_create", args=[case.pk]),
        {"text": text},
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    # then
    assert response.status_code == 200
    (message,) = response.context["form"].errors["text"]
    assert "10000" in message.replace("\xa0", "").replace(" ", "")
    html = response.content.decode()
    assert text.strip() in html
    # No maxlength: a browser would cut a pasted text there without a word.
    assert "maxlength" not in html.split('name="text"')[1].split(">")[0]
    assert not Note.objects.exists()


def test_a_note_over_the_limit_is_a_field_error_in_the_api(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _case(register)
    client.force_login(caseworker)

    too_long = _post_json(
        client,
        reverse("cases-api:note_create", args=[case.pk]),
        {"text": "x" * (textlimits.NOTE + 1)},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    at_limit = _post_json(
        client,
        reverse("cases-api:note_create", args=[case.pk]),
        {"text": "x" * textlimits.NOTE},
    )

    assert too_long.status_code == 400
    assert list(too_long.json()["fields"]) == ["text"]
    assert at_limit.status_code == 201
    assert Note.objects.count() == 1


def test_the_database_refuses_a_note_over_the_limit(
    register: Register, caseworker: User
) -> None:
    case = _case(register)

    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            recorded_by=caseworker,
            text="x" * (textlimits.NOTE + 1),
        )


@pytest.mark.parametrize(
    ("view", "field", "limit"),
    [
        ("meeting_create", "summary", textlimits.NOTE),
        ("assessment_edit", "skills", textlimits.TEXT),
        ("benefit_notice_create", "description", textlimits.NOTE),
    ],
)
def test_other_free_text_over_its_limit_is_a_form_error(
    client: Client,
    register: Register,
    caseworker: User,
    view: str,
    field: str,
    limit: int,
) -> None:
    case = _case(register)
    client.force_login(caseworker)

    response = client.post(
        reverse(f"cases:{view}", args=[case.pk]), {field: "y" * (limit + 1)}
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "y" * (limit + 1) in response.content.decode()


def test_a_plan_goal_over_the_limit_is_a_field_error_in_the_api(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _case(register)
    client.force_login(caseworker)

    response = _post_json(
        client,
        reverse("cases-api:plan_version_create", args=[case.pk]),
        {
            "kind": "employment",
            "version": 0,
            "agreed_on": TODAY().isoformat(),
            "goal": "g" * (textlimits.TEXT + 1),
        },
    )

    assert response.status_code == 400
    assert "goal" in response.json()["fields"]


# --- Services: starting until they start; closing ends them ---------------------


def test_a_service_starting_tomorrow_is_starting_not_active(
    client: Client, register: Register, caseworker: User
) -> None:
    # given
    case = _case(register)
    tomorrow = TODAY() + dt.timedelta(days=1)
    services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code="coaching"),
        started_on=tomorrow,
        planned_end_on=None,
        provider="",
        actor=caseworker,
    )
    client.force_login(caseworker)

    # when
    page = client.get(
        reverse("cases:jobseeker", args=[case.jobseeker_id]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    api = client.get(reverse("cases-api:service_list"))

    # then
    ((_service, state),) = page.context["services"]
    assert state == "starting"
    html = page.content.decode()
    assert f"Alkaa {tomorrow.day}.{tomorrow.month}.{tomorrow.year}" in html
    assert "ei vielä" in html
    (row,) = api.json()["results"]
    assert row["state"] == "starting"


def test_a_service_started_through_the_api_is_starting_until_its_start(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _case(register)
    client.force_login(caseworker)

    response = _post_json(
        client,
        reverse("cases-api:service_start", args=[case.pk]),
        {
            "service_type": "coaching",
            "started_on": (TODAY() + dt.timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "starting"


def _services_for_closing(case: Case, user: User) -> tuple[ServicePeriod, ...]:
    coaching = ServiceType.objects.get(code="coaching")
    running = services.service_start(
        case=case,
        service_type=coaching,
        started_on=TODAY() - dt.timedelta(days=20),
        planned_end_on=None,
        provider="",
        actor=user,
    )
    later = services.service_start(
        case=case,
        service_type=coaching,
        started_on=TODAY() + dt.timedelta(days=5),
        planned_end_on=None,
        provider="",
        actor=user,
    )
    return running, later


def test_closing_a_case_in_the_form_ends_its_services_on_the_closing_date(
    client: Client, register: Register, caseworker: User
) -> None:
    # given
    case = _case(register)
    running, later = _services_for_closing(case, caseworker)
    client.force_login(caseworker)

    # when
    response = client.post(
        reverse("cases:case_transition", args=[case.pk]),
        {
            "version": case.version,
            "to_status": "closed",
            "on": TODAY().isoformat(),
            "exit_reason": "open_market_employment",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    # then
    assert response.status_code == 302
    running.refresh_from_db()
    later.refresh_from_db()
    assert running.ended_on == TODAY()
    assert running.end_reason == (
        "Asiakkuus päättyi: Työllistynyt avoimille työmarkkinoille"
    )
    assert later.ended_on == later.started_on
    assert later.end_reason.startswith("Ei alkanut")
    assert later.state_on(TODAY()) == "ended"
    ended_events = CaseEvent.objects.filter(case=case, kind="service_ended")
    assert {e.occurred_on for e in ended_events} == {TODAY()}
    page = client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]))
    timeline = [event.kind for event, _text in page.context["events"]]
    # Newest first: the closure, then what it ended; nothing of the case after it.
    assert timeline[0] == "case_closed"
    assert timeline[1:3] == ["service_ended", "service_ended"]


def test_closing_a_case_in_the_api_ends_its_running_services(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _case(register)
    running, _later = _services_for_closing(case, caseworker)
    client.force_login(caseworker)
    closed_on = TODAY() - dt.timedelta(days=1)

    response = _post_json(
        client,
        reverse("cases-api:case_close", args=[case.pk]),
        {"exit_reason": "education", "closed_on": closed_on.isoformat(), "version": 1},
    )

    assert response.status_code == 200, response.json()
    running.refresh_from_db()
    assert running.ended_on == closed_on
    services_api = client.get(reverse("cases-api:service_list")).json()["results"]
    assert {row["state"] for row in services_api} == {"ended"}


def test_the_timeline_lists_events_by_date_then_as_recorded(
    register: Register, caseworker: User
) -> None:
    # given: a service starts (and pauses the discussion deadline) on one day
    case = _case(register, days_ago=60)
    services.meeting_record(
        case=case,
        kind="initial_interview",
        held_on=TODAY() - dt.timedelta(days=50),
        channel="office",
        summary="",
        actor=caseworker,
    )
    started = TODAY() - dt.timedelta(days=10)
    services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code="coaching"),
        started_on=started,
        planned_end_on=None,
        provider="",
        actor=caseworker,
    )

    # when
    from cases.selectors import jobseeker_overview

    events = jobseeker_overview(jobseeker=case.jobseeker).events

    # then: newest first, the pause it caused above the start
    same_day = [e.kind for e in events if e.occurred_on == started]
    assert same_day == ["step_paused", "service_started"]
