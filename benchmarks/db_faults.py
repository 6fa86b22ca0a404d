"""Database connections terminated under load: what the users see (issue 20).

    python -m benchmarks.db_faults --users 20 --duration 60 --every 5

Loads the demo data into a throw-away database (`bench_<name>_faults`), starts
gunicorn as docker-compose.yml does (production settings, compose's worker
count and options, the application's own database role) and lets caseworkers,
a team lead and a coordinator of the demo read their pages with no think time.
Every `--every` seconds the database server terminates every connection of the
application role (`pg_terminate_backend`), as a failover or an administrator's
restart would. Reported: requests and statuses during the faults, the requests
that failed and why, and whether every page answers 200 again right after the
last fault. Needs the roles of README "Database roles" (`python -m
config.db_roles`), PostgreSQL and Redis on 127.0.0.1; prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import signal
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.data import with_benchmark_database
from benchmarks.http import session_cookie, start_server
from benchmarks.run import _get, _percentile

# Demo accounts (README, Demo logins): staff who read their worklist and
# their clients' pages, and an area coordinator who reads the dashboard.
CASEWORKERS = (
    "kalajoki.caseworker",
    "ylivieska.caseworker",
    "heinola.caseworker",
    "kalajoki.teamlead",
)
COORDINATORS = ("ykn.coordinator",)


def _app_url(database: str) -> str:
    role = os.environ.get("POLKU_BENCH_APP_ROLE", "polku_app")
    return f"postgres://{role}@127.0.0.1:5432/{database}"


def _sessions() -> list[tuple[str, list[str]]]:
    """A signed-in session cookie and the pages each persona reads."""
    from accounts.models import User
    from cases.models import Case

    sessions = []
    for username in CASEWORKERS + COORDINATORS:
        if username in COORDINATORS:
            paths = ["/reports/", "/quotas/"]
        else:
            user = User.objects.get(username=username)
            jobseekers = Case.objects.filter(
                organisation__in=user.memberships.values("organisation")
            ).values_list("jobseeker_id", flat=True)
            paths = ["/work/"] + [
                f"/work/jobseekers/{pk}/" for pk in jobseekers.order_by("id")[:20]
            ]
        sessions.append((session_cookie(username), paths))
    return sessions


def _terminator(
    database: str, every: float, stop: threading.Event, out: list[float]
) -> None:
    import psycopg

    role = os.environ.get("POLKU_BENCH_APP_ROLE", "polku_app")
    with psycopg.connect(
        "postgres://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as admin:
        while not stop.wait(every):
            rows = admin.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                "FROM pg_stat_activity WHERE datname = %s AND usename = %s",
                [database, role],
            ).fetchone()
            out.append(time.monotonic())
            print(f"  terminated {rows[0] if rows else 0} connections", flush=True)


async def _one(port: int, cookie: str, path: str, out: dict[str, list[Any]]) -> None:
    started = time.perf_counter()
    try:
        status = await _get(port, path, cookie)
    except (OSError, IndexError, ValueError) as error:
        out["failed"].append(f"{path}: {type(error).__name__}")
        return
    out["ms"].append((time.perf_counter() - started) * 1000)
    out["statuses"].append(status)
    if status != 200:
        out["failed"].append(f"{path}: HTTP {status}")


async def _reader(
    port: int,
    cookie: str,
    paths: list[str],
    stop_at: float,
    offset: int,
    out: dict[str, list[Any]],
) -> None:
    n = offset
    while time.monotonic() < stop_at:
        await _one(port, cookie, paths[n % len(paths)], out)
        n += 1


def measure(users: int, duration: float, every: float, workers: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    call_command("demo_data", verbosity=0)
    database = connection.settings_dict["NAME"]
    sessions = _sessions()
    connection.close()
    server, port = start_server(workers, database_url=_app_url(database))
    stop = threading.Event()
    terminations: list[float] = []
    out: dict[str, list[Any]] = {"ms": [], "statuses": [], "failed": []}
    try:
        killer = threading.Thread(
            target=_terminator, args=(database, every, stop, terminations)
        )

        async def load(seconds: float, into: dict[str, list[Any]]) -> None:
            stop_at = time.monotonic() + seconds
            await asyncio.gather(
                *(
                    _reader(port, *sessions[n % len(sessions)], stop_at, n, into)
                    for n in range(users)
                )
            )

        killer.start()
        asyncio.run(load(duration, out))
        stop.set()
        killer.join()
        # Right after the last fault: every persona's every page once.
        after: dict[str, list[Any]] = {"ms": [], "statuses": [], "failed": []}

        async def once() -> None:
            for cookie, paths in sessions:
                for path in paths:
                    await _one(port, cookie, path, after)

        asyncio.run(once())
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    reasons = collections.Counter(f.split(": ", 1)[1] for f in out["failed"])
    return {
        "scenario": "database connections terminated under load",
        "users": users,
        "duration_s": duration,
        "terminations": len(terminations),
        "every_s": every,
        "gunicorn_workers": workers,
        "requests": len(out["statuses"])
        + sum(1 for f in out["failed"] if "HTTP" not in f),
        "ok": out["statuses"].count(200),
        "failed": len(out["failed"]),
        "failed_by_reason": dict(reasons),
        "failed_share": round(len(out["failed"]) / max(1, len(out["statuses"])), 4),
        "p50_ms": round(statistics.median(out["ms"]), 1) if out["ms"] else None,
        "p95_ms": round(_percentile(out["ms"], 0.95), 1) if out["ms"] else None,
        "after_requests": len(after["statuses"]),
        "after_failed": len(after["failed"]),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=3, help="compose's default")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}

    def run() -> None:
        result.update(measure(args.users, args.duration, args.every, args.workers))

    with_benchmark_database(run, suffix="faults")
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
