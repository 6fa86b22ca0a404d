"""The bulk service path writes what service_start and service_end write."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import ChangeRecord
from cases import rules, services
from cases.models import Case, ServicePeriod, ServiceType

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

_numbers = itertools.count(900)
RECORDED_ON = dt.date(2025, 9, 1)


def _case(
    municipality: Organisation, actor: User, *, returning: bool, **data: Any
) -> Case:
    """A case with a job search discussion deadline (returning within six
    months) or an initial interview one, and what `data` triggers."""
    code = rules.build_identity_code(dt.date(1970, 3, 4), next(_numbers))

    def register(on: dt.date) -> Case:
        return services.jobseeker_register(
            organisation=municipality,
            home_municipality=municipality,
            identity_code=code,
            data=services.JobseekerData(
                first_names="Testi", last_name="Palvelu", **data
            ),
            registered_on=on,
            status_at_start="unemployed",
            caseworker=actor,
            actor=actor,
        )

    if returning:
        earlier = register(dt.date(2025, 1, 2))
        services.case_transition(
            case=earlier,
            to_status="closed",
            roles=["team_lead"],
            expected_version=earlier.version,
            on=dt.date(2025, 3, 31),
            actor=actor,
            exit_reason="education",
        )
    return register(dt.date(2025, 5, 2))


def _records(case: Case) -> dict[str, Any]:
    periods = list(ServicePeriod.objects.filter(case=case).order_by("id"))
    return {
        "periods": [
            (
                p.service_type_id,
                p.started_on,
                p.planned_end_on,
                p.ended_on,
                p.end_reason,
                p.provider,
                p.recorded_by_id,
                p.organisation_id,
            )
            for p in periods
        ],
        "events": [
            (e.kind, e.occurred_on, e.actor_id, e.target_type, e.details)
            for e in case.events.order_by("id")
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
                "completed_on",
                "paused_on",
                "pause_reason",
                "adjustments",
                "overdue_flagged_on",
            )
        ),
        "changes": list(
            ChangeRecord.objects.filter(
                object_type="cases.ServicePeriod",
                object_id__in=[p.pk for p in periods],
            )
            .order_by("id")
            .values_list("field", "old_value", "new_value", "user_id", "username")
        ),
    }


# Rows: (service code, started_on, ended_on); "end" ends the first service.
COACHING = ("coaching", dt.date(2025, 6, 2), None)
SHORT = ("work_trial", dt.date(2025, 6, 9), dt.date(2025, 6, 20))
LONG_ENDED = ("coaching", dt.date(2025, 6, 2), dt.date(2025, 8, 29))
MULTISECTORAL = ("multisectoral_service", dt.date(2025, 6, 2), None)

SCENARIOS: dict[str, dict[str, Any]] = {
    "a short service does not pause the discussion": {
        "returning": True,
        "rows": [SHORT],
    },
    "an open-ended service pauses the discussion": {
        "returning": True,
        "rows": [COACHING],
    },
    "a long service started and ended in one row pauses and resumes": {
        "returning": True,
        "rows": [LONG_ENDED],
    },
    "a later row ends the running service and the deadline resumes": {
        "returning": True,
        "rows": [COACHING],
        "then": [("end", dt.date(2025, 7, 31))],
    },
    "a short service ending while a long one runs resumes nothing": {
        "returning": True,
        "rows": [COACHING, SHORT],
    },
    "the multi-sectoral service completes the assessment and adds the plan": {
        "returning": False,
        "data": {
            "benefit_type": "labour_market_subsidy",
            "lms_days_for_unemployment": 320,
        },
        "rows": [MULTISECTORAL],
    },
    "a service before the initial interview": {"returning": False, "rows": [COACHING]},
}


def _types() -> dict[str, ServiceType]:
    return {t.code: t for t in ServiceType.objects.all()}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=list(SCENARIOS))
def test_bulk_services_write_what_the_single_services_write(
    scenario: str, caseworker: User, municipality: Organisation
) -> None:
    # given: twin cases
    spec = SCENARIOS[scenario]
    single_case, bulk_case = (
        _case(
            municipality,
            caseworker,
            returning=spec["returning"],
            **spec.get("data", {}),
        )
        for _twin in range(2)
    )
    types = _types()

    # when: the rows through service_start and service_end ...
    first: ServicePeriod | None = None
    for code, started_on, ended_on in spec["rows"]:
        period = services.service_start(
            case=single_case,
            service_type=types[code],
            started_on=started_on,
            planned_end_on=ended_on,
            provider="Testipalvelu Oy",
            actor=caseworker,
            recorded_on=RECORDED_ON,
        )
        first = first or period
        if ended_on is not None:
            services.service_end(
                period=period, ended_on=ended_on, end_reason="", actor=caseworker
            )
    # ... and through the bulk service
    outcomes = services.service_periods_record_bulk(
        entries=[
            services.ServiceEntry(
                service_type=types[code],
                started_on=started_on,
                ended_on=ended_on,
                provider="Testipalvelu Oy",
                case_id=bulk_case.pk,
            )
            for code, started_on, ended_on in spec["rows"]
        ],
        actor=caseworker,
        recorded_on=RECORDED_ON,
    )
    for _end, ended_on in spec.get("then", []):
        assert first is not None
        services.service_end(
            period=first, ended_on=ended_on, end_reason="", actor=caseworker
        )
        recorded = outcomes[0]
        assert isinstance(recorded, services.Recorded)
        services.service_periods_record_bulk(
            entries=[
                services.ServiceEntry(
                    service_type=first.service_type,
                    started_on=first.started_on,
                    ended_on=ended_on,
                    period_id=recorded.period_id,
                )
            ],
            actor=caseworker,
        )

    # then
    assert _records(bulk_case) == _records(single_case)


def test_the_scenarios_reach_pauses_resumptions_and_the_multisectoral_plan(
    caseworker: User, municipality: Organisation
) -> None:
    # given
    paused = _case(municipality, caseworker, returning=True)
    resumed = _case(municipality, caseworker, returning=True)
    multisectoral = _case(
        municipality,
        caseworker,
        returning=False,
        benefit_type="labour_market_subsidy",
        lms_days_for_unemployment=320,
    )
    types = _types()

    # when
    services.service_periods_record_bulk(
        entries=[
            services.ServiceEntry(types[c], s, e, case_id=case.pk)
            for case, (c, s, e) in (
                (paused, COACHING),
                (resumed, LONG_ENDED),
                (multisectoral, MULTISECTORAL),
            )
        ],
        actor=caseworker,
    )

    # then
    assert list(paused.steps.values_list("kind", "status")) == [
        ("job_search_discussion", "paused")
    ]
    assert [a["action"] for a in resumed.steps.get().adjustments] == [
        "paused",
        "resumed",
    ]
    assert set(multisectoral.steps.values_list("kind", "status")) >= {
        ("multisectoral_assessment", "done"),
        ("multisectoral_plan", "open"),
    }


def test_a_closed_case_and_an_ended_service_are_refused_as_the_services_refuse(
    caseworker: User, municipality: Organisation
) -> None:
    # given
    closed = _case(municipality, caseworker, returning=False)
    services.case_transition(
        case=closed,
        to_status="closed",
        roles=["team_lead"],
        expected_version=closed.version,
        on=dt.date(2025, 5, 30),
        actor=caseworker,
        exit_reason="education",
    )
    closed.refresh_from_db()
    open_case = _case(municipality, caseworker, returning=False)
    types = _types()
    ended = services.service_start(
        case=open_case,
        service_type=types["coaching"],
        started_on=dt.date(2025, 6, 2),
        planned_end_on=None,
        provider="",
        actor=caseworker,
    )
    services.service_end(
        period=ended, ended_on=dt.date(2025, 6, 30), end_reason="", actor=caseworker
    )

    # when
    outcomes = services.service_periods_record_bulk(
        entries=[
            services.ServiceEntry(
                types["coaching"], dt.date(2025, 6, 2), case_id=closed.pk
            ),
            services.ServiceEntry(
                types["coaching"],
                dt.date(2025, 6, 2),
                dt.date(2025, 7, 31),
                period_id=ended.pk,
            ),
            services.ServiceEntry(
                types["work_trial"], dt.date(2025, 6, 9), case_id=open_case.pk
            ),
        ],
        actor=caseworker,
    )

    # then
    with pytest.raises(ValidationError) as on_closed:
        services.service_start(
            case=closed,
            service_type=types["coaching"],
            started_on=dt.date(2025, 6, 2),
            planned_end_on=None,
            provider="",
            actor=caseworker,
        )
    with pytest.raises(ValidationError) as on_ended:
        services.service_end(
            period=ended, ended_on=dt.date(2025, 7, 31), end_reason="", actor=caseworker
        )
    assert outcomes[:2] == [
        services.ServiceRefused(on_closed.value.messages[0]),
        services.ServiceRefused(on_ended.value.messages[0]),
    ]
    assert isinstance(outcomes[2], services.Recorded)
