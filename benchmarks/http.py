"""Page scenarios through real HTTP: gunicorn with production settings and
compose's worker count, on the synthetic Finland (issue 21).

    python -m benchmarks.http --size 100000 --out docs/benchmark-http-100000.json
    make bench-http SIZE=100000

Loads the data set (benchmarks.synthetic) into `bench_<db>_<size>` unless a
kept one of the same size and seed is there (it is kept afterwards unless
`--drop`), starts gunicorn as docker-compose.yml does (3 workers,
max-requests 1000, config.gunicorn) with config.settings.production plus the
floor views (benchmarks.floor_settings), signs the personas in, and times
`--repeat` sequential GETs per scenario from one client: p50 and p95. Each
page scenario also times its floor (benchmarks.floors: the same rows from
one hand-written statement through the same middleware) and reports the
ratio of the p95s (page and floor requests in turn, so that both meet the
same machine). Then `--users` clients request pages with no think time
for `--duration` seconds: pages per second, p95 and errors. The results
JSON records the commit, the machine and the load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks.data import with_benchmark_database
from benchmarks.run import _database_url, _free_port
from benchmarks.run import _get as _status_of_get

WORKERS = 3  # docker-compose.yml: ${GUNICORN_WORKERS:-3}
PAGE_TARGET_MS = 50
API_TARGET_MS = 30


@dataclass
class Scenario:
    name: str
    persona: str
    path: str
    floor: str | None = None
    detail: str = ""
    paths: list[str] = field(default_factory=list)
    floors: list[str] = field(default_factory=list)


@dataclass
class Measured:
    scenario: str
    persona: str
    p50_ms: float
    p95_ms: float
    floor_p50_ms: float | None
    floor_p95_ms: float | None
    ratio_p95: float | None
    target_ms: int
    detail: str


def start_server(
    workers: int, *, database_url: str | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn as docker-compose.yml starts it, on loopback, connected to
    `database_url` (default: this process's database)."""
    from config.settings._defaults import DEV_ENVIRONMENT

    port = _free_port()
    env = {
        **os.environ,
        **{k: os.environ.get(k, v) for k, v in DEV_ENVIRONMENT.items()},
        "DJANGO_SETTINGS_MODULE": "benchmarks.floor_settings",
        "DATABASE_URL": database_url or _database_url(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no redirect to https (a proxy does TLS).
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "CELERY_BROKER_URL": os.environ.get(
            "CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/0"
        ),
    }
    # The image collects the static files when it is built (Dockerfile);
    # production's manifest storage refuses to render a page without them.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--keep-alive",
            "5",
            "--max-requests",
            "1000",
            "--max-requests-jitter",
            "100",
            "--worker-tmp-dir",
            "/dev/shm",  # noqa: S108 - as docker-compose.yml
            "--config",
            "python:config.gunicorn",
            "--access-logfile",
            "-",
        ],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            msg = "gunicorn exited"
            raise RuntimeError(msg)
        try:
            if asyncio.run(_get(port, "/healthz", ""))[0] == 200:
                return server, port
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(0.3)
    server.terminate()
    msg = "gunicorn did not start"
    raise RuntimeError(msg)


async def _get(port: int, path: str, cookie: str) -> tuple[int, float]:
    """benchmarks.run's GET (its own connection, the whole response read):
    the status and the milliseconds it took."""
    started = time.perf_counter()
    status = await _status_of_get(port, path, cookie)
    return status, (time.perf_counter() - started) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# --- Personas and scenarios ---------------------------------------------------


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def _one(sql: str, params: list[Any] | None = None) -> Any:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()


def _all(sql: str, params: list[Any] | None = None) -> list[Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall())


