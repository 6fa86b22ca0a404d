"""Statuses that agree wherever they are shown (issue 18, item 6): the pilot
list and each pilot's page, eligibility of the current job search, and a dry
run that compares two versions."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pilots import services
from pilots.models import EligibilityResult, EligibilityRuleSet, Pilot

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(db: None) -> Pilot:
    return Pilot.objects.get(organisation__name__startswith="Ylivieskan seudun")


def test_the_pilot_list_and_each_pilots_page_say_the_same(
    client: Client, coordinator: User
) -> None:
    # given
    client.force_login(coordinator)

    # when
    listing = client.get(reverse("pilots:list"), HTTP_ACCEPT_LANGUAGE="fi")

    # then: every line of the list is the overall line of the pilot's page
    rows = listing.context["pilots"] + listing.context["areas"]
    assert len(rows) >= 3
    for obj, summary in rows:
        name = "pilots:detail" if isinstance(obj, Pilot) else "pilots:area"
        page = client.get(reverse(name, args=[obj.pk]), HTTP_ACCEPT_LANGUAGE="fi")
        assert page.context["report_summary"] == summary
        assert summary in page.content.decode()
        assert summary in listing.content.decode()


def test_the_ylivieska_pilot_is_listed_with_its_passing_conditions(
    client: Client, coordinator: User, pilot: Pilot
) -> None:
    client.force_login(coordinator)

    listing = client.get(reverse("pilots:list"), HTTP_ACCEPT_LANGUAGE="fi")

    summary = dict(listing.context["pilots"])[pilot]
    assert summary == "Luvut puuttuvat: 2 ehtoa täyttyy, 2 ilman lukuja"


def test_a_pilot_offers_only_its_own_conditions_to_waive(
    client: Client, coordinator: User, pilot: Pilot
) -> None:
    client.force_login(coordinator)

    page = client.get(reverse("pilots:detail", args=[pilot.pk]))

    choices = [
        code for code, _label in page.context["waiver_form"].fields["condition"].choices
    ]
    assert choices == ["population", "te_client_share", "own_resourcing"]


# --- Eligibility of the current job search ------------------------------------


def test_a_result_from_before_the_current_job_search_is_not_shown(
    client: Client,
    register: Register,
    caseworker: User,
    pilot: Pilot,
) -> None:
    # given: a result of 3.6.2024 for a person registered on 24.11.2026
    case = register(timezone.localdate() - dt.timedelta(days=12))
    jobseeker = case.jobseeker
    old = services.eligibility_evaluate_jobseeker(
        jobseeker=jobseeker, pilot=pilot, on=dt.date(2024, 6, 3)
    )
    assert old is not None
    client.force_login(caseworker)

    # when
    page = client.get(reverse("cases:jobseeker", args=[jobseeker.pk]))
    api = client.get(reverse("pilots-api:jobseeker_eligibility", args=[jobseeker.pk]))

    # then
    assert page.context["eligibility"] == []
    assert api.json() == []

    # when it is decided for the current job search
    services.eligibility_evaluate_jobseeker(
        jobseeker=jobseeker, pilot=pilot, on=timezone.localdate()
    )
    page = client.get(reverse("cases:jobseeker", args=[jobseeker.pk]))
    api = client.get(reverse("pilots-api:jobseeker_eligibility", args=[jobseeker.pk]))

    # then
    ((result, _text),) = page.context["eligibility"]
    assert result.evaluated_on == timezone.localdate()
    (row,) = api.json()
    assert row["evaluated_on"] == timezone.localdate().isoformat()


def test_a_closed_job_search_has_no_current_eligibility(
    register: Register, caseworker: User, pilot: Pilot
) -> None:
    from cases import services as case_services
    from pilots.selectors import eligibility_for_current_job_search

    case = register(timezone.localdate() - dt.timedelta(days=30))
    services.eligibility_evaluate_jobseeker(
        jobseeker=case.jobseeker, pilot=pilot, on=timezone.localdate()
    )
    case_services.case_transition(
        case=case,
        to_status="closed",
        roles=["caseworker"],
        expected_version=case.version,
        on=timezone.localdate(),
        actor=caseworker,
        exit_reason="education",
    )

    assert list(eligibility_for_current_job_search(jobseeker=case.jobseeker)) == []
    assert EligibilityResult.objects.filter(jobseeker=case.jobseeker).exists()


def test_registration_decides_eligibility_for_the_new_job_search(
    register: Register,
    pilot: Pilot,
    django_capture_on_commit_callbacks: object,
    time_machine: object,
) -> None:
    # given: a day when Kalajoki was in the pilot
    time_machine.move_to(dt.datetime(2023, 6, 1, 10, tzinfo=dt.UTC))  # type: ignore[attr-defined]

    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case = register(dt.date(2023, 5, 30))

    # then
    result = EligibilityResult.objects.get(jobseeker=case.jobseeker, pilot=pilot)
    assert result.evaluated_on == dt.date(2023, 6, 1)


# --- The dry run compares two versions ----------------------------------------


def _in_force() -> EligibilityRuleSet:
    rule_set = services.rule_set_in_force(on=timezone.localdate())
    assert rule_set is not None
    return rule_set


def test_the_version_in_force_is_not_offered_a_dry_run_with_itself(
    client: Client, coordinator: User, pilot: Pilot
) -> None:
    # given
    in_force = _in_force()
    client.force_login(coordinator)

    # when
    page = client.get(
        reverse("pilots:rule", args=[in_force.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    asked = client.get(
        reverse("pilots:rule", args=[in_force.pk]),
        {"pilot": str(pilot.pk), "on": timezone.localdate().isoformat()},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    api = client.get(
        reverse("pilots-api:rule_dry_run", args=[in_force.pk]),
        {"pilot": str(pilot.pk), "on": timezone.localdate().isoformat()},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # then
    assert page.context["can_dry_run"] is False
    html = page.content.decode()
    assert "ei ole mitään, mihin sitä verrata" in html
    assert 'name="pilot"' not in html
    assert asked.context["dry_run"] is None
    assert "on" in asked.context["dry_form"].errors
    assert api.status_code == 400
    assert "nothing to compare it with" in api.json()["fields"]["on"][0]


def test_a_day_without_a_version_in_force_has_nothing_to_compare_with(
    coordinator: User, pilot: Pilot
) -> None:
    draft = services.rule_set_draft(
        name="Ennen kokeilua",
        valid_from=dt.date(2020, 1, 1),
        clauses=[{"clause": "under_age", "age": 30}],
        source="Testi",
        actor=coordinator,
    )

    with pytest.raises(ValidationError) as refused:
        services.eligibility_dry_run(pilot=pilot, draft=draft, on=dt.date(2020, 1, 1))

    assert "on" in refused.value.message_dict


def test_a_draft_is_compared_with_the_version_in_force(
    client: Client, coordinator: User, pilot: Pilot
) -> None:
    # given
    in_force = _in_force()
    draft = services.rule_set_draft(
        name="Alle 35",
        valid_from=timezone.localdate() + dt.timedelta(days=30),
        clauses=[{"clause": "under_age", "age": 35}],
        source="Testi",
        actor=coordinator,
    )
    client.force_login(coordinator)

    # when
    page = client.get(reverse("pilots:rule", args=[draft.pk]))
    listing = client.get(reverse("pilots:rules"))
    api = client.get(
        reverse("pilots-api:rule_dry_run", args=[draft.pk]),
        {"pilot": str(pilot.pk), "on": draft.valid_from.isoformat()},
    )

    # then
    assert page.context["can_dry_run"] is True
    form = page.context["dry_form"]
    assert form["on"].value() == draft.valid_from
    assert listing.context["in_force"] == in_force
    assert api.status_code == 200
    assert json.loads(api.content)["compared_with_version"] == in_force.version
