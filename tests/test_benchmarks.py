"""The benchmark command on a small data set, so that it cannot rot.

Runs `python -m benchmarks.run` as a fresh clone would (its own throw-away
database `bench_<name>`, its own gunicorn) on 2,000 jobseekers with a
few-second concurrent load, and checks that every scenario reports.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import SCENARIOS

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"scenario", "size", "p50_ms", "p95_ms", "queries", "baseline_ms", "ratio"}


@pytest.mark.benchmark
def test_benchmark_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    completed = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--size=2000",
            "--repeat=2",
            "--rows=500",
            "--users=5",
            "--duration=3",
            "--workers=2",
            f"--out={out}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, (
        completed.stdout[-3000:] + completed.stderr[-3000:]
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
