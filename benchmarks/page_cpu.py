"""CPU time a page costs its serving process, in-process with production
settings, on a kept synthetic data set (docs/performance.md section 5).

    python -m benchmarks.page_cpu --size 20000 --out docs/page-cpu-20000.json
    python -m benchmarks.page_cpu --size 20000 --profile jobseeker_page

On a shared machine wall-clock timings say more about the neighbours than
about the page; the CPU time of the process serving the request (the
request through the full middleware with Django's test client, its SQL
waited on but not counted) and the number of statements do not. Each
scenario is `--requests` requests after `--warmup` warm-ups per address,
cycling over the scenario's addresses (benchmarks.http's jobseeker pages:
20 of the caseworker's clients, 20 of the busiest 1 %), and its floor
(benchmarks.floors). Reports the median and the minimum in milliseconds.
The data set must have been loaded (benchmarks.http or benchmarks.synthetic
with --keep) with the same size and seed.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SCENARIOS = (
    "jobseeker_page",
    "jobseeker_page_heaviest_1pct",
    "worklist_caseworker",
    "worklist_municipality_team_lead",
    # The area coordinator's indicator dashboard: its cost grows with the
    # organisations and months of figures shown, so the data set needs the
    # monthly runs computed (benchmarks.national's batch part does it).
    "dashboard_area_coordinator",
)


def _environment() -> None:
    """Production settings plus the floor views, as benchmarks.http starts
    gunicorn (loopback, no TLS redirect)."""
    from config.settings._defaults import DEV_ENVIRONMENT

    for name, value in DEV_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.floor_settings"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault(
        "CELERY_BROKER_URL",
        os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/0"),
    )
    # Production's manifest storage renders no page without the collected
    # files (the image collects them when it is built).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )


def _pages(
    name: str, size: int = 0
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(username, path) of the scenario's pages and of its floors (`size`:
    the data set's, 0 for its present count)."""
    from benchmarks import http

    people = http.personas()
    found = {s.name: s for s in http.scenarios(people, size)}
    scenario = found[name]
    if scenario.persona == "leads":
        pages = [tuple(p.split("|", 1)) for p in scenario.paths]
        floors = [tuple(p.split("|", 1)) for p in scenario.floors]
        return (
            [(f"bench.lead.{code}", path) for code, path in pages],
            [(f"bench.lead.{code}", path) for code, path in floors],
        )
    username = people[scenario.persona][0]
    floor_paths = scenario.floors or http._floor_path(scenario)
    return (
        [(username, p) for p in (scenario.paths or [scenario.path])],
        [(username, p) for p in floor_paths],
    )


def _measure(
    pairs: list[tuple[str, str]], *, requests: int, warmup: int
) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    clients: dict[str, Client] = {}
    for username, _path in pairs:
        if username not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(username=username))
            clients[username] = client
    for _round in range(warmup):
        for username, path in pairs:
            assert clients[username].get(path).status_code == 200, path
    statements: list[int] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        statements[-1] += 1
        return execute(sql, *args)

    timings = []
    with connection.execute_wrapper(count):
        for n in range(requests):
            username, path = pairs[n % len(pairs)]
            statements.append(0)
            started = time.process_time()
            response = clients[username].get(path)
            timings.append((time.process_time() - started) * 1000)
            assert response.status_code == 200, path
    return {
        "median_ms": round(statistics.median(timings), 1),
        "min_ms": round(min(timings), 1),
        "statements": sorted(set(statements)),
        "requests": requests,
    }


def _profile(pairs: list[tuple[str, str]], *, requests: int) -> None:
    from django.test import Client

    from accounts.models import User

    clients: dict[str, Client] = {}
    for username, path in pairs:
        if username not in clients:
            clients[username] = Client(HTTP_HOST="127.0.0.1")
            clients[username].force_login(User.objects.get(username=username))
        clients[username].get(path)
    profile = cProfile.Profile()
    profile.enable()
    for n in range(requests):
        username, path = pairs[n % len(pairs)]
        clients[username].get(path)
    profile.disable()
    order = os.environ.get("PROFILE_SORT", "cumulative")
    stats = pstats.Stats(profile, stream=sys.stdout).sort_stats(order)
    # PROFILE_ONLY="/work/main/": the functions whose file matches it.
    stats.print_stats(os.environ.get("PROFILE_ONLY", ""), 70)
    # PROFILE_CALLERS="query.py:87": who calls the functions matching it.
    if callers := os.environ.get("PROFILE_CALLERS"):
        stats.print_callers(callers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--profile", default="", help="cProfile one scenario")
    parser.add_argument("--out", type=Path, default=None)
    options = parser.parse_args(argv)
    _environment()
    report: dict[str, Any] = {"size": options.size, "scenarios": {}}

    def run() -> None:
        from benchmarks import http, synthetic

        if synthetic.kept(size=options.size, seed=1) is None:
            msg = f"no kept data set of {options.size}: run benchmarks.http first"
            raise SystemExit(msg)
        report["machine"] = http._machine()
        report["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
        if options.profile:
            pages, _floors = _pages(options.profile, options.size)
            _profile(pages, requests=options.requests)
            return
        for name in options.only:
            pages, floors = _pages(name, options.size)
            result = {
                "page": _measure(
                    pages, requests=options.requests, warmup=options.warmup
                ),
            }
            if floors:
                result["floor"] = _measure(
                    floors, requests=options.requests, warmup=options.warmup
                )
            report["scenarios"][name] = result
            print(name, json.dumps(result), flush=True)
        report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]

    from benchmarks.data import with_benchmark_database

    with_benchmark_database(run, keep=True, reuse=True, suffix=str(options.size))
    if options.out is not None:
        options.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {options.out}")


if __name__ == "__main__":
    main()
