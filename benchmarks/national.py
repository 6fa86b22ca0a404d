"""Issue 21's whole measurement on one synthetic Finland, with a verdict per target.

    make bench SIZE=1000000 OUT=docs/benchmark-national-1000000.json
    python -m benchmarks.national --size 1000000 --fresh --out ...

In order, on `bench_<db>_<size>` (the database `benchmarks.http` and
`benchmarks.run --reuse` use too, kept afterwards):

1. the data set: loaded and timed when `--fresh` or when no kept one of the
   same size and seed is there (item 1: 1,000,000 jobseekers within 10
   minutes), otherwise reused;
2. the page scenarios through real HTTP to gunicorn with production
   settings and compose's worker count, each with its floor, then `--users`
   clients with no think time (`benchmarks.http`);
3. every indicator for every organisation and 24 months as the monthly run
   computes them, and the month-end counts against the best hand-written
   statement (`benchmarks.run`, checked identical);
4. a 100,000-row jobseeker import (upload, preview, confirmed run) and the
   export (`benchmarks.run`).

The verdict lists each target of item 3 with the figure measured and
whether it is met; the JSON records the commit, the machine and the load
average before and after each part. The targets are judged on a quiet
machine: the load average says whether it was one.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks import http
from benchmarks.data import with_benchmark_database

LOAD_TARGET_S = 600
CONCURRENT_PAGES_PER_S = 70
CONCURRENT_P95_MS = 1000
FLOOR_RATIO = 2.0
INDICATORS_TARGET_MS = 60_000
IMPORT_TARGET_MS = 60_000
IMPORT_ROWS = 100_000


def _load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _drop_kept(size: int) -> None:
    """Drop the kept data set of this size, so that the load is timed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection

    name = f"bench_{connection.settings_dict['NAME']}_{size}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
    connection.close()


def verdict(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per target of issue 21 item 3 (and item 1's load time)."""
    lines: list[dict[str, Any]] = []

    def line(target: str, measured: str, met: bool, /) -> None:  # noqa: FBT001
        lines.append({"target": target, "measured": measured, "met": met})

    load = report.get("load", {})
    if not load.get("reused"):
        seconds = load.get("seconds", 0.0)
        line(
            f"data set loaded within {LOAD_TARGET_S} s",
            f"{seconds:.0f} s",
            seconds <= LOAD_TARGET_S,
        )
    for s in report["scenarios"]:
        target = s["target_ms"]
        measured = f"p95 {s['p95_ms']:.1f} ms"
        met = s["p95_ms"] <= target
        # Item 3 holds the page scenarios to 2 x their floors and the API
        # lists to 30 ms; an API list's ratio is reported, not judged.
        judged = s["ratio_p95"] is not None and not s["scenario"].startswith("api_")
        if s["ratio_p95"] is not None:
            measured += f", {s['ratio_p95']:.2f} x floor ({s['floor_p95_ms']:.1f} ms)"
        if judged:
            met = met and s["ratio_p95"] <= FLOOR_RATIO
        floor = f" and <= {FLOOR_RATIO:g} x floor" if judged else ""
        line(f"{s['scenario']}: p95 <= {target} ms{floor}", measured, met)
    c = report["concurrent"]
    # Not measured with `--users 0`: then not judged.
    if c:
        line(
            f"{c['users']} users, no think time: >= {CONCURRENT_PAGES_PER_S} "
            f"pages/s, p95 <= {CONCURRENT_P95_MS} ms, 0 errors",
            f"{c['pages_per_s']} pages/s, p95 {c['p95_ms']} ms, {c['errors']} errors",
            c["pages_per_s"] >= CONCURRENT_PAGES_PER_S
            and (c["p95_ms"] or 0) <= CONCURRENT_P95_MS
            and c["errors"] == 0,
        )
    for r in report["batch"]:
        if r["scenario"] == "indicators_all_24_months":
            line(
                f"all indicators x 24 months <= {INDICATORS_TARGET_MS / 1000:g} s",
                f"{r['p50_ms'] / 1000:.1f} s",
                r["p50_ms"] <= INDICATORS_TARGET_MS,
            )
        elif r["scenario"] == "indicator_counts_24_months":
            line(
                "month-end counts <= 1 x the best hand-written SQL (identical figures)",
                f"{r['p50_ms'] / 1000:.1f} s against {r['baseline_ms'] / 1000:.1f} s "
                f"({r['ratio']:.2f})",
                r["ratio"] is not None and r["ratio"] <= 1.0,
            )
        elif r["scenario"] == "import":
            line(
                f"{report['rows']:,}-row import <= {IMPORT_TARGET_MS / 1000:g} s"
                + ("" if report["rows"] == IMPORT_ROWS else " (issue: 100,000 rows)"),
                f"{r['p50_ms'] / 1000:.1f} s",
                r["p50_ms"] <= IMPORT_TARGET_MS,
            )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    http.add_arguments(parser)
    parser.add_argument("--rows", type=int, default=IMPORT_ROWS, help="import rows")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="load the data set again even if a kept one is there (times the load)",
    )
    parser.add_argument(
        "--drop", action="store_true", help="drop the database afterwards"
    )
    parser.add_argument("--out", type=Path, default=None)
    options = parser.parse_args(argv)
    report: dict[str, Any] = {
        "machine": http._machine(),
        "size": options.size,
        "rows": options.rows,
    }

    def run() -> None:
        from benchmarks import run as batch

        report["load_average_at_start"] = _load_average()
        summary = http.load_data_set(options, report)
        report.update(http.measure(options))
        context = batch._Context(
            options=batch.Options(
                size=options.size,
                seed=options.seed,
                only=("indicators", "import_export"),
                repeat=options.repeat,
                rows=options.rows,
                users=options.users,
                duration=options.duration,
                think=0.0,
                workers=options.workers,
                queue_workers=os.cpu_count() or 1,
                reuse=True,
            ),
            as_of=summary.as_of,
        )
        started = time.perf_counter()
        load_before = _load_average()
        results = batch._indicators(context) + batch._import_export(context)
        report["batch"] = [asdict(r) for r in results]
        report["batch_load_average"] = {
            "before": load_before,
            "after": _load_average(),
            "seconds": round(time.perf_counter() - started, 1),
        }

    if options.fresh:
        _drop_kept(options.size)
    with_benchmark_database(
        run, keep=not options.drop, reuse=True, suffix=str(options.size)
    )
    report["verdict"] = verdict(report)
    width = max(len(v["target"]) for v in report["verdict"])
    for v in report["verdict"]:
        mark = "met" if v["met"] else "MISSED"
        print(f"{v['target']:<{width}}  {v['measured']:<45} {mark}")
    if options.out is not None:
        options.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {options.out}")


if __name__ == "__main__":
    main()
