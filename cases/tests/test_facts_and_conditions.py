"""Every fact a rule reads can be entered, and every condition asked for a
chosen day (issue 18, item 8)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases import services
from cases.models import Jobseeker, ProcessStep
from cases.tests.factories import temporary_identity_code

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _patch(client: Client, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.patch(url, json.dumps(data), content_type="application/json", **extra)


# --- The registered home municipality: form, page, API, import ------------------


def test_the_form_records_a_person_without_a_registered_home_municipality(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    # given
    client.force_login(caseworker)

    # when
    response = client.post(
        reverse("cases:jobseeker_register"),
        {
            "identity_code": temporary_identity_code(71),
            "first_names": "Testi",
            "last_name": "Suojeltu",
            "registered_on": (TODAY() - dt.timedelta(days=1)).isoformat(),
            "status_at_start": "unemployed",
            "home_municipality": municipality.pk,
            "mother_tongue": "other",
            "other_language": "ukraina",
            "benefit_type": "none",
            "lms_days_for_unemployment": "0",
            "lms_days_last_12_months": "0",
            "lms_days_after_max_allowance": "0",
            "months_main_income_social_assistance": "0",
            "under_temporary_protection": "on",
            "no_home_municipality": "on",
        },
    )

    # then
    assert response.status_code == 302, response.context["form"].errors
    jobseeker = Jobseeker.objects.get(last_name="Suojeltu")
    assert jobseeker.home_municipality_registered is False
    assert jobseeker.under_temporary_protection is True
    page = client.get(
        reverse("cases:jobseeker", args=[jobseeker.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert "no registered home municipality in Finland yet; lives here" in html
    assert "Under temporary protection" in html
    edit = client.get(reverse("cases:jobseeker_edit", args=[jobseeker.pk]))
    assert edit.context["form"]["no_home_municipality"].value() is True


def test_a_form_that_leaves_the_box_out_keeps_the_usual_registered_municipality(
    register: Register,
) -> None:
    case = register(TODAY() - dt.timedelta(days=3))

    assert case.jobseeker.home_municipality_registered is True


def test_the_api_changes_the_facts_the_rules_read(
    client: Client, register: Register, caseworker: User
) -> None:
    # given
    jobseeker = register(TODAY() - dt.timedelta(days=3)).jobseeker
    client.force_login(caseworker)
    url = reverse("cases-api:jobseeker", args=[jobseeker.pk])

    # when
    changed = _patch(
        client,
        url,
        {
            "version": jobseeker.version,
            "home_municipality_registered": False,
            "under_temporary_protection": True,
            "months_main_income_social_assistance": 5,
        },
    )
    stale = _patch(
        client, url, {"version": jobseeker.version, "under_temporary_protection": False}
    )
    invalid = _patch(
        client,
        url,
        {"version": jobseeker.version + 1, "is_immigrant": True},
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    # then
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert body["home_municipality_registered"] is False
    assert body["under_temporary_protection"] is True
    assert body["months_main_income_social_assistance"] == 5
    jobseeker.refresh_from_db()
    assert jobseeker.home_municipality_registered is False
    assert stale.status_code == 409
    assert invalid.status_code == 400
    assert invalid.json()["fields"]["first_residence_on"] == [
        "Anna ensimmäisen oleskeluluvan tai oleskeluoikeuden rekisteröinnin päivämäärä."
    ]


def test_another_organisations_jobseeker_cannot_be_changed_through_the_api(
    client: Client, register: Register, other_municipality_caseworker: User
) -> None:
    jobseeker = register(TODAY() - dt.timedelta(days=3)).jobseeker
    client.force_login(other_municipality_caseworker)

    response = _patch(
        client,
        reverse("cases-api:jobseeker", args=[jobseeker.pk]),
        {"version": jobseeker.version, "home_municipality_registered": False},
    )

    assert response.status_code == 404
    jobseeker.refresh_from_db()
    assert jobseeker.home_municipality_registered is True


def test_the_upload_page_describes_the_fact_columns(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)

    html = client.get(
        reverse("exchange:upload"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "kotikunta_rekisterissä" in html
    assert "Has a registered home municipality in Finland" in html


# --- Conditions on a chosen day -----------------------------------------------


def test_the_conditions_api_decides_every_condition_for_a_chosen_day(
    client: Client, register: Register, caseworker: User
) -> None:
    # given: 35 years old, registered 14 months before the day asked
    case = register(dt.date(2024, 4, 2), last_name="Ehtojen")
    jobseeker = case.jobseeker
    jobseeker.birth_date = dt.date(1989, 1, 1)
    jobseeker.save(update_fields=["birth_date"])
    client.force_login(caseworker)
    url = reverse("pilots-api:jobseeker_conditions", args=[jobseeker.pk])

    # when
    in_2024 = client.get(url, {"on": "2024-12-02"}, HTTP_ACCEPT_LANGUAGE="en")
    in_2025 = client.get(url, {"on": "2025-06-02"}, HTTP_ACCEPT_LANGUAGE="en")

    # then
    assert in_2024.status_code == 200, in_2024.json()
    body = in_2024.json()
    assert body["on"] == "2024-12-02"
    assert body["facts"]["months_unemployed"] == 8
    by_code = {c["code"]: c for c in body["conditions"]}
    assert set(by_code) >= {
        "activation_plan",
        "multisectoral_assessment",
        "integration_plan",
        "pilot_target_group",
    }
    multisectoral = by_code["multisectoral_assessment"]
    assert multisectoral["outcome"] == "not_required"
    assert multisectoral["rule"]["code"] == "multisectoral_assessment/2015-01-01"
    assert multisectoral["rule"]["valid_until"] == "2024-12-31"
    later = {c["code"]: c for c in in_2025.json()["conditions"]}
    assert later["multisectoral_assessment"]["outcome"] == "consider"
    assert later["multisectoral_assessment"]["rule"]["code"] == (
        "multisectoral_assessment/2025-01-01"
    )
    assert (
        "continuously unemployed for 12 months"
        in (later["multisectoral_assessment"]["explanation"])
    )
    assert AccessLog.objects.filter(user=caseworker).exists()


def test_the_pilot_target_group_is_decided_by_the_version_in_force_that_day(
    client: Client, register: Register, caseworker: User
) -> None:
    # given: without a home municipality, under temporary protection
    case = register(
        dt.date(2023, 5, 2),
        under_temporary_protection=True,
        home_municipality_registered=False,
        benefit_type="earnings_related",
    )
    client.force_login(caseworker)
    url = reverse("pilots-api:jobseeker_conditions", args=[case.jobseeker_id])

    # when
    response = client.get(url, {"on": "2023-06-01"})

    # then
    (pilot_row,) = [
        c for c in response.json()["conditions"] if c["code"] == "pilot_target_group"
    ]
    assert pilot_row["outcome"] == "eligible"
    assert pilot_row["clause"] == "temporary_protection"
    assert pilot_row["rule"]["version"] == 2


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("1.6.2024", "Date has wrong format."),
        ("2031-02-30", "Date has wrong format."),
        ("2009-12-31", "No rule of these conditions was in force before 1.9.2010"),
    ],
)
def test_a_day_the_conditions_cannot_be_asked_for_is_a_field_error(
    client: Client, register: Register, caseworker: User, on: str, message: str
) -> None:
    case = register(TODAY() - dt.timedelta(days=3))
    client.force_login(caseworker)

    response = client.get(
        reverse("pilots-api:jobseeker_conditions", args=[case.jobseeker_id]),
        {"on": on},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["fields"]["on"][0].startswith(message)


def test_the_jobseeker_page_checks_the_conditions_on_a_chosen_day(
    client: Client, register: Register, caseworker: User
) -> None:
    case = register(dt.date(2024, 4, 2))
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])

    chosen = client.get(url, {"on": "2024-12-02"}, HTTP_ACCEPT_LANGUAGE="fi")
    refused = client.get(url, {"on": "2009-01-01"}, HTTP_ACCEPT_LANGUAGE="fi")

    assert chosen.context["conditions_on"] == dt.date(2024, 12, 2)
    html = chosen.content.decode()
    assert "Ehdot 2.12.2024" in html
    assert 'name="on"' in html
    assert refused.context["conditions_on"] == TODAY()
    assert "on" in refused.context["conditions_form"].errors


# --- The multi-sectoral condition schedules a step --------------------------------


def test_the_multi_sectoral_condition_schedules_a_step_on_the_worklist(
    client: Client, register: Register, caseworker: User
) -> None:
    # given: 25 or older, registered 13 months ago
    start = TODAY() - dt.timedelta(days=400)
    case = register(start, last_name="Monialainen")
    jobseeker = case.jobseeker
    jobseeker.birth_date = dt.date(1980, 5, 5)
    jobseeker.save(update_fields=["birth_date"])
    assert not ProcessStep.objects.filter(
        case=case, kind="multisectoral_assessment"
    ).exists()

    # when: a job search discussion is recorded today
    services.meeting_record(
        case=case,
        kind="job_search_discussion",
        held_on=TODAY(),
        channel="phone",
        summary="",
        actor=caseworker,
    )

    # then
    step = ProcessStep.objects.get(case=case, kind="multisectoral_assessment")
    assert step.counts_from == TODAY()
    assert step.due_on == TODAY() + dt.timedelta(days=14)
    assert step.rule_code == "multisectoral_assessment/2025-01-01"
    client.force_login(caseworker)
    worklist = client.get(
        reverse("cases:worklist"), {"bucket": "later"}, HTTP_ACCEPT_LANGUAGE="fi"
    )
    (row,) = [r for r in worklist.context["rows"] if r.step.pk == step.pk]
    assert row.action_url == reverse("cases:assessment_edit", args=[case.pk])
    assert "Laki 381/2023" in row.basis or "381/2023" in row.basis

    # when: the service-needs assessment is recorded
    services.assessment_save(
        case=case,
        values={"assessed_on": TODAY(), "social_services_need": True},
        expected_version=None,
        actor=caseworker,
    )

    # then: done, and the next meeting schedules no other
    step.refresh_from_db()
    assert step.status == "done"
    services.meeting_record(
        case=case,
        kind="job_search_discussion",
        held_on=TODAY(),
        channel="phone",
        summary="",
        actor=caseworker,
    )
    assert (
        ProcessStep.objects.filter(case=case, kind="multisectoral_assessment").count()
        == 1
    )


def test_before_2025_the_multi_sectoral_step_follows_1369_2014(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2023, 6, 1))
    case.jobseeker.lms_days_for_unemployment = 320
    case.jobseeker.save(update_fields=["lms_days_for_unemployment"])

    services.meeting_record(
        case=case,
        kind="initial_interview",
        held_on=dt.date(2023, 6, 5),
        channel="office",
        summary="",
        actor=caseworker,
    )

    step = ProcessStep.objects.get(case=case, kind="multisectoral_assessment")
    assert step.rule_code == "multisectoral_assessment/2015-01-01"
    assert step.due_on == dt.date(2023, 6, 19)