def personas() -> dict[str, tuple[str, str]]:
    """persona -> (username, description), chosen from the data."""
    found: dict[str, tuple[str, str]] = {}
    # The caseworker with the most active cases in the largest municipality.
    username, cases, org = _one(
        """
        SELECT u.username, count(*), o.name FROM cases_case c
        JOIN accounts_user u ON u.id = c.caseworker_id
        JOIN organisations_organisation o ON o.id = c.organisation_id
        WHERE c.status = 'active' AND c.organisation_id = (
            SELECT id FROM organisations_organisation WHERE kind = 'municipality'
            ORDER BY population DESC NULLS LAST LIMIT 1)
        GROUP BY u.username, o.name ORDER BY count(*) DESC LIMIT 1
        """
    )
    found["caseworker"] = (username, f"{cases} active cases in {org}")
    # Team leads: the largest team in a municipality / in an employment area
    # (the area with most municipalities).
    for persona, kind in (("municipality_team_lead", "municipality"),
                          ("area_team_lead", "employment_area")):  # fmt: skip
        username, members, org = _one(
            """
            SELECT u.username, count(mm.id), o.name
            FROM organisations_membership lead
            JOIN accounts_user u ON u.id = lead.user_id
            JOIN organisations_organisation o ON o.id = lead.organisation_id
            JOIN organisations_membership mm
              ON mm.team_id = lead.team_id AND mm.role = 'caseworker'
            WHERE lead.role = 'team_lead' AND o.kind = %s
            GROUP BY u.username, o.name, o.id
            ORDER BY (SELECT count(*) FROM organisations_organisationrelation r
                      WHERE r.parent_id = o.id AND r.kind = 'member') DESC,
                     (SELECT population FROM organisations_organisation x
                      WHERE x.id = o.id) DESC NULLS LAST,
                     count(mm.id) DESC, u.username
            LIMIT 1
            """,
            [kind],
        )
        found[persona] = (username, f"team of {members} in {org}")
    area = found["area_team_lead"][1].split(" in ", 1)[1]
    (username,) = _one(
        """
        SELECT u.username FROM organisations_membership m
        JOIN accounts_user u ON u.id = m.user_id
        JOIN organisations_organisation o ON o.id = m.organisation_id
        WHERE m.role = 'coordinator' AND o.name = %s
        """,
        [area],
    )
    municipalities = _one(
        "SELECT count(*) FROM organisations_organisationrelation r "
        "JOIN organisations_organisation o ON o.id = r.parent_id "
        "WHERE o.name = %s AND r.kind = 'member'",
        [area],
    )[0]
    found["area_coordinator"] = (username, f"{area}, {municipalities} municipalities")
    username, referred = _one(
        """
        SELECT u.username, count(*) FROM cases_referral r
        JOIN organisations_membership m
          ON m.organisation_id = r.partner_id AND m.role = 'partner_worker'
        JOIN accounts_user u ON u.id = m.user_id
        WHERE r.ended_on IS NULL GROUP BY u.username
        ORDER BY count(*) DESC, u.username LIMIT 1
        """
    )
    found["partner"] = (username, f"{referred} open referrals")
    code = _one(
        "SELECT municipality_code FROM organisations_organisation "
        "WHERE kind = 'municipality' ORDER BY population DESC NULLS LAST LIMIT 1"
    )[0]
    found["municipality_lead"] = (f"bench.lead.{code}", "whole municipality")
    return found


