"""Coordinators' pilot pages and the pilots API."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from pilots.models import EligibilityRuleSet, EvaluationRun, Pilot

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(db: None) -> Pilot:
    return Pilot.objects.get(organisation__name__startswith="Ylivieskan seudun")


def test_the_pilot_page_shows_the_check_with_figures(
    client: Client, coordinator: User, pilot: Pilot
) -> None:
    client.force_login(coordinator)

    response = client.get(
        reverse("pilots:detail", args=[pilot.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    html = response.content.decode()
    assert "38706" in html.replace("\xa0", "").replace(" ", "").replace(",", "")
    assert response.context["report"].conditions[0].outcome == "pass"


def test_a_waiver_without_justification_is_a_field_error(
    client: Client, coordinator: User, pilot: Pilot
) -> None:
    client.force_login(coordinator)

    response = client.post(
        reverse("pilots:detail", args=[pilot.pk]),
        {"condition": "te_client_share", "justification": "lyhyt"},
    )

    assert response.status_code == 200
    assert "justification" in response.context["waiver_form"].errors


def test_a_coordinator_runs_the_evaluation_and_sees_progress(
    client: Client,
    register: Register,
    coordinator: User,
    pilot: Pilot,
    django_capture_on_commit_callbacks: object,
) -> None:
    register(dt.date(2022, 5, 1), benefit_type="none")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            reverse("pilots:evaluate", args=[pilot.pk]), {"on": "2022-06-01"}
        )

    run = EvaluationRun.objects.get()
    assert response["Location"] == reverse("pilots:run", args=[run.pk])
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fi")
    assert page.context["run"].status == "done"
    assert page.context["run"].eligible == 1
    html = page.content.decode()
    # The rule version the run used, linked to its clauses.
    assert run.rule_set is not None
    assert reverse("pilots:rule", args=[run.rule_set_id]) in html
    assert f"v{run.rule_set.version}" in html
    detail = client.get(reverse("pilots:detail", args=[pilot.pk]))
    assert [row["eligible"] for row in detail.context["counts"]] == ["<5"]


def test_draft_review_activate_and_dry_run_in_the_browser(
    client: Client,
    register: Register,
    coordinator: User,
    admin_user: User,
    pilot: Pilot,
) -> None:
    from tests.personas import sign_in

    older = register(dt.date(2022, 5, 1), benefit_type="earnings_related").jobseeker
    older.birth_date = dt.date(1987, 1, 1)
    older.save(update_fields=["birth_date"])
    client.force_login(coordinator)
    drafted = client.post(
        reverse("pilots:rules"),
        {
            "name": "Alle 36",
            "valid_from": "2022-06-01",
            "under_age": 36,
            "source": "Testipäätös",
        },
    )
    rule = EligibilityRuleSet.objects.get(name="Alle 36")
    assert drafted["Location"] == reverse("pilots:rule", args=[rule.pk])

    dry = client.get(
        reverse("pilots:rule", args=[rule.pk]),
        {"pilot": str(pilot.pk), "on": "2022-06-01"},
    )
    assert [r.jobseeker_id for r in dry.context["dry_run"].entering] == [older.pk]
    csv = client.get(
        reverse("pilots:rule_dry_run_csv", args=[rule.pk]),
        {"pilot": str(pilot.pk), "on": "2022-06-01"},
    )
    assert str(older.pk) in csv.content.decode()
    assert older.last_name not in csv.content.decode()
    # Clauses in words in the main columns, their codes last.
    header, row = csv.content.decode("utf-8-sig").splitlines()[:2]
    assert header.endswith(";peruste nyt (koodi);peruste muutoksen jälkeen (koodi)")
    assert row.endswith(";under_age")
    assert ";alle 36-vuotias;" in row

    client.post(reverse("pilots:rule", args=[rule.pk]), {"action": "review"})
    rule.refresh_from_db()
    assert rule.status == "draft"  # the drafter cannot review
    sign_in(client, admin_user)
    client.post(reverse("pilots:rule", args=[rule.pk]), {"action": "review"})
    client.post(reverse("pilots:rule", args=[rule.pk]), {"action": "activate"})
    rule.refresh_from_db()
    assert rule.status == "active"


def test_the_api_drafts_reviews_and_activates_with_field_errors(
    client: Client, coordinator: User, admin_user: User
) -> None:
    from tests.personas import sign_in

    client.force_login(coordinator)
    bad = client.post(
        "/api/v1/eligibility-rules/",
        {
            "name": "x",
            "valid_from": "2025-01-01",
            "clauses": [{"clause": "nope"}],
            "legal_source": "y",
        },
        content_type="application/json",
    )
    good = client.post(
        "/api/v1/eligibility-rules/",
        {
            "name": "Alle 29",
            "valid_from": "2025-01-01",
            "clauses": [{"clause": "under_age", "age": 29}],
            "legal_source": "Testi",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "clauses" in bad.json()["fields"]
    assert good.status_code == 201
    rule_id = good.json()["id"]
    assert (
        client.post(f"/api/v1/eligibility-rules/{rule_id}/review/").status_code == 400
    )

    sign_in(client, admin_user)
    assert (
        client.post(f"/api/v1/eligibility-rules/{rule_id}/review/").status_code == 200
    )
    activated = client.post(f"/api/v1/eligibility-rules/{rule_id}/activate/")
    assert activated.json()["status"] == "active"


def test_the_api_reports_checks_and_jobseeker_eligibility(
    client: Client,
    register: Register,
    coordinator: User,
    caseworker: User,
    pilot: Pilot,
) -> None:
    from pilots import services

    case = register(dt.date(2022, 5, 1), benefit_type="none")
    services.eligibility_evaluate_jobseeker(
        jobseeker=case.jobseeker, pilot=pilot, on=dt.date(2022, 6, 1)
    )
    client.force_login(coordinator)
    pilots = client.get("/api/v1/pilots/").json()
    assert {p["check"]["conditions"][0]["code"] for p in pilots} == {"population"}

    client.force_login(caseworker)
    (result,) = client.get(
        f"/api/v1/jobseekers/{case.jobseeker_id}/eligibility/"
    ).json()
    assert (result["eligible"], result["clause"], result["rule_version"]) == (
        True,
        "not_earnings_related",
        1,
    )


def test_the_jobseeker_page_explains_the_eligibility(
    client: Client, register: Register, caseworker: User, pilot: Pilot
) -> None:
    from pilots import services

    case = register(dt.date(2021, 2, 1), benefit_type="earnings_related")
    jobseeker = case.jobseeker
    jobseeker.birth_date = dt.date(1995, 5, 5)
    jobseeker.save(update_fields=["birth_date"])
    services.eligibility_evaluate_jobseeker(
        jobseeker=jobseeker, pilot=pilot, on=dt.date(2021, 3, 1)
    )
    client.force_login(caseworker)

    response = client.get(
        reverse("cases:jobseeker", args=[jobseeker.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (
        "eligible: under 30 on 1.3.2021 (rule version 1)" in response.content.decode()
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            [
                "Kuntakokeilujen kohderyhmä 1.3.2021",
                "Laki työllisyyden edistämisen kuntakokeilusta (1269/2020) 4 §",
                "Ei oikeutta ansiopäivärahaan",
                "Alle 30-vuotias",
            ],
        ),
        (
            "sv",
            [
                "Målgruppen för kommunförsöken 1.3.2021",
                "Lag om ett kommunförsök som gäller främjande av sysselsättningen "
                "(1269/2020) 4 §",
                "Inte rätt till inkomstrelaterad dagpenning",
                "Under 30 år",
            ],
        ),
    ],
)
def test_a_rule_version_reads_in_the_readers_language(
    client: Client, coordinator: User, language: str, expected: list[str]
) -> None:
    # given the first target-group version, as migrations loaded it
    rule_set = EligibilityRuleSet.objects.get(version=1)
    client.force_login(coordinator)

    # when
    html = client.get(
        reverse("pilots:rule", args=[rule_set.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    # then the name, the source and each clause in words, never as codes
    for text in expected:
        assert text in html
    assert "under_age" not in html
    assert "not_earnings_related" not in html


@pytest.mark.parametrize(
    ("language", "source"),
    [
        ("fi", "Työ- ja elinkeinoministeriön haku työllisyyden kuntakokeiluihin"),
        ("sv", "Arbets- och näringsministeriets ansökningsomgång för kommunförsöken"),
    ],
)
def test_the_pilot_conditions_cite_the_ministrys_call_in_the_readers_language(
    client: Client, coordinator: User, pilot: Pilot, language: str, source: str
) -> None:
    client.force_login(coordinator)

    html = client.get(
        reverse("pilots:detail", args=[pilot.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert source in html
    assert "Seed" not in html
