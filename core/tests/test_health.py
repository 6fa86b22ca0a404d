from __future__ import annotations

from unittest import mock

from django.test import Client, override_settings


def test_healthz_reports_database_and_eager_broker(client: Client, db: None) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "eager"},
    }


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_healthz_answers_503_when_the_broker_is_down(client: Client, db: None) -> None:
    with mock.patch("core.health.broker_status", side_effect=ConnectionRefusedError):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"


def test_healthz_needs_no_login(client: Client, db: None) -> None:
    assert client.get("/healthz").status_code == 200
