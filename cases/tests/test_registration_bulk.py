"""The bulk registration writes what the single one writes, for every profile
the rules tell apart (cases.rules.registration)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError

from cases import rules, services
from cases.models import Case, Jobseeker
from cases.models.records import PlanKind

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

# Twins: the same birth date (so the same age), individual numbers 900-999.
_numbers = itertools.count(900)


def _twin_codes(birth_date: dt.date) -> tuple[str, str]:
    return (
        rules.build_identity_code(birth_date, next(_numbers)),
        rules.build_identity_code(birth_date, next(_numbers)),
    )


def _records(case: Case) -> dict[str, Any]:
    """Everything a registration writes, without ids and identity codes."""
    case = Case.objects.select_related("jobseeker", "job_search_period").get(pk=case.pk)
    jobseeker = case.jobseeker
    return {
        "jobseeker": {
            name: getattr(jobseeker, name)
            for name in [
                *services.JOBSEEKER_FIELDS,
                "organisation_id",
                "home_municipality_id",
                "birth_date",
                "version",
            ]
        },
        "case": (
            case.status,
            case.caseworker_id,
            case.opened_on,
            case.organisation_id,
            case.closed_on,
            case.exit_reason,
            case.version,
        ),
        "period": (
            case.job_search_period.started_on,
            case.job_search_period.ended_on,
            case.job_search_period.status_at_start,
            case.job_search_period.organisation_id,
        ),
        "events": [
            (
                e.kind,
                e.occurred_on,
                e.actor_id,
                e.organisation_id,
                e.target_type,
                e.target_id == (case.job_search_period_id if i == 0 else case.pk),
                e.details,
            )
            for i, e in enumerate(case.events.order_by("id"))
        ],
        "steps": list(
            case.steps.order_by("id").values_list(
                "kind",
                "status",
                "sequence",
                "due_on",
                "counts_from",
                "counts_from_event",
                "rule_code",
                "assignee_id",
                "organisation_id",
                "jobseeker_id",
                "completed_on",
                "paused_on",
                "adjustments",
            )
        ),
    }


def _without_jobseeker_id(records: dict[str, Any]) -> dict[str, Any]:
    records["steps"] = [step[:9] + step[10:] for step in records["steps"]]
    return records


def _history(
    code: str,
    *,
    organisation: Organisation,
    actor: User,
    registered_on: dt.date,
    closed_on: dt.date,
    employment_plan_on: dt.date | None,
) -> None:
    """An earlier job search, ended (and with an employment plan if given)."""
    case = services.jobseeker_register(
        organisation=organisation,
        home_municipality=organisation,
        identity_code=code,
        data=services.JobseekerData(first_names="Testi", last_name="Aiempi"),
        registered_on=registered_on,
        status_at_start="unemployed",
        caseworker=None,
        actor=actor,
    )
    if employment_plan_on is not None:
        services.plan_version_create(
            case=case,
            kind=PlanKind.EMPLOYMENT,
            expected_version=0,
            agreed_on=employment_plan_on,
            goal="Työllistyminen",
            services="",
            applications_per_month=4,
            obligation_reason="",
            contact_channel="phone",
            valid_until=None,
            tasks=[],
            actor=actor,
        )
    case.refresh_from_db()
    services.case_transition(
        case=case,
        to_status="closed",
        roles=["team_lead"],
        expected_version=case.version,
        on=closed_on,
        actor=actor,
        exit_reason="education",
    )


BORN_1970 = dt.date(1970, 3, 4)
BORN_2003 = dt.date(2003, 6, 7)

PROFILES: dict[str, dict[str, Any]] = {
    "25+, no benefit": {
        "steps": [("initial_interview", "open")],
        "born": BORN_1970,
        "data": {},
    },
    "under 25, basic allowance": {
        "steps": [("initial_interview", "open")],
        "born": BORN_2003,
        "data": {"benefit_type": "basic_allowance"},
    },
    "25+, earnings-related allowance": {
        "steps": [("initial_interview", "open")],
        "born": BORN_1970,
        "data": {"benefit_type": "earnings_related"},
    },
    "under 25, labour market subsidy, 180 days in 12 months": {
        "steps": [("initial_interview", "open")],
        "born": BORN_2003,
        "data": {
            "benefit_type": "labour_market_subsidy",
            "lms_days_for_unemployment": 200,
            "lms_days_last_12_months": 180,
        },
    },
    "multi-sectoral trigger (300 LMS days), mandatory in 2024": {
        "steps": [("initial_interview", "open"), ("multisectoral_assessment", "open")],
        "born": BORN_1970,
        "on": dt.date(2024, 5, 2),
        "data": {
            "benefit_type": "labour_market_subsidy",
            "lms_days_for_unemployment": 320,
        },
    },
    "multi-sectoral criteria, advisory from 2025": {
        "steps": [("initial_interview", "open"), ("multisectoral_assessment", "open")],
        "born": BORN_1970,
        "data": {
            "benefit_type": "labour_market_subsidy",
            "lms_days_for_unemployment": 320,
        },
    },
    "integration plan trigger": {
        "steps": [("initial_interview", "open"), ("integration_plan", "open")],
        "born": BORN_1970,
        "data": {
            "is_immigrant": True,
            "first_residence_on": dt.date(2024, 2, 1),
            "integration_need": True,
            "mother_tongue": "other",
            "other_language": "viro",
        },
    },
    "immigrant without a known first residence": {
        "steps": [("initial_interview", "open")],
        "born": BORN_1970,
        "data": {"is_immigrant": True, "integration_need": True},
    },
    "returning within 6 months": {
        "steps": [("job_search_discussion", "open")],
        "born": BORN_1970,
        "history": {"registered_on": dt.date(2024, 9, 2), "closed_on": "on-60"},
        "data": {"benefit_type": "basic_allowance"},
    },
    "returning after 6 months": {
        "steps": [("initial_interview", "open")],
        "born": BORN_2003,
        "history": {"registered_on": dt.date(2023, 9, 1), "closed_on": "on-300"},
        "data": {},
    },
    "returning 25+ with an employment plan: activation trigger (500 LMS days)": {
        "steps": [
            ("job_search_discussion", "open"),
            ("activation_plan", "open"),
            ("multisectoral_assessment", "open"),
        ],
        "born": BORN_1970,
        "history": {
            "registered_on": dt.date(2024, 9, 2),
            "closed_on": "on-30",
            "employment_plan_on": dt.date(2024, 10, 1),
        },
        "data": {
            "benefit_type": "labour_market_subsidy",
            "lms_days_for_unemployment": 520,
        },
    },
}


@pytest.mark.parametrize("profile", PROFILES, ids=list(PROFILES))
def test_bulk_registration_writes_what_the_single_one_writes(
    profile: str, caseworker: User, municipality: Organisation
) -> None:
    # given: twins, with the same earlier history if any
    spec = PROFILES[profile]
    on = spec.get("on", dt.date(2025, 5, 2))
    single_code, bulk_code = _twin_codes(spec["born"])
    if "history" in spec:
        history = spec["history"]
        closed_on = on - dt.timedelta(days=int(history["closed_on"].split("-")[1]))
        for code in (single_code, bulk_code):
            _history(
                code,
                organisation=municipality,
                actor=caseworker,
                registered_on=history["registered_on"],
                closed_on=closed_on,
                employment_plan_on=history.get("employment_plan_on"),
            )
    data = services.JobseekerData(
        first_names="Testi", last_name="Vertailu", **spec["data"]
    )

    # when: once through each path
    single = services.jobseeker_register(
        organisation=municipality,
        home_municipality=municipality,
        identity_code=single_code,
        data=data,
        registered_on=on,
        status_at_start="laid_off",
        caseworker=None,
        actor=caseworker,
    )
    (registered,) = services.jobseekers_register_bulk(
        entries=[
            services.RegistrationEntry(
                organisation_id=municipality.pk,
                identity_code=bulk_code,
                data=data,
                registered_on=on,
                status_at_start="laid_off",
            )
        ],
        actor=caseworker,
    )

    # then
    assert isinstance(registered, services.Registered)
    bulk = Case.objects.get(pk=registered.case_id)
    assert bulk.jobseeker_id == registered.jobseeker_id
    assert bulk.jobseeker.identity_code == bulk_code
    assert _without_jobseeker_id(_records(bulk)) == _without_jobseeker_id(
        _records(single)
    )
    assert (
        Case.objects.filter(jobseeker=bulk.jobseeker).count()
        == Case.objects.filter(jobseeker=single.jobseeker).count()
    )


def test_every_trigger_is_exercised_by_the_profiles(
    caseworker: User, municipality: Organisation
) -> None:
    # given: the profiles above, registered in one bulk call
    entries = []
    for n, spec in enumerate(PROFILES.values()):
        if "history" in spec:
            continue
        entries.append(
            services.RegistrationEntry(
                organisation_id=municipality.pk,
                identity_code=rules.build_identity_code(spec["born"], 990 - n),
                data=services.JobseekerData(
                    first_names="Testi", last_name="Kattavuus", **spec["data"]
                ),
                registered_on=spec.get("on", dt.date(2025, 5, 2)),
                status_at_start="unemployed",
            )
        )

    # when
    outcomes = services.jobseekers_register_bulk(entries=entries, actor=caseworker)

    # then: the deadlines of every kind a registration can start are there
    kinds = set(
        Case.objects.filter(
            pk__in=[o.case_id for o in outcomes if isinstance(o, services.Registered)]
        ).values_list("steps__kind", flat=True)
    )
    assert {"initial_interview", "multisectoral_assessment", "integration_plan"} <= (
        kinds
    )


def test_a_refused_registration_leaves_the_others_to_go_ahead(
    caseworker: User, municipality: Organisation, other_municipality: Organisation
) -> None:
    # given: one person with an open job search, one client of another
    # municipality, one new
    open_code, other_code, new_code = (
        rules.build_identity_code(BORN_1970, n) for n in (950, 951, 952)
    )
    for code, organisation in (
        (open_code, municipality),
        (other_code, other_municipality),
    ):
        services.jobseeker_register(
            organisation=organisation,
            home_municipality=organisation,
            identity_code=code,
            data=services.JobseekerData(first_names="Testi", last_name="Olemassa"),
            registered_on=dt.date(2025, 1, 2),
            status_at_start="unemployed",
            caseworker=None,
            actor=caseworker,
        )

    def entry(code: str) -> services.RegistrationEntry:
        return services.RegistrationEntry(
            organisation_id=municipality.pk,
            identity_code=code,
            data=services.JobseekerData(first_names="Testi", last_name="Uusi"),
            registered_on=dt.date(2025, 5, 2),
            status_at_start="unemployed",
        )

    # when
    outcomes = services.jobseekers_register_bulk(
        entries=[entry(open_code), entry(other_code), entry(new_code)],
        actor=caseworker,
    )

    # then: the refusals say what the single registration says
    for code, outcome in zip((open_code, other_code), outcomes, strict=False):
        with pytest.raises(ValidationError) as single:
            services.jobseeker_register(
                organisation=municipality,
                home_municipality=municipality,
                identity_code=code,
                data=services.JobseekerData(first_names="Testi", last_name="Uusi"),
                registered_on=dt.date(2025, 5, 2),
                status_at_start="unemployed",
                caseworker=None,
                actor=caseworker,
            )
        assert isinstance(outcome, services.Refused)
        assert single.value.messages == [outcome.message]
    assert isinstance(outcomes[2], services.Registered)
    assert Jobseeker.objects.with_identity_code(new_code).get().last_name == "Uusi"
    assert Jobseeker.objects.with_identity_code(open_code).get().last_name == "Olemassa"
