"""schemathesis against the OpenAPI schema, in process: every operation,
called as users of two different organisations (integration tokens), gives
no server error and no response that breaks the schema."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.tokens import api_token_create
from appropriations import services as appropriation_services
from tests.test_authorization_matrix import API_OPERATIONS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from organisations.models import Organisation
    from tests.personas import Register


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    """The schema, called through Polku's own WSGI application in this
    process and test transaction (as Django's test client does, the handler
    must not close the connection at the end of each request)."""
    from config.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_keys(
    register: Register,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: Any,
    employment_area: Organisation,
) -> list[str]:
    """Data in both organisations, and a caseworker's and a coordinator's
    token in each."""
    case = register(dt.date(2025, 5, 2))
    register(
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
    keys = []
    for organisation, role in (
        (municipality, "caseworker"),
        (employment_area, "coordinator"),
        (other_municipality, "caseworker"),
        (other_municipality, "coordinator"),
    ):
        keys.append(
            api_token_create(
                name=f"schemathesis {role}",
                organisation=organisation,
                role=role,
                actor=None,
            )[1]
        )
    return keys


def test_every_operation_keeps_to_the_schema(
    api_schema: Any, api_keys: list[str]
) -> None:
    """Hypothesis draws a few requests per operation from the schema
    (schemathesis' pytest plugin is not used: it does not run on pytest 9)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    failures = []
    for operation in operations:

        @settings(
            max_examples=4,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
            derandomize=True,
            database=None,
        )
        @given(case=operation.as_strategy())
        def call(case: Any) -> None:
            for key in api_keys:
                case.call_and_validate(
                    headers={"Authorization": f"Token {key}"},
                    checks=[not_a_server_error, response_schema_conformance],
                )

        try:
            call()
        except Exception as error:  # collect every operation's failure
            failures.append(f"{operation.label}: {error}")

    # Every operation the authorization matrix knows was exercised here.
    labels = {operation.label for operation in operations}
    assert {f"{m.upper()} {path}" for path, m in API_OPERATIONS} <= labels
    assert failures == [], "\n\n".join(failures)
