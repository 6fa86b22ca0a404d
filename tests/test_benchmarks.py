"""The benchmark command on a small data set, so that it cannot rot.

Runs `python -m benchmarks.run` as a fresh clone would (its own throw-away
database `bench_<name>`, its own gunicorn) on 2,000 jobseekers with a
few-second concurrent load, and checks that every scenario reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.run import SCENARIOS

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"scenario", "size", "p50_ms", "p95_ms", "queries", "baseline_ms", "ratio"}


@pytest.fixture
def template(django_db_setup: None, django_db_blocker: Any) -> str:
    """This process's migrated test database, to be copied for the benchmark's
    own database (POLKU_BENCH_TEMPLATE) rather than migrating an empty one.
    Nothing may be connected to a database that is copied: this process's
    connections are closed first."""
    from django.db import connections

    from conftest import _empty_reference_tables

    with django_db_blocker.unblock():
        name = str(connections["default"].settings_dict["NAME"])
        with connections["default"].cursor() as cursor:
            # After a transactional test's flush the reference data are gone
            # until the session ends: then migrate an empty database instead.
            empty = _empty_reference_tables(cursor)
        connections.close_all()
    return "" if empty else name


def _run(
    module: str, *args: str, template: str, timeout: int
) -> subprocess.CompletedProcess[str]:
    """`python -m module args` as a fresh clone would run it; it must succeed."""
    completed = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", module, *args],
        env={**os.environ, "POLKU_BENCH_TEMPLATE": template},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, (
        completed.stdout[-3000:] + completed.stderr[-3000:]
    )
    return completed


@pytest.mark.benchmark
def test_benchmark_smoke_run(tmp_path: Path, template: str) -> None:
    out = tmp_path / "results.json"
    completed = _run(
        "benchmarks.run",
        "--size=2000",
        "--repeat=2",
        "--rows=500",
        "--users=5",
        "--duration=3",
        "--workers=2",
        f"--out={out}",
        template=template,
        timeout=300,
    )
    results = json.loads(out.read_text())
    by_name = {r["scenario"]: r for r in results}
    assert all(set(r) >= KEYS for r in results)
    assert all(r["size"] == 2000 for r in results)
    expected = {
        "load",
        "worklist_first_page",
        "worklist_deep_page",
        "jobseeker_page",
        "api_jobseekers_deep_smallest",
        "indicators_all_24_months",
        "indicator_counts_24_months",
        "eligibility_all",
        "board_pdf",
        "import",
        "export",
        "concurrent_all",
    }
    assert expected <= set(by_name), sorted(by_name)
    assert len(SCENARIOS) == 8
    # The baseline statement computed the very figures of the indicator code.
    assert "identical" in by_name["indicator_counts_24_months"]["detail"]
    assert by_name["indicator_counts_24_months"]["ratio"] > 0
    # The worklist's query count does not depend on the page's depth.
    assert (
        by_name["worklist_first_page"]["queries"]
        == by_name["worklist_deep_page"]["queries"]
    )
    assert " 0 errors" in by_name["concurrent_all"]["detail"]
    assert "size 2,000 jobseekers" in completed.stdout


@pytest.mark.benchmark
def test_national_benchmark_smoke_run(tmp_path: Path, template: str) -> None:
    """benchmarks.national (`make bench`) on 2,000 jobseekers of the synthetic
    Finland: every persona's page answers through gunicorn with production
    settings, each page scenario has its floor, the data has Finland's
    shape, the indicators agree with the hand-written statement, and every
    target of issue 21 gets a verdict."""
    out = tmp_path / "national.json"
    completed = _run(
        "benchmarks.national",
        "--size=2000",
        "--repeat=2",
        "--users=5",
        "--duration=2",
        "--rows=200",
        "--fresh",
        "--drop",
        f"--out={out}",
        template=template,
        timeout=900,
    )
    report = json.loads(out.read_text())
    by_name = {r["scenario"]: r for r in report["scenarios"]}
    assert {
        "worklist_caseworker",
        "worklist_municipality_team_lead",
        "worklist_area_team_lead",
        "dashboard_area_coordinator",
        "partner_case_list",
        "jobseeker_page",
        "jobseeker_page_heaviest_1pct",
        "api_jobseekers_deep_90pct",
    } <= set(by_name)
    without_floor = [
        name
        for name, r in by_name.items()
        if not name.endswith("_area_coordinator") and not r["floor_p95_ms"]
    ]
    assert without_floor == []
    assert report["concurrent"]["errors"] == 0
    areas, smallest, largest = report["shape"]["employment_areas"]
    assert areas >= 40
    assert smallest == 1
    assert largest <= 20
    assert report["machine"]["nproc"]
    assert report["load_average_before"]
    batch = {r["scenario"]: r for r in report["batch"]}
    assert "identical" in batch["indicator_counts_24_months"]["detail"]
    assert batch["import"]["p50_ms"] > 0
    targets = [v["target"] for v in report["verdict"]]
    assert any(t.startswith("data set loaded within") for t in targets)
    assert any(t.startswith("50 users") or "users, no think time" in t for t in targets)
    assert any(t.startswith("month-end counts") for t in targets)
    assert any(t.startswith("200-row import") for t in targets)
    assert len(targets) == len(report["scenarios"]) + 5
    assert "MISSED" in completed.stdout or "met" in completed.stdout


@pytest.mark.benchmark
def test_invoice_months_benchmark_smoke_run(tmp_path: Path, template: str) -> None:
    """benchmarks.invoices --months (issue 23's twelve files) on a few lines:
    every file imports, mostly the same persons month to month, and the
    euro indicators cover twice as many months."""
    out = tmp_path / "invoices.json"
    out.write_text('[{"scenario": "earlier"}]\n')
    _run(
        "benchmarks.invoices",
        "--months=3",
        "--lines=400",
        "--jobseekers=500",
        f"--out={out}",
        template=template,
        timeout=300,
    )
    earlier, months, euros = json.loads(out.read_text())
    assert earlier == {"scenario": "earlier"}
    assert months["scenario"] == "invoice_import_months"
    assert [f["created"] for f in months["files"]] == [400, 400, 400]
    assert [f["month"] for f in months["files"]] == ["2026-08", "2026-09", "2026-10"]
    assert months["commit"]
    assert (euros["scenario"], euros["months"]) == ("euro_indicators", 6)