def scenarios(people: dict[str, tuple[str, str]], size: int) -> list[Scenario]:
    user = {p: _one("SELECT id FROM accounts_user WHERE username = %s", [u])[0]
            for p, (u, _d) in people.items()}  # fmt: skip
    found = [
        Scenario("worklist_caseworker", "caseworker", "/work/", "worklist-mine"),
        Scenario(
            "worklist_municipality_team_lead",
            "municipality_team_lead",
            "/work/?scope=team",
            "worklist-team",
        ),
        Scenario(
            "worklist_area_team_lead",
            "area_team_lead",
            "/work/?scope=team",
            "worklist-team",
        ),
        Scenario(
            "worklist_area_team_lead_organisation",
            "area_team_lead",
            "/work/?scope=organisation",
            "worklist-organisation",
        ),
        # A coordinator sees figures, not persons (reporting.permissions):
        # the home page and the indicator dashboard, no worklist.
        Scenario(
            "dashboard_area_coordinator", "area_coordinator", "/reports/dashboard/"
        ),
        Scenario("home_area_coordinator", "area_coordinator", "/"),
        Scenario("partner_case_list", "partner", "/partner/", "partner"),
    ]
    # Jobseeker pages: the caseworker's own clients; the heaviest 1 %.
    own = [
        row[0]
        for row in _all(
            "SELECT jobseeker_id FROM cases_case WHERE caseworker_id = %s "
            "AND status = 'active' ORDER BY id LIMIT 20",
            [user["caseworker"]],
        )
    ]
    found.append(
        Scenario(
            "jobseeker_page",
            "caseworker",
            "",
            paths=[f"/work/jobseekers/{pk}/" for pk in own],
            floors=[f"/bench-floor/jobseeker/?pk={pk}" for pk in own],
            detail=f"{len(own)} of the caseworker's clients",
        )
    )
    # 20 jobseekers spread over the busiest 1 % (by events) of the data
    # set's `size`: the import benchmark (benchmarks.run) adds 100,000
    # people with few events to the kept data set, and 1 % of all people
    # then took in 1,000 lighter pages (50 events against 215 before).
    heavy = _all(
        """
        WITH busiest AS (
            SELECT e.jobseeker_id, count(*) AS n FROM cases_caseevent e
            GROUP BY e.jobseeker_id ORDER BY n DESC, e.jobseeker_id
            LIMIT greatest(1, coalesce(
                %s, (SELECT count(*) FROM cases_jobseeker)) / 100)
        ), numbered AS (
            SELECT b.*, row_number() OVER (ORDER BY n DESC, jobseeker_id) AS rn,
                   count(*) OVER () AS total
            FROM busiest b
        )
        SELECT x.jobseeker_id, x.n, o.municipality_code, x.total
        FROM numbered x
        JOIN cases_jobseeker j ON j.id = x.jobseeker_id
        JOIN organisations_organisation o ON o.id = j.organisation_id
        WHERE (x.rn - 1) %% greatest(1, x.total / 20) = 0
        ORDER BY x.rn LIMIT 20
        """,
        [size or None],
    )
    busiest = heavy[0][3]
    heavy = [(pk, n, code) for pk, n, code, _total in heavy]
    for _pk, _n, code in heavy:
        people.setdefault(f"lead_{code}", (f"bench.lead.{code}", "municipality"))
    found.append(
        Scenario(
            "jobseeker_page_heaviest_1pct",
            "leads",
            "",
            paths=[f"{code}|/work/jobseekers/{pk}/" for pk, _n, code in heavy],
            floors=[
                f"{code}|/bench-floor/jobseeker/?pk={pk}" for pk, _n, code in heavy
            ],
            detail=(
                f"{len(heavy)} of the busiest 1 % ({busiest:,} jobseekers), "
                f"{heavy[-1][1]}-{heavy[0][1]} events each"
            ),
        )
    )
    # API lists at several depths: the largest municipality's lead.
    lead = people["municipality_lead"][0]
    ids = [row[0] for row in _all(
        "SELECT j.id FROM cases_jobseeker j JOIN organisations_organisation o "
        "ON o.id = j.organisation_id WHERE o.municipality_code = %s ORDER BY j.id DESC",
        [lead.rsplit(".", 1)[1]])]  # fmt: skip
    for label, share in (("first", 0.0), ("page_10", None), ("middle", 0.5),
                         ("deep_90pct", 0.9)):  # fmt: skip
        position = min(500, len(ids) - 1) if share is None else int(len(ids) * share)
        before = ids[position - 1] if position else None
        cursor = (
            "?" + urlencode({"cursor": base64.b64encode(
                urlencode({"p": str(before)}).encode()).decode()})
            if before else ""
        )  # fmt: skip
        found.append(
            Scenario(
                f"api_jobseekers_{label}",
                "municipality_lead",
                f"/api/v1/jobseekers/{cursor}",
                "api" + (f"?before={before}" if before else ""),
                detail=f"{len(ids):,} jobseekers, from position {position:,}",
            )
        )
    return found


