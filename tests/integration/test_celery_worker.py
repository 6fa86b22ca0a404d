"""A real Celery worker consumes a task from Redis and writes to PostgreSQL.

Runs against CELERY_TEST_BROKER_URL (default redis://127.0.0.1:6379/15). Skips
when Redis is unreachable on a developer's machine, but fails in CI (CI=true),
where Redis is part of the environment.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import TYPE_CHECKING

import pytest
import redis

from config.celery import app
from organisations.models import Organisation
from organisations.tasks import reference_data_load_task
from reporting import services as reporting_services
from reporting.models import IndicatorRun, IndicatorValue
from reporting.tasks import previous_month_task, run_execute_many
from tests.integration.broker import BROKER_URL
from tests.integration.workers import reset_broker_pool

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.personas import Register


# serialized_rollback restores the reference data that the flush after a
# transactional test would otherwise remove for the tests that follow.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def real_worker() -> Iterator[None]:
    if not _redis_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI but {BROKER_URL} does not answer.")
        pytest.skip(f"Redis not reachable at {BROKER_URL}; set CELERY_TEST_BROKER_URL.")
    from celery.contrib.testing.worker import start_worker

    # The test broker database is this suite's own: a message left there by an
    # interrupted run (or redelivered after its visibility timeout) would
    # reach this worker and name rows that no longer exist.
    redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).flushdb()
    saved = {
        k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")
    }
    app.conf.update(
        broker_url=BROKER_URL, result_backend=BROKER_URL, task_always_eager=False
    )
    reset_broker_pool()
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=30
        ):
            yield
    finally:
        app.conf.update(saved)
        reset_broker_pool()


def test_a_task_round_trips_through_redis_and_a_real_worker(real_worker: None) -> None:
    result = reference_data_load_task.delay()
    counts = result.get(timeout=60)

    assert result.successful()
    assert counts["municipalities"] == 15
    assert (
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 15
    )


def test_the_monthly_indicator_task_runs_on_a_real_worker(
    real_worker: None, register: Register, municipality: Organisation
) -> None:
    register(dt.date(2025, 8, 5))

    result = previous_month_task.delay(today="2025-09-03")
    run = IndicatorRun.objects.get(pk=result.get(timeout=120))

    assert (run.month, run.status) == (dt.date(2025, 8, 1), "done")
    new_clients = IndicatorValue.objects.get(
        run=run, definition__code="new_clients", organisation=municipality
    )
    assert new_clients.numerator == 1


def test_months_are_queued_as_separate_tasks_on_the_indicators_queue(
    real_worker: None, register: Register, municipality: Organisation
) -> None:
    register(dt.date(2025, 7, 5))
    register(dt.date(2025, 8, 5))
    runs = reporting_services.runs_start(
        months=[dt.date(2025, 7, 1), dt.date(2025, 8, 1)]
    )

    result = run_execute_many([run.pk for run in runs])
    result.get(timeout=120)

    assert {r.status for r in IndicatorRun.objects.all()} == {"done"}
    # Extended results (CELERY_RESULT_EXTENDED) record the queue each came from.
    assert [r.queue for r in result.results or []] == ["indicators", "indicators"]


def test_a_bulk_evaluation_runs_as_one_task_per_municipality_on_a_real_worker(
    real_worker: None, register: Register
) -> None:
    from pilots.models import EvaluationRun, Pilot
    from pilots.tasks import evaluation_run_task

    register(dt.date(2022, 5, 2))
    pilot = Pilot.objects.get(
        organisation__name="Ylivieskan seudun työllisyyden kuntakokeilu"
    )
    run = EvaluationRun.objects.create(pilot=pilot, evaluated_on=dt.date(2022, 6, 1))

    started = evaluation_run_task.delay(run.pk)

    assert started.get(timeout=60) == 5  # member municipalities, one task each
    for _ in range(120):
        run.refresh_from_db()
        if run.status != "running":
            break
        time.sleep(0.5)
    assert (run.status, run.progress_done, run.progress_total) == ("done", 5, 5)
    assert started.queue == "indicators"
