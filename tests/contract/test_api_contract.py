"""schemathesis' own runner against the OpenAPI schema, in process, with
every check it has: the statuses and content types each operation answers
are the documented ones, schema-valid requests are accepted and invalid ones
refused, undeclared methods are 405 with Allow, and a deleted resource is
gone. It runs as the caseworker's and the coordinator's integration tokens of
two municipalities and as a partner with live referrals (issue 20 item 5)."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
from django.utils import timezone
from schemathesis.config import SchemathesisConfig
from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES
from schemathesis.engine import events

from accounts.tokens import api_token_create
from appropriations import services as appropriation_services
from partners.models import AgreementParty, DataSharingTerm, PartnershipAgreement
from partners.services import referrals as referral_services
from tests.test_authorization_matrix import API_OPERATIONS

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

# CI's run is short and fixed: two requests per operation, user and phase
# (examples, fuzzing, stateful links), drawn from one seed, so CI gets the
# same requests every run. `--contract` (or POLKU_CONTRACT_EXAMPLES=N) is the
# full measurement: also the coverage phase (every boundary and undeclared
# method of every parameter, ~2,500 requests a user) and N examples each.
SHORT_EXAMPLES = 2
SHORT_PHASES = "examples,fuzzing,stateful"
FULL_EXAMPLES = 5
FULL_PHASES = "examples,coverage,fuzzing,stateful"
SEED = 2026


def _plan(config: pytest.Config) -> tuple[int, list[str]]:
    """Examples per operation and the phases: CI's short run or the full one."""
    examples = os.environ.get("POLKU_CONTRACT_EXAMPLES")
    full = config.getoption("--contract") or examples is not None
    count = int(examples or (FULL_EXAMPLES if full else SHORT_EXAMPLES))
    phases = os.environ.get("POLKU_CONTRACT_PHASES") or (
        FULL_PHASES if full else SHORT_PHASES
    )
    return count, phases.split(",")


@dataclass
class Totals:
    requests: int = 0
    operations: set[str] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    phases: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _config(key: str, examples: int, phases: dict[str, Any]) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            # One thread: the test's live server answers one request at a time.
            "workers": 1,
            "headers": {"Authorization": f"Token {key}"},
            "generation": {"max-examples": examples, "deterministic": True},
            "checks": {"enabled": True},
            "phases": phases,
            "operations": [
                {
                    # A change is made by a service whose rules read the stored
                    # data: a date within the case's or the pilot's period,
                    # money left in the quota, a draft that can be reviewed, an
                    # agreement every party has approved, a file's rows. A
                    # schema cannot say which well-formed body passes them, so
                    # the refusal, a 400 with field errors documented on each
                    # of these operations, is an expected answer to data the
                    # schema allows (schemathesis' default counts it as a
                    # rejection of valid data). Reads keep the default.
                    "include-method": ["POST", "PATCH"],
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": [
                                *POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
                                "400",
                            ]
                        }
                    },
                },
                {
                    # The conditions are decided by effective-dated rules (data,
                    # not a schema constant): a day before the first of them was
                    # in force is the documented 400 with a field error on `on`.
                    "include-path": "/api/v1/jobseekers/{id}/conditions/",
                    "include-method": "GET",
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": [
                                *POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
                                "400",
                            ]
                        }
                    },
                },
            ],
        }
    )


def _failure(label: str, check: Any, interaction: Any) -> str:
    """One failed check, with the request and the start of the answer."""
    failure = check.failure_info.failure
    line = f"{label} [{check.name}] {failure.title}: {failure.message}"
    if interaction is not None:
        request = interaction.request
        line += f" || {request.method} {request.uri} {request.body!r:.300}"
        if interaction.response is not None:
            line += f" -> {interaction.response.content[:300]!r}"
    return line