def measure(options: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    people = personas()
    found = scenarios(people, options.size)
    if getattr(options, "only", None):
        found = [s for s in found if s.name in options.only]
    cookies = {
        persona: session_cookie(username) for persona, (username, _d) in people.items()
    }
    connection.close()
    load_before = os.getloadavg()
    server, port = start_server(options.workers)
    results: list[Measured] = []
    try:
        _warm_up(port, _mix(cookies, found), options.workers)
        for s in found:
            if s.persona == "leads":
                pairs = [p.split("|", 1) for p in s.paths]
                cookie_paths = [(cookies[f"lead_{c}"], p) for c, p in pairs]
                floor_pairs = [p.split("|", 1) for p in s.floors]
                floor_paths = [(cookies[f"lead_{c}"], p) for c, p in floor_pairs]
            else:
                cookie = cookies[s.persona]
                cookie_paths = [(cookie, p) for p in (s.paths or [s.path])]
                floor_paths = [(cookie, p) for p in (s.floors or _floor_path(s))]
            page, floor = _time_pairs(port, cookie_paths, floor_paths, options.repeat)
            p95 = _percentile(page, 0.95)
            floor_p95 = _percentile(floor, 0.95) if floor else None
            result = Measured(
                s.name,
                people[s.persona][0] if s.persona in people else "municipality leads",
                round(statistics.median(page), 1),
                round(p95, 1),
                round(statistics.median(floor), 1) if floor else None,
                round(floor_p95, 1) if floor_p95 else None,
                round(p95 / floor_p95, 2) if floor_p95 else None,
                API_TARGET_MS if s.name.startswith("api_") else PAGE_TARGET_MS,
                s.detail or (people[s.persona][1] if s.persona in people else ""),
            )
            results.append(result)
            print(_row(result), flush=True)
        # `--users 0`: the page scenarios alone.
        concurrent = _concurrent(port, cookies, found, options) if options.users else {}
        print(concurrent, flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {
        "scenarios": [asdict(r) for r in results],
        "concurrent": concurrent,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "personas": {k: v for k, v in people.items() if not k.startswith("lead_")},
    }


def _floor_path(s: Scenario) -> list[str]:
    """ "api?before=9" -> ["/bench-floor/api/?before=9"]."""
    if s.floor is None:
        return []
    name, _sep, query = s.floor.partition("?")
    return [f"/bench-floor/{name}/" + (f"?{query}" if query else "")]


def _time_pairs(
    port: int,
    pairs: list[tuple[str, str]],
    floor_pairs: list[tuple[str, str]],
    repeat: int,
) -> tuple[list[float], list[float]]:
    """`repeat` timings of the page's (cookie, path) pairs and as many of its
    floor's, a page request and a floor request in turn: this kind of
    virtual machine ran the same loop 18 % faster or slower from one
    2-second window to the next, and a page timed in one block and its floor
    in the next took that drift into their ratio."""

    async def run() -> tuple[list[float], list[float]]:
        for cookie, path in [*pairs, *floor_pairs]:
            status, _ms = await _get(port, path, cookie)
            assert status == 200, (path, status)
        page: list[float] = []
        floor: list[float] = []
        for n in range(repeat):
            for timings, chosen in ((page, pairs), (floor, floor_pairs)):
                if chosen:
                    cookie, path = chosen[n % len(chosen)]
                    status, ms = await _get(port, path, cookie)
                    assert status == 200, (path, status)
                    timings.append(ms)
        return page, floor

    return asyncio.run(run())


def _mix(cookies: dict[str, str], found: list[Scenario]) -> list[tuple[str, str]]:
    """(cookie, path) of a few pages of every page scenario."""
    mix: list[tuple[str, str]] = []
    for s in found:
        if s.persona == "leads":
            mix += [(cookies[f"lead_{p.split('|')[0]}"], p.split("|")[1])
                    for p in s.paths[:3]]  # fmt: skip
        else:
            mix += [(cookies[s.persona], p) for p in (s.paths[:5] or [s.path])]
    return mix


def _warm_up(port: int, mix: list[tuple[str, str]], workers: int) -> None:
    """Every page of the mix from `2 x workers` clients at once, so that each
    gunicorn worker has imported and compiled what the pages use before
    the first scenario is timed (its first requests measured the worker's
    start, not the page: a caseworker's worklist p95 of 736 ms)."""

    async def client(offset: int) -> None:
        for k in range(len(mix)):
            cookie, path = mix[(k + offset) % len(mix)]
            await _get(port, path, cookie)

    async def run() -> None:
        await asyncio.gather(*(client(n * 3) for n in range(2 * workers)))

    asyncio.run(run())


def _concurrent(
    port: int,
    cookies: dict[str, str],
    found: list[Scenario],
    options: argparse.Namespace,
) -> dict[str, Any]:
    """`users` clients, no think time, each cycling through the page
    scenarios' pages (worklists, jobseeker pages, partner list, API)."""
    mix = _mix(cookies, found)
    timings: list[float] = []
    errors: list[str] = []

    async def user(n: int, stop_at: float) -> None:
        k = n
        while time.monotonic() < stop_at:
            cookie, path = mix[k % len(mix)]
            k += 7
            try:
                status, ms = await _get(port, path, cookie)
            except OSError as error:
                errors.append(f"{path}: {error}")
                continue
            timings.append(ms)
            if status != 200:
                errors.append(f"{path}: HTTP {status}")

    async def run() -> float:
        stop_at = time.monotonic() + options.duration
        started = time.monotonic()
        await asyncio.gather(*(user(n, stop_at) for n in range(options.users)))
        return time.monotonic() - started

    elapsed = asyncio.run(run())
    return {
        "users": options.users,
        "think_s": 0,
        "seconds": round(elapsed, 1),
        "requests": len(timings),
        "pages_per_s": round(len(timings) / elapsed, 1),
        "p50_ms": round(statistics.median(timings), 1) if timings else None,
        "p95_ms": round(_percentile(timings, 0.95), 1) if timings else None,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "pages": len(mix),
    }


def _row(r: Measured) -> str:
    floor = f"{r.floor_p95_ms:>8.1f}" if r.floor_p95_ms is not None else "       –"
    ratio = f"{r.ratio_p95:>6.2f}" if r.ratio_p95 is not None else "     –"
    verdict = "ok" if r.p95_ms <= r.target_ms else "MISS"
    return (
        f"{r.scenario:<40}{r.p50_ms:>8.1f}{r.p95_ms:>8.1f}{floor}{ratio}"
        f"{r.target_ms:>5} {verdict:<5}{r.detail}"
    )


def _machine() -> dict[str, Any]:
    memory = 0
    with Path("/proc/meminfo").open() as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) // 1024
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "commit": commit,
        "nproc": os.cpu_count(),
        "ram_mib": memory,
        "python": platform.python_version(),
        "date": dt.date.today().isoformat(),  # noqa: DTZ011 - when it was measured
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The data set's size and seed, and how the pages are requested."""
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="these page scenarios only (e.g. while working on one page)",
    )


