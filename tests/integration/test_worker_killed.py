"""A worker SIGKILLed in the middle of every kind of background run: a new
worker and the sweeper (core.runs) finish each run, with the figures, the
eligibility results, the import's outcome and the PDF's bytes identical to
an undisturbed run (issue 20 item 1).

Runs against CELERY_TEST_BROKER_URL (default redis://127.0.0.1:6379/15) with
real worker processes (tests/integration/run_worker.py); skips without
Redis except in CI.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from typing import TYPE_CHECKING, Any

import pytest

from exchange import services as exchange_services
from exchange.models import ImportBatch
from exchange.tests.files import code, csv_bytes
from pilots import services as pilot_services
from pilots.models import EligibilityResult, EvaluationRun, Pilot
from reporting import services as reporting_services
from reporting.models import BoardReport, IndicatorRun, IndicatorValue
from tests.integration.workers import sweep_runs, wait_for

if TYPE_CHECKING:
    from accounts.models import User
    from core import runs
    from organisations.models import Organisation
    from tests.integration.workers import Workers
    from tests.personas import Register

# The board report is of August; the month computed again is September,
# which the August report does not read (its trends look back).
AUGUST, SEPTEMBER = dt.date(2025, 8, 1), dt.date(2025, 9, 1)
EVALUATED_ON = dt.date(2022, 6, 1)
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _figures(run_id: int) -> list[tuple[Any, ...]]:
    return list(
        IndicatorValue.objects.filter(run_id=run_id)
        .order_by("definition_id", "organisation_id")
        .values_list(
            "definition_id",
            "organisation_id",
            "numerator",
            "denominator",
            "is_withheld",
        )
    )


def _results(pilot: Pilot) -> list[tuple[Any, ...]]:
    return list(
        EligibilityResult.objects.filter(pilot=pilot)
        .order_by("jobseeker_id")
        .values_list("jobseeker_id", "eligible", "clause", "rule_set_id")
    )


def test_every_kind_of_run_ends_done_and_identical_after_a_worker_is_killed(
    broker: None,
    workers: Workers,
    register: Register,
    other_municipality_caseworker: User,
    coordinator: User,
    other_municipality: Organisation,
    employment_area: Organisation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a few people, and undisturbed runs of each kind in this process
    for day in (dt.date(2022, 5, 2), dt.date(2025, 5, 2), dt.date(2025, 8, 5)):
        register(day)
    reporting_services.run_execute(
        run_id=reporting_services.run_start(month=AUGUST, send=False).pk
    )
    month = reporting_services.run_start(month=SEPTEMBER, send=False)
    reporting_services.run_execute(run_id=month.pk)
    undisturbed_figures = _figures(month.pk)
    pilot = Pilot.objects.get(
        organisation__name="Ylivieskan seudun työllisyyden kuntakokeilu"
    )
    reference = EvaluationRun.objects.create(pilot=pilot, evaluated_on=EVALUATED_ON)
    reference = pilot_services.evaluation_run_execute(run_id=reference.pk)
    undisturbed_results = _results(pilot)
    rows = [
        [code(500 + n), "Testi", f"Tapetti{n}", "111", "1.3.2025", "", ""]
        for n in range(30)
    ]
    monkeypatch.setattr(exchange_services, "INLINE_ROW_LIMIT", 0)
    # Outside the pilot's area, so that the evaluation's people stay the same.
    batch = exchange_services.import_upload(
        organisation=other_municipality,
        kind="jobseekers",
        file_name="tyonhakijat.csv",
        data=csv_bytes(rows),
        uploaded_by=other_municipality_caseworker,
    )
    predicted = (batch.created_count, batch.rejected_count)

    # when: a slowed worker takes all four and is killed mid-run
    worker = workers.start(1.0)
    started = time.monotonic()
    reporting_services.run_start(month=SEPTEMBER)  # the unpublished month again
    report = reporting_services.board_report_request(
        organisation=employment_area, month=AUGUST, language="fi", user=coordinator
    )
    evaluation = pilot_services.evaluation_run_start(
        pilot=pilot, on=EVALUATED_ON, actor=coordinator
    )
    exchange_services.import_confirm(batch=batch, actor=other_municipality_caseworker)
    live: list[tuple[type[runs.BackgroundRun], int]] = [
        (IndicatorRun, month.pk),
        (BoardReport, report.pk),
        (EvaluationRun, evaluation.pk),
        (ImportBatch, batch.pk),
    ]

    def all_running() -> bool:
        return all(
            m._default_manager.filter(pk=pk, status="running").exists()
            for m, pk in live
        )

    wait_for(all_running, seconds=60)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    killed_after = time.monotonic() - started

    # then: a new worker and the sweeper finish every one
    workers.start(0.0)

    def all_done() -> bool:
        return all(
            m._default_manager.filter(pk=pk, status__in=["done", "failed"]).exists()
            for m, pk in live
        )

    wait_for(all_done, seconds=120, every=sweep_runs)
    recovered_after = time.monotonic() - started
    for model, pk in live:
        run = model._default_manager.get(pk=pk)
        assert (run.status, run.error) == ("done", ""), model
        assert run.attempts >= 2, model  # killed once, finished by the next
    assert _figures(month.pk) == undisturbed_figures
    assert _results(pilot) == undisturbed_results
    evaluation.refresh_from_db()
    assert (evaluation.evaluated, evaluation.eligible) == (
        reference.evaluated,
        reference.eligible,
    )
    batch.refresh_from_db()
    assert (batch.created_count, batch.rejected_count) == predicted
    assert batch.created_count == 30
    # The same report rendered undisturbed, here, gives the same bytes.
    report.refresh_from_db()
    twin = BoardReport.objects.create(
        organisation=report.organisation,
        month=report.month,
        language=report.language,
        run=report.run,
        requested_by=coordinator,
        requested_at=report.requested_at,
    )
    twin = reporting_services.board_report_render(report_id=twin.pk)
    assert bytes(twin.pdf) == bytes(report.pdf)
    print(  # noqa: T201 - the figures for docs/reliability.md
        f"\nkilled after {killed_after:.1f} s, all done after {recovered_after:.1f} s"
    )