def _run(url: str, key: str, examples: int, phases: dict[str, Any]) -> Totals:
    schema = schemathesis.openapi.from_url(
        f"{url}/api/v1/schema/?format=json", config=_config(key, examples, phases)
    )
    totals = Totals()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            for interaction in recorder.interactions.values():
                totals.requests += 1
                if interaction.response is not None:
                    totals.statuses[interaction.response.status_code] += 1
            totals.operations.add(recorder.label)
            totals.phases[str(event.phase.value)] += len(recorder.interactions)
            for case_id, checks in recorder.checks.items():
                totals.failures.extend(
                    _failure(recorder.label, check, recorder.interactions.get(case_id))
                    for check in checks
                    if check.failure_info is not None
                )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            totals.failures.append(f"error: {event}")
    return totals


@pytest.fixture
def api_keys(
    register: Register,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
    employment_area: Organisation,
    partner_organisation: Organisation,
) -> dict[str, str]:
    """Data in both municipalities, two cases referred to a partner with
    consent, and a token for each user the contract is checked as."""
    today = timezone.localdate()
    case = register(dt.date(2025, 5, 2))
    other_case = register(
        dt.date(2025, 5, 2),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    appropriation_services.decision_record(
        case=case,
        actor=case.caseworker,  # type: ignore[arg-type]
        appropriation="pay_subsidy",
        decided_on=dt.date(2025, 5, 20),
        starts_on=dt.date(2025, 6, 1),
        ends_on=dt.date(2025, 8, 31),
        amount_cents=100_000,
        employer_name="Testi Oy",
        employer_business_id="0201256-6",
        subsidy_percent=50,
        municipality_own_post=True,
    )
    agreement = PartnershipAgreement.objects.create(
        name="Työpajasopimus", status="in_force", valid_from=dt.date(2024, 1, 1)
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
    for referred in (case, other_case):
        referral_services.referral_create(
            case=referred,
            partner=partner_organisation,
            agreement=agreement,
            purpose="Työpaja",
            consent_given_on=today,
            consent_scope=["contact"],
            valid_from=today,
            valid_until=today + dt.timedelta(days=30),
            actor=referred.caseworker,  # type: ignore[arg-type]
        )
    keys = {}
    for label, organisation, role in (
        ("Kalajoki caseworker", municipality, "caseworker"),
        ("area coordinator", employment_area, "coordinator"),
        ("Heinola caseworker", other_municipality, "caseworker"),
        ("Heinola coordinator", other_municipality, "coordinator"),
        ("partner", partner_organisation, "partner_worker"),
    ):
        keys[label] = api_token_create(
            name=f"schemathesis {label}",
            organisation=organisation,
            role=role,
            actor=None,
        )[1]
    return keys


@pytest.mark.contract
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_operation_keeps_its_contract(
    live_server: Any, api_keys: dict[str, str], request: pytest.FixtureRequest
) -> None:
    report = {}
    examples, enabled = _plan(request.config)
    phases = {
        name: {"enabled": name in enabled}
        for name in ("examples", "coverage", "fuzzing", "stateful")
    }
    users = os.environ.get("POLKU_CONTRACT_USERS")
    for label, key in api_keys.items():
        if users and label not in users.split(","):
            continue
        totals = _run(live_server.url, key, examples, phases)
        report[label] = totals
        print(  # noqa: T201 (the totals the closing note quotes)
            f"{label}: {totals.requests} requests, "
            f"{len(totals.failures)} failures, {dict(totals.statuses)}, "
            f"{dict(totals.phases)}"
        )
    # Every operation the authorization matrix knows was exercised.
    labels = {f"{m.upper()} {path}" for path, m in API_OPERATIONS}
    for totals in report.values():
        assert labels <= totals.operations
    failures = [f"{label}: {f}" for label, t in report.items() for f in t.failures]
    if os.environ.get("POLKU_CONTRACT_REPORT"):
        Path(os.environ["POLKU_CONTRACT_REPORT"]).write_text("\n".join(failures))
    assert failures == [], "\n".join(failures)