def load_data_set(options: argparse.Namespace, report: dict[str, Any]) -> Any:
    """The kept data set of this size and seed, or a new one loaded (and
    timed) into the current database; its load and shape go into `report`."""
    from benchmarks import synthetic

    summary = synthetic.kept(size=options.size, seed=options.seed)
    if summary is None:
        summary = synthetic.load(size=options.size, seed=options.seed)
        report["load"] = summary.as_json()
        print(summary.describe(), flush=True)
    else:
        report["load"] = {
            "seconds": round(summary.seconds, 1),
            "rows": summary.rows,
            "reused": True,
        }
    report["shape"] = synthetic.shape()
    # The import benchmark (benchmarks.run) adds its people to the kept data
    # set, 100,000 a run of benchmarks.national: a reused set is larger than
    # its size, which the indicators and the 50 users' mix feel (the page
    # scenarios read the same people whatever the count). Recorded so that
    # a figure says what it was measured on.
    report["jobseekers_now"] = _one("SELECT count(*) FROM cases_jobseeker")[0]
    if report["jobseekers_now"] > options.size:
        print(
            f"note: the kept data set has {report['jobseekers_now']:,} jobseekers "
            f"(earlier runs' imports), not {options.size:,}",
            flush=True,
        )
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--drop", action="store_true", help="drop the database afterwards"
    )
    options = parser.parse_args(argv)
    report: dict[str, Any] = {"machine": _machine(), "size": options.size}

    def run() -> None:
        load_data_set(options, report)
        report.update(measure(options))

    with_benchmark_database(
        run, keep=not options.drop, reuse=True, suffix=str(options.size)
    )
    if options.out is not None:
        options.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {options.out}")


if __name__ == "__main__":
    main()
