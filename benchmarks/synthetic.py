"""A realistic, deterministic national-scale data set for the benchmarks.

    python -m benchmarks.synthetic --size 100000 [--seed 1] [--as-of 2026-11-20]
                                   [--keep]

Spreads `size` jobseekers over every municipality of the reference data in
proportion to its population, with 24 months of history ending on `as_of`
(default today): ages, languages, benefit types and unemployment durations
drawn from skewed distributions, earlier ended job searches, cases with
caseworkers and exits, statutory steps (about 12 % of open cases have a
missed, overdue discussion), services of every type, job offers, employment
plans, partnership agreements with targets and about 20 case events per
jobseeker.

Identity codes are from the temporary range 900-999 and names are
"Testi Henkilö0000001": nothing looks like a real person.

Jobseekers go in through COPY (each identity code encrypted and
blind-indexed in worker processes); every other table is filled by one
set-based INSERT ... SELECT, its pseudo-random choices made by hashing the
row id with the seed (`pg_temp.u`), so the same size, seed and as-of day give
the same rows and ids. The big tables' indexes (all but primary keys) are
dropped for the load; a second connection vacuums and indexes each table as
soon as it is complete while the first goes on loading. Foreign keys are not
re-checked row by row (session_replication_role, where the database role may
set it): the rows are consistent by construction. With --keep the database is
left in place (`bench_<name>`) for inspection; otherwise it is dropped.
--out writes the summary (wall and CPU seconds per phase, load average) as
JSON.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import datetime as dt
import functools
import itertools
import json
import multiprocessing
import os
import queue
import random
import resource
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks import finland
from benchmarks.data import with_benchmark_database

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.utils import CursorWrapper

# Unemployed jobseekers by age band (share in per cent, 18-24 ... 60-64):
# both ends of working life are over-represented, as in the statistics.
AGE_BANDS: tuple[tuple[int, int], ...] = (
    (18, 10), (25, 12), (30, 12), (35, 11), (40, 10), (45, 10), (50, 11), (55, 13),
    (60, 11),
)  # fmt: skip
BENEFITS = (
    ("earnings_related", 45),
    ("labour_market_subsidy", 30),
    ("basic_allowance", 7),
    ("none", 18),
)
OTHER_LANGUAGES = ("venäjä", "viro", "arabia", "somali", "englanti", "ukraina", "farsi")
OPEN_SHARE = 0.62  # of jobseekers whose latest job search is still running
MISSED_SHARE = 0.12  # of open cases with an overdue (missed) discussion
HEAVY_SHARE = 0.01  # of jobseekers with hundreds of notes, notices and events
ACCESS_LOG_DAYS = 183  # months of access log already there when the run starts
# Half of the events are older than this (days before the as-of day): the
# two connections load a half each.
EVENTS_SPLIT_DAYS = 350
# Big tables whose secondary indexes are built after the load, not during it.
BULK_TABLES = (
    "cases_jobseeker",
    "cases_jobsearchperiod",
    "cases_case",
    "cases_processstep",
    "cases_serviceperiod",
    "cases_joboffer",
    "cases_plan",
    "cases_planversion",
    "cases_caseevent",
    "cases_note",
    "cases_benefitnotice",
    "cases_serviceneedsassessment",
    "cases_referral",
    "audit_accesslog",
)


@dataclass
class LoadSummary:
    size: int
    seed: int
    as_of: dt.date
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    # Wall seconds of each phase on the loading connection.
    steps: dict[str, float] = field(default_factory=dict)
    # CPU seconds of each phase: "client" this process and its encrypting
    # workers, "server" the loader's database backends (the second one's
    # work is counted in the phase it overlapped; PostgreSQL runs on this
    # machine in the benchmarks, else "server" is left out).
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)
    # What the second connection did meanwhile (seconds per task).
    background: dict[str, float] = field(default_factory=dict)
    load_average: dict[str, list[float]] = field(default_factory=dict)

    def describe(self) -> str:
        counts = ", ".join(f"{table} {n:,}" for table, n in self.rows.items())
        phases = ", ".join(f"{name} {s:.1f} s" for name, s in self.steps.items())
        per_person = self.rows.get("cases_caseevent", 0) / max(self.size, 1)
        return (
            f"loaded {self.size:,} jobseekers in {self.seconds:.1f} s "
            f"({per_person:.1f} events per jobseeker)\n  {counts}\n  {phases}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "seconds": round(self.seconds, 1),
            "steps": {k: round(v, 1) for k, v in self.steps.items()},
            "cpu": {
                k: {who: round(s, 1) for who, s in v.items()}
                for k, v in self.cpu.items()
            },
            "background": {k: round(v, 1) for k, v in self.background.items()},
            "load_average": self.load_average,
            "rows": self.rows,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument(
        "--keep", action="store_true", help="leave the bench_ database in place"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="write the summary here as JSON"
    )
    args = parser.parse_args()

    def run() -> None:
        summary = load(size=args.size, seed=args.seed, as_of=args.as_of)
        print(summary.describe())
        if args.out is not None:
            report = {"machine": {"nproc": os.cpu_count()}, **summary.as_json()}
            args.out.write_text(json.dumps(report, indent=2) + "\n")
            print(f"wrote {args.out}")

    with_benchmark_database(run, keep=args.keep)


def _weighted(rng: random.Random, cumulative: list[int], values: list[str]) -> str:
    return values[bisect.bisect_right(cumulative, rng.randrange(cumulative[-1]))]


def load(*, size: int, seed: int = 1, as_of: dt.date | None = None) -> LoadSummary:
    """Fill the (empty, migrated) default database; returns what was loaded."""
    from django.db import connection
    from django.utils import timezone

    summary = LoadSummary(size=size, seed=seed, as_of=as_of or timezone.localdate())
    summary.load_average["before"] = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        is_replica = _prepare(cursor, seed)
        meter = _Meter(summary, _backend_pid(cursor))
        with meter.phase("drop indexes"):
            indexes = _drop_indexes(cursor)
        builder = _Builder(connection, indexes, meter, seed=seed, replica=is_replica)
        # (phase, step, the bulk tables it fills): a table's indexes are
        # built, and the table vacuumed, on the second connection as soon as
        # the table is complete.
        phases: tuple[
            tuple[str, Callable[[CursorWrapper, LoadSummary], None], tuple[str, ...]],
            ...,
        ] = (
            ("organisations", _organisations, ()),
            ("staff", _staff, ()),
            ("jobseekers (COPY)", _jobseekers, ("cases_jobseeker",)),
            (
                "job searches and cases",
                _searches_and_cases,
                ("cases_jobsearchperiod", "cases_case"),
            ),
            ("steps", _steps, ("cases_processstep",)),
            (
                "services, offers, plans",
                _records,
                (
                    "cases_serviceperiod",
                    "cases_joboffer",
                    "cases_plan",
                    "cases_planversion",
                ),
            ),
            ("agreements", _agreements, ()),
            (
                "notes, notices, assessments, referrals",
                _casework,
                (
                    "cases_note",
                    "cases_benefitnotice",
                    "cases_serviceneedsassessment",
                    "cases_referral",
                ),
            ),
            (
                "events",
                functools.partial(_events, builder=builder),
                ("cases_caseevent",),
            ),
            ("access log", _access_log, ("audit_accesslog",)),
        )
        try:
            for name, step, tables in phases:
                with meter.phase(name):
                    step(cursor, summary)
                builder.done(tables)
            # The steps' working tables shared by the two connections.
            cursor.execute("DROP TABLE bench_case, bench_type")
            # The load's connection joins the second one: two builds at a
            # time, the largest tables' last.
            with meter.phase("build indexes, vacuum"):
                builder.finish(cursor)
        finally:
            builder.close()
        with meter.phase("vacuum"):
            # VACUUM as autovacuum would have by now: the visibility map lets
            # index-only scans (the worklist counts) skip the heap. The bulk
            # tables were vacuumed and analysed as they were completed, but
            # the pages a loading statement had pinned were skipped, and none
            # of the last table's could be marked visible to all while the
            # other connection's builds (begun before it was committed) ran:
            # a second pass visits only the pages not yet marked, and has no
            # dead rows to clean from the indexes.
            cursor.execute(f"VACUUM (INDEX_CLEANUP OFF) {', '.join(BULK_TABLES)}")
            cursor.execute(
                "SELECT quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname = current_schema() AND NOT tablename = ANY(%s)",
                [list(BULK_TABLES)],
            )
            rest = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(rest)}")
        if is_replica:
            # RESET needs the same privilege as SET: an owner that is not a
            # superuser (the tests' polku_owner) may do neither.
            cursor.execute("RESET session_replication_role")
        for table in BULK_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            summary.rows[table] = int(cursor.fetchone()[0])
    summary.seconds = time.perf_counter() - started
    summary.load_average["after"] = [round(x, 2) for x in os.getloadavg()]
    _remember(summary)
    return summary


def _backend_pid(cursor: CursorWrapper | Any) -> int:
    cursor.execute("SELECT pg_backend_pid()")
    return int(cursor.fetchone()[0])


class _Meter:
    """Wall and CPU time of each phase into the summary."""

    def __init__(self, summary: LoadSummary, pid: int) -> None:
        self.summary = summary
        self.pids = [pid]

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        wall, client, server = time.perf_counter(), self._client(), self._server()
        yield
        self.summary.steps[name] = time.perf_counter() - wall
        cpu = {"client": self._client() - client}
        if server is not None and (now := self._server()) is not None:
            cpu["server"] = now - server
        self.summary.cpu[name] = cpu

    @staticmethod
    def _client() -> float:
        # The encrypting workers are children: counted once they have exited.
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    def _server(self) -> float | None:
        """CPU seconds of the loader's backends so far, read from /proc: the
        benchmarks' PostgreSQL runs on this machine (None where it does not)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return None
            # utime and stime: fields 14 and 15 of proc(5), after "(comm)".
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total


@dataclass
class _Task:
    sql: str
    params: dict[str, Any] | None = None
    done: threading.Event | None = None


class _Builder:
    """Builds the dropped indexes and vacuums each bulk table on a second
    connection while the first one goes on loading: a loading statement
    runs on one core, so the second is otherwise idle. It also loads the
    older half of the events (submit()).

    A table is handed over once nothing writes it any more (CREATE INDEX
    blocks writers, not readers, so the loading statements that read it
    are not held up). Its VACUUM (ANALYZE) comes first, while it has no
    indexes to clean, then the builds; a table with an expression index
    is analysed after its builds instead (the statistics of an expression
    index's values are gathered only once the index exists)."""

    def __init__(
        self,
        connection: BaseDatabaseWrapper,
        indexes: list[_Index],
        meter: _Meter,
        *,
        seed: int,
        replica: bool,
    ) -> None:
        self.indexes = indexes
        self.meter = meter
        self.tasks: queue.Queue[_Task | None] = queue.Queue()
        self.failed: list[BaseException] = []
        self.lock = threading.Lock()
        self.background: dict[str, float] = meter.summary.background
        self.connection = connection.get_new_connection(
            connection.get_connection_params()
        )
        self.connection.autocommit = True
        with self.connection.cursor() as cursor:
            # As the load's connection: it loads half of the events.
            _session(cursor, seed)
            if replica:
                cursor.execute("SET session_replication_role = replica")
            self.pid = _backend_pid(cursor)
        meter.pids.append(self.pid)
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.thread.start()

    def done(self, tables: tuple[str, ...]) -> None:
        for sql in self._tasks(tables):
            self.tasks.put(_Task(sql))

    def submit(self, sql: str, params: dict[str, Any]) -> threading.Event:
        """Run `sql` on the second connection after what is queued; the
        event is set when it has run (or failed: see check())."""
        task = _Task(sql, params, threading.Event())
        self.tasks.put(task)
        assert task.done is not None
        return task.done

    def check(self) -> None:
        if self.failed:
            raise self.failed[0]

    def _tasks(self, tables: tuple[str, ...]) -> list[str]:
        tasks = []
        for table in tables:
            # The costliest builds first (GIN and GiST, then by columns):
            # the last table's longest build should not start last.
            indexes = sorted(
                (i for i in self.indexes if i.table == table),
                key=lambda i: (
                    not any(m in i.create for m in ("USING gin", "USING gist")),
                    -i.create.count(","),
                ),
            )
            if any(i.expressions for i in indexes):
                tasks += [f"VACUUM {table}", *(i.create for i in indexes)]
                tasks.append(f"ANALYZE {table}")
            else:
                # ANALYZE with the VACUUM, not after the builds: waiting
                # for a build on the other connection it would hold up this one.
                tasks += [f"VACUUM (ANALYZE) {table}", *(i.create for i in indexes)]
        return tasks

    def _work(self) -> None:
        with self.connection.cursor() as cursor:
            while (task := self.tasks.get()) is not None:
                self._run(cursor, task, "second connection")

    def _run(self, cursor: Any, task: _Task, who: str) -> None:
        started = time.perf_counter()
        try:
            cursor.execute(task.sql, task.params)
        except BaseException as error:  # re-raised by check() in the main thread
            with self.lock:
                self.failed.append(error)
            raise
        finally:
            if task.done is not None:
                task.done.set()
        with self.lock:
            # "CREATE INDEX name", "VACUUM table" (on which connection).
            label = " ".join(task.sql.split(" ON ", 1)[0].split()[:6])
            self.background[f"{label} ({who})"] = time.perf_counter() - started

    def finish(self, cursor: CursorWrapper) -> None:
        """Take tasks on the load's connection too until none is left."""
        self.tasks.put(None)
        while not self.failed:
            try:
                task = self.tasks.get_nowait()
            except queue.Empty:
                break
            if task is None:
                # The second connection's stop sign: put back for it.
                self.tasks.put(None)
                break
            self._run(cursor, task, "load connection")
        self.thread.join()
        self.check()
        for index in self.indexes:
            if index.attach:
                self._run(cursor, _Task(index.attach), "load connection")

    def close(self) -> None:
        if self.thread.is_alive():
            # Stopping early (an error in the load): let the thread end
            # after its current task.
            with contextlib.suppress(queue.Empty):
                while True:
                    self.tasks.get_nowait()
            self.tasks.put(None)
            self.thread.join()
        self.connection.close()
        self.meter.pids.remove(self.pid)


def _remember(summary: LoadSummary) -> None:
    """Record what was loaded in the throw-away database itself, so that
    `benchmarks.run --reuse` can find a kept data set of the same size."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS benchmark_dataset "
            "(size int, seed int, as_of date, seconds float8, rows jsonb)"
        )
        cursor.execute("DELETE FROM benchmark_dataset")
        cursor.execute(
            "INSERT INTO benchmark_dataset VALUES (%s, %s, %s, %s, %s)",
            [
                summary.size,
                summary.seed,
                summary.as_of,
                summary.seconds,
                json.dumps(summary.rows),
            ],
        )


def kept(*, size: int, seed: int) -> LoadSummary | None:
    """The data set a previous run left in this database, if it has this
    size and seed."""
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT as_of, seconds, rows FROM benchmark_dataset "
                "WHERE size = %s AND seed = %s",
                [size, seed],
            )
            row = cursor.fetchone()
    except DatabaseError:
        return None
    if row is None:
        return None
    rows = row[2] if isinstance(row[2], dict) else json.loads(row[2])
    return LoadSummary(size=size, seed=seed, as_of=row[0], seconds=row[1], rows=rows)


# Both loading connections. The two build an index each at a time, one per
# core: parallel maintenance workers on top would only queue for the CPU.
# synchronous_commit stays on: the load commits a hundred times, and rows
# of an asynchronous commit not yet flushed cannot get their hint bits, so
# the VACUUM right after could not mark their pages visible to all.
_SETTINGS = (
    "SET maintenance_work_mem = '1GB'",
    "SET max_parallel_maintenance_workers = 0",
    "SET work_mem = '256MB'",
)


def _prepare(cursor: CursorWrapper, seed: int) -> bool:
    """Session set-up for the load; True when foreign key checks are off."""
    from django.db import DatabaseError

    # Room for the temporary tables the steps read again and again (they
    # have 1.35 million rows at a million jobseekers); settable only before
    # the session's first temporary table.
    cursor.execute("SET temp_buffers = '512MB'")
    _session(cursor, seed)
    # Skip row-by-row foreign key checks (needs a superuser, as pg_restore
    # --disable-triggers does); for other roles the checks stay on, slower.
    # The loaded tables have no other triggers that an INSERT fires (the
    # django-pgtrigger ones of audit_accesslog refuse UPDATE, DELETE and
    # TRUNCATE only), so replica mode skips nothing that would have changed
    # the rows.
    try:
        cursor.execute("SET session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def _session(cursor: CursorWrapper | Any, seed: int) -> None:
    """What each loading connection needs: pg_temp.u and the settings."""
    # u(k, tag): a uniform [0, 1) number fixed by (row id, tag, seed).
    cursor.execute(
        f"""
        CREATE FUNCTION pg_temp.u(k bigint, tag int) RETURNS float8
        IMMUTABLE LANGUAGE sql AS $$
            SELECT (hashint8extended(k, {int(seed)} * 1000 + tag)
                    & 9007199254740991)::float8 / 9007199254740992.0
        $$
        """
    )
    for setting in _SETTINGS:
        cursor.execute(setting)


def _municipalities() -> list[tuple[int, str, int]]:
    """(id, code, population) of the municipalities of the synthetic Finland."""
    from organisations.models import Organisation

    codes = [code for _n, _r, ms in finland.AREAS for code, _name, _p in ms]
    population = {
        code: people for _n, _r, ms in finland.AREAS for code, _name, people in ms
    }
    return [
        (o.pk, o.municipality_code, population[o.municipality_code])
        for o in Organisation.objects.filter(municipality_code__in=codes).order_by("id")
        if o.municipality_code is not None
    ]


def _areas_since(as_of: dt.date) -> dt.date:
    # The employment areas began on 1 January 2025 (act 380/2023).
    return min(dt.date(2025, 1, 1), as_of - dt.timedelta(days=365))


def _organisations(cursor: CursorWrapper, summary: LoadSummary) -> None:
    """The employment areas of benchmarks.finland, their municipalities (the
    reference data's rows where they exist) and two partner organisations
    per area."""
    from organisations.models import Organisation, OrganisationRelation

    since = _areas_since(summary.as_of)
    source = "Synteettinen suorituskykytestin aineisto"
    existing = {
        o.municipality_code: o
        for o in Organisation.objects.filter(kind="municipality")
        if o.municipality_code
    }
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind="municipality",
                name=name,
                municipality_code=code,
                population=people,
                population_year=2023,
                source=source,
            )
            for _n, _r, ms in finland.AREAS
            for code, name, people in ms
            if code not in existing
        ]
    )
    by_code = {
        o.municipality_code: o for o in Organisation.objects.filter(kind="municipality")
    }
    areas = {o.name: o for o in Organisation.objects.filter(kind="employment_area")}
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind="employment_area", name=name, valid_from=since, source=source
            )
            for name, _r, _ms in finland.AREAS
            if name not in areas
        ]
    )
    areas = {o.name: o for o in Organisation.objects.filter(kind="employment_area")}
    linked = set(
        OrganisationRelation.objects.filter(kind="member").values_list(
            "parent_id", "child_id"
        )
    )
    relations = []
    partners: list[Organisation] = []
    for number, (name, responsible, ms) in enumerate(finland.AREAS, start=1):
        area = areas[name]
        for code, _name, _p in ms:
            child = by_code[code]
            if (area.pk, child.pk) not in linked:
                relations.append(
                    OrganisationRelation(
                        parent=area,
                        child=child,
                        kind="member",
                        is_responsible=code == responsible,
                        valid_from=since,
                        source=source,
                    )
                )
        partners.extend(
            Organisation(
                kind="third_sector",
                name=f"Testikumppani {k} ry (alue {number:02d})",
                source=source,
            )
            for k in (1, 2)
        )
    OrganisationRelation.objects.bulk_create(relations)
    Organisation.objects.bulk_create(partners)


def _organisation_keys() -> dict[str, int]:
    """benchmarks.finland's organisation keys -> ids: municipality codes,
    "area:<n>" and "partner:<n>.<k>"."""
    from organisations.models import Organisation

    keys: dict[str, int] = {
        o.municipality_code: o.pk
        for o in Organisation.objects.filter(kind="municipality")
        if o.municipality_code
    }
    areas = {o.name: o.pk for o in Organisation.objects.filter(kind="employment_area")}
    for number, (name, _r, _ms) in enumerate(finland.AREAS, start=1):
        keys[f"area:{number}"] = areas[name]
    for o in Organisation.objects.filter(
        kind="third_sector", name__startswith="Testikumppani "
    ):
        # Named as _organisations names them: partner k of area number.
        k = o.name.split()[1]
        number = int(o.name.rsplit(" ", 1)[1].rstrip(")"))
        keys[f"partner:{number}.{k}"] = o.pk
    return keys


SLOTS = 2000  # caseworker slots per municipality: a case takes a random slot


def _staff(cursor: CursorWrapper, summary: LoadSummary) -> None:
    """benchmarks.finland's staff plan: caseworkers of areas and
    municipalities in teams with their leads, municipal leads without a team,
    area coordinators and partner workers. Cases go to the caseworkers who
    cover the case's municipality (its own and the area's), each taking a
    share of SLOTS by their caseload weight: caseloads are heavy-tailed."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from organisations.models import Membership, Team

    plans = finland.staff_plan(summary.size, seed=summary.seed, open_share=OPEN_SHARE)
    keys = _organisation_keys()
    password = make_password(None)
    Team.objects.bulk_create(
        [
            Team(organisation_id=keys[organisation], name=key.split("/", 1)[1])
            for plan in plans
            for key, organisation in plan.teams.items()
        ]
    )
    teams = {
        (t.organisation_id, t.name): t.pk
        for t in Team.objects.filter(organisation_id__in=set(keys.values()))
    }
    people = [person for plan in plans for person in plan.people]
    created = User.objects.bulk_create(
        [
            User(username=p.username, password=password, last_name=p.username[6:])
            for p in people
        ]
        + [User(username="bench.system", password=password)],
        batch_size=5000,
    )
    since = summary.as_of - dt.timedelta(days=3 * 365)
    area_since = _areas_since(summary.as_of)
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organisation_id=keys[p.organisation],
                role=p.role,
                team_id=(teams[(keys[p.organisation], p.team)] if p.team else None),
                # Staff employed by an area joined it when the area began.
                valid_from=since if p.organisation.isdigit() else area_since,
            )
            for user, p in zip(created, people, strict=False)
        ],
        batch_size=5000,
    )
    user_ids = {user.username: user.pk for user in created}
    rows: list[tuple[int, int, int, int]] = []
    for plan in plans:
        area_workers = [
            p for p in plan.people
            if p.role == "caseworker" and p.organisation.startswith("area:")
        ]  # fmt: skip
        for code, _name, _p in plan.municipalities:
            pool = area_workers + [
                p for p in plan.people
                if p.role == "caseworker" and p.organisation == code
            ]  # fmt: skip
            total = sum(p.weight for p in pool)
            # Largest remainders: every caseworker of the pool gets a slot.
            shares = [max(1.0, SLOTS * p.weight / total) for p in pool]
            counts = [int(s) for s in shares]
            order = sorted(
                range(len(pool)), key=lambda i: shares[i] - counts[i], reverse=True
            )
            i = 0
            while sum(counts) < SLOTS:
                counts[order[i % len(order)]] += 1
                i += 1
            while sum(counts) > SLOTS:
                j = max(range(len(pool)), key=lambda i: counts[i])
                counts[j] -= 1
            slot = 0
            for person, count in zip(pool, counts, strict=True):
                for _ in range(count):
                    rows.append((keys[code], user_ids[person.username], slot, SLOTS))
                    slot += 1
    cursor.execute(
        "CREATE TEMP TABLE bench_caseworker "
        "(organisation_id bigint, user_id bigint, rn int, n int)"
    )
    with cursor.cursor.copy(
        "COPY bench_caseworker (organisation_id, user_id, rn, n) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute("CREATE INDEX ON bench_caseworker (organisation_id, rn)")
    cursor.execute("ANALYZE bench_caseworker")


# Jobseekers a block of COPY text; blocks the encrypting workers may hold.
JOBSEEKER_BLOCK = 5000
BLOCKS_AHEAD = 8

JOBSEEKER_COLUMNS = (
    "created_at, updated_at, identity_code_encrypted, identity_code_index, "
    "first_names, last_name, birth_date, mother_tongue, other_language, email, "
    "phone, address, home_municipality_id, organisation_id, benefit_days_as_of, "
    "benefit_type, first_residence_on, integration_need, is_immigrant, "
    "lms_days_after_max_allowance, lms_days_for_unemployment, "
    "lms_days_last_12_months, max_allowance_period_exhausted, "
    "months_main_income_social_assistance, under_temporary_protection, "
    "version, home_municipality_registered"
)


def _jobseekers(cursor: CursorWrapper, summary: LoadSummary) -> None:
    """The people, drawn in one process (one random sequence: the same seed
    gives the same people), each identity code encrypted and blind-indexed
    in worker processes, the rows written by one COPY while the workers
    encrypt the next blocks."""
    # Forked, not spawned: the workers inherit the configured settings (the
    # keys) without setting Django up again. They never use the inherited
    # database connection, and exit without closing it.
    context = multiprocessing.get_context("fork")
    # Bounds the blocks drawn ahead of the COPY: Pool.imap would otherwise
    # draw the whole population into memory first.
    ahead = threading.BoundedSemaphore(BLOCKS_AHEAD)
    # Queried before the COPY takes the connection, and in this thread:
    # Pool.imap draws the people in a thread of its own, where the ORM
    # would open (and leave open) a connection of its own.
    people = _people(summary, _municipalities(), ahead)
    with (
        context.Pool(os.cpu_count() or 1) as pool,
        cursor.cursor.copy(
            f"COPY cases_jobseeker ({JOBSEEKER_COLUMNS}) FROM STDIN"
        ) as copy,
    ):
        for block in pool.imap(_jobseeker_lines, people):
            copy.write(block)
            ahead.release()


# One person before encryption: the identity code, then the other columns'
# values in JOBSEEKER_COLUMNS order from last_name on.
Person = tuple[Any, ...]


def _people(
    summary: LoadSummary,
    municipalities: list[tuple[int, str, int]],
    ahead: threading.BoundedSemaphore,
) -> Iterator[tuple[str, list[Person]]]:
    """Blocks of people, drawn from Random(seed) in the order the loader has
    always drawn them."""
    from cases.rules import build_identity_code

    rng = random.Random(summary.seed)  # noqa: S311 - synthetic data
    org_ids = [m[0] for m in municipalities]
    org_cumulative = list(itertools.accumulate(m[2] for m in municipalities))
    benefit_values = [b for b, _w in BENEFITS]
    benefit_cumulative = list(itertools.accumulate(w for _b, w in BENEFITS))
    age_cumulative = list(itertools.accumulate(w for _a, w in AGE_BANDS))
    used: dict[dt.date, int] = {}
    as_of = summary.as_of
    now = dt.datetime.now(tz=dt.UTC).isoformat()
    block: list[Person] = []
    for n in range(1, summary.size + 1):
        band = AGE_BANDS[bisect.bisect_right(age_cumulative, rng.randrange(100))][0]
        while True:
            age_days = (band * 365) + rng.randrange(5 * 365)
            birth = as_of - dt.timedelta(days=age_days)
            # 100 temporary individual numbers (900-999) per birth date.
            taken = used.get(birth, 0)
            if taken < 100:
                used[birth] = taken + 1
                break
        code = build_identity_code(birth, 900 + taken)
        org_id = org_ids[
            bisect.bisect_right(org_cumulative, rng.randrange(org_cumulative[-1]))
        ]
        language = rng.random()
        tongue = (
            "fi"
            if language < 0.84
            else "sv"
            if language < 0.88
            else "se"
            if language < 0.885
            else "other"
        )
        immigrant = rng.random() < (0.85 if tongue == "other" else 0.01)
        protected = immigrant and rng.random() < 0.08
        benefit = _weighted(rng, benefit_cumulative, benefit_values)
        subsidy = benefit == "labour_market_subsidy"
        # The arguments are evaluated in this order: the random draws too.
        block.append(
            (
                code,
                f"Henkilö{n:07d}",
                birth,
                tongue,
                rng.choice(OTHER_LANGUAGES) if tongue == "other" else "",
                org_id,
                as_of - dt.timedelta(days=rng.randrange(60)) if subsidy else None,
                benefit,
                as_of - dt.timedelta(days=rng.randrange(3000)) if immigrant else None,
                immigrant and rng.random() < 0.4,
                immigrant,
                rng.randrange(1500) if subsidy else 0,
                rng.randrange(261) if subsidy else 0,
                benefit == "basic_allowance" and rng.random() < 0.2,
                rng.choice((0, 0, 0, 0, 2, 6, 12)) if subsidy else 0,
                protected,
                not (protected and rng.random() < 0.5),
            )
        )
        if len(block) == JOBSEEKER_BLOCK or n == summary.size:
            ahead.acquire()
            yield now, block
            block = []


def _jobseeker_lines(job: tuple[str, list[Person]]) -> str:
    """A block of people as COPY text, identity codes encrypted (in a worker
    process). The values need no escaping: codes, names and languages have
    no tabs, newlines or backslashes."""
    from core import crypto

    now, people = job
    lines = []
    for (
        code,
        last_name,
        birth,
        tongue,
        other_language,
        org_id,
        benefit_days_as_of,
        benefit,
        first_residence_on,
        integration_need,
        immigrant,
        lms_days,
        lms_12_months,
        exhausted,
        assistance_months,
        protected,
        registered,
    ) in people:
        lines.append(
            f"{now}\t{now}\t\\\\x{crypto.encrypt(code).hex()}\t"
            f"{crypto.blind_index(code)}\tTesti\t{last_name}\t{birth}\t{tongue}\t"
            f"{other_language}\t\t\t\t{org_id}\t{org_id}\t"
            f"{_text(benefit_days_as_of)}\t{benefit}\t{_text(first_residence_on)}\t"
            f"{_text(integration_need)}\t{_text(immigrant)}\t0\t{lms_days}\t"
            f"{lms_12_months}\t{_text(exhausted)}\t{assistance_months}\t"
            f"{_text(protected)}\t1\t{_text(registered)}\n"
        )
    return "".join(lines)


def _text(value: object) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


@dataclass(frozen=True)
class _Index:
    """An index dropped for the load: `create` builds it again, `attach`
    (for a unique constraint) makes it the constraint's index again."""

    table: str
    create: str
    attach: str = ""
    # Statistics of an expression index's values come from ANALYZE after
    # the index is built.
    expressions: bool = False


def _drop_indexes(cursor: CursorWrapper) -> list[_Index]:
    """Drop the bulk tables' indexes but their primary keys', to build each
    once after the load: maintained row by row they cost most when the keys
    are random (the blind index) or the index is a GiST one (a job search's
    exclusion constraint). Primary keys, and unique constraints a foreign
    key refers to, stay."""
    cursor.execute(
        """
        SELECT i.tablename, i.indexname, i.indexdef, x.indexprs IS NOT NULL
        FROM pg_indexes i
        JOIN pg_index x
          ON x.indexrelid = format('%%I.%%I', i.schemaname, i.indexname)::regclass
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY i.indexname
        """,
        [list(BULK_TABLES)],
    )
    found: list[_Index] = []
    for table, name, definition, expressions in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{name}"')
        found.append(_Index(table, definition, expressions=expressions))
    cursor.execute(
        """
        SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid),
               pg_get_indexdef(c.conindid), c.condeferrable, c.condeferred
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE t.relnamespace = current_schema()::regnamespace
          AND t.relname = ANY(%s) AND c.contype IN ('u', 'x')
          AND NOT EXISTS (
              SELECT 1 FROM pg_constraint f
              WHERE f.contype = 'f' AND f.conindid = c.conindid
          )
        ORDER BY c.conname
        """,
        [list(BULK_TABLES)],
    )
    for table, name, kind, constraint, index, deferrable, deferred in cursor.fetchall():
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        if kind == "x":
            # Its build takes the table's lock: no later phase reads it.
            found.append(
                _Index(
                    table, f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {constraint}'
                )
            )
            continue
        # The unique index is built as a plain one (readers go on), and only
        # becomes the constraint's at the end (a moment's exclusive lock).
        timing = (" DEFERRABLE" if deferrable else "") + (
            " INITIALLY DEFERRED" if deferred else ""
        )
        found.append(
            _Index(
                table,
                index,
                attach=(
                    f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" '
                    f'UNIQUE USING INDEX "{name}"{timing}'
                ),
            )
        )
    return found


def _searches_and_cases(cursor: CursorWrapper, summary: LoadSummary) -> None:
    params: dict[str, Any] = {"a": summary.as_of, "open": OPEN_SHARE}
    # An earlier, ended job search for about a third of the people, then the
    # latest one: still running for OPEN_SHARE of them, else ended within the
    # 24 months. Durations are exponential (mean about 8 months) with a tail.
    cursor.execute(
        """
        CREATE TEMP TABLE bench_search AS
        SELECT j.id AS jobseeker_id, j.organisation_id,
               CASE WHEN pg_temp.u(j.id, 1) < %(open)s
                    THEN NULL
                    ELSE %(a)s::date - (pg_temp.u(j.id, 3) * 730)::int END AS ended_on,
               least(1800, (-ln(1 - pg_temp.u(j.id, 2)) * 250)::int) + 1 AS days,
               pg_temp.u(j.id, 4) < 0.35 AS has_earlier
        FROM cases_jobseeker j
        """,
        params,
    )
    status = """
        CASE WHEN pg_temp.u(%s, 7) < 0.70 THEN 'unemployed'
             WHEN pg_temp.u(%s, 7) < 0.82 THEN 'laid_off'
             WHEN pg_temp.u(%s, 7) < 0.90 THEN 'part_time'
             WHEN pg_temp.u(%s, 7) < 0.95 THEN 'threat'
             WHEN pg_temp.u(%s, 7) < 0.98 THEN 'employed'
             ELSE 'in_service' END
    """
    cursor.execute(
        f"""
        INSERT INTO cases_jobsearchperiod
            (created_at, updated_at, jobseeker_id, organisation_id, started_on,
             ended_on, status_at_start)
        SELECT now(), now(), s.jobseeker_id, s.organisation_id,
               s.started_on, s.ended_on, {status % (("s.jobseeker_id + 7",) * 5)}
        FROM (
            SELECT jobseeker_id, organisation_id,
                   coalesce(ended_on, %(a)s::date) - days AS started_on, ended_on
            FROM bench_search
            UNION ALL
            SELECT jobseeker_id, organisation_id,
                   coalesce(ended_on, %(a)s::date) - days
                       - 14 - (pg_temp.u(jobseeker_id, 5) * 400)::int
                       - (least(900, -ln(1 - pg_temp.u(jobseeker_id, 6)) * 200))::int,
                   coalesce(ended_on, %(a)s::date) - days
                       - 14 - (pg_temp.u(jobseeker_id, 5) * 400)::int
            FROM bench_search WHERE has_earlier
        ) s
        ORDER BY s.jobseeker_id, s.started_on
        """,  # noqa: S608 - composed of fixed text
        params,
    )
    cursor.execute(
        """
        INSERT INTO cases_case
            (created_at, updated_at, jobseeker_id, job_search_period_id,
             organisation_id, caseworker_id, status, opened_on, closed_on,
             exit_reason, version)
        SELECT now(), now(), p.jobseeker_id, p.id, p.organisation_id, cw.user_id,
               CASE WHEN p.ended_on IS NOT NULL THEN 'closed'
                    WHEN p.started_on > %(a)s::date - 10 THEN 'new'
                    WHEN pg_temp.u(p.id, 8) < 0.03 THEN 'paused'
                    ELSE 'active' END,
               p.started_on, p.ended_on,
               CASE WHEN p.ended_on IS NULL THEN ''
                    WHEN pg_temp.u(p.id, 9) < 0.40 THEN 'open_market_employment'
                    WHEN pg_temp.u(p.id, 9) < 0.50 THEN 'subsidised_employment'
                    WHEN pg_temp.u(p.id, 9) < 0.65 THEN 'education'
                    WHEN pg_temp.u(p.id, 9) < 0.80 THEN 'out_of_labour_force'
                    WHEN pg_temp.u(p.id, 9) < 0.85 THEN 'moved_away'
                    ELSE 'other' END,
               1
        FROM cases_jobsearchperiod p
        JOIN (SELECT DISTINCT organisation_id, n FROM bench_caseworker) c
          ON c.organisation_id = p.organisation_id
        JOIN bench_caseworker cw
          ON cw.organisation_id = p.organisation_id
         AND cw.rn = (pg_temp.u(p.jobseeker_id, 10) * c.n)::int %% c.n
        ORDER BY p.id
        """,
        {"a": summary.as_of},
    )
    # One row per case with what the later tables need. Not a temporary
    # table: the second connection loads half of the events from it.
    cursor.execute(
        """
        CREATE UNLOGGED TABLE bench_case AS
        SELECT c.id, c.jobseeker_id, c.organisation_id, c.opened_on, c.closed_on,
               c.status, coalesce(c.caseworker_id, 0) AS caseworker_id,
               coalesce(c.closed_on, %(a)s::date) AS until,
               coalesce(c.closed_on, %(a)s::date) - c.opened_on AS span,
               j.benefit_type, j.integration_need,
               -- The busiest HEAVY_SHARE of jobseekers: hundreds of events.
               pg_temp.u(c.jobseeker_id, 40) < %(heavy)s AS heavy
        FROM cases_case c JOIN cases_jobseeker j ON j.id = c.jobseeker_id
        """,
        {"a": summary.as_of, "heavy": HEAVY_SHARE},
    )
    # Temporary tables get no statistics from autovacuum: without them the
    # joins below were planned as nested loops (70 s at 20,000 jobseekers).
    cursor.execute("CREATE UNIQUE INDEX ON bench_case (id)")
    cursor.execute("ANALYZE bench_case")


def _steps(cursor: CursorWrapper, summary: LoadSummary) -> None:
    params: dict[str, Any] = {"a": summary.as_of, "missed": MISSED_SHARE}
    # The initial interview 7 days from registration, then a job search
    # discussion every 91 days until the case ends or today; an open case has
    # its next discussion pending, or MISSED_SHARE of them the last one
    # overdue instead. Some labour market subsidy clients of a year or more
    # wait for an activation plan, some immigrants for an integration plan.
    cursor.execute(
        """
        INSERT INTO cases_processstep
            (created_at, updated_at, organisation_id, case_id, jobseeker_id,
             assignee_id, kind, sequence, status, due_on, counts_from,
             counts_from_event, rule_code, completed_on, paused_on, pause_reason,
             adjustments, overdue_flagged_on)
        SELECT now(), now(), s.organisation_id, s.case_id, s.jobseeker_id,
               s.assignee_id, s.kind, s.sequence, s.status, s.due_on, s.counts_from,
               s.counts_from_event, s.rule_code,
               CASE WHEN s.status <> 'done' THEN NULL
                    WHEN pg_temp.u(s.case_id * 64 + s.sequence, 11) < 0.88
                    THEN s.due_on
                         - (pg_temp.u(s.case_id * 64 + s.sequence, 12) * 6)::int
                    ELSE s.due_on + 1
                         + (pg_temp.u(s.case_id * 64 + s.sequence, 12) * 20)::int END,
               NULL, '', '[]'::jsonb,
               CASE WHEN s.status = 'open' AND s.due_on < %(a)s::date
                    THEN s.due_on + 1 END
        FROM (
            SELECT c.organisation_id, c.id AS case_id, c.jobseeker_id,
                   nullif(c.caseworker_id, 0) AS assignee_id,
                   'initial_interview' AS kind, 1 AS sequence,
                   CASE WHEN c.status = 'new' THEN 'open' ELSE 'done' END AS status,
                   c.opened_on + 7 AS due_on, c.opened_on AS counts_from,
                   'registration' AS counts_from_event,
                   'initial_interview/2025-01-01' AS rule_code
            FROM bench_case c
            UNION ALL
            SELECT c.organisation_id, c.id, c.jobseeker_id,
                   nullif(c.caseworker_id, 0), 'job_search_discussion', k,
                   CASE WHEN c.closed_on IS NULL AND c.status <> 'new'
                             AND k = c.due_count AND c.missed THEN 'open'
                        WHEN k > c.due_count THEN 'open'
                        ELSE 'done' END,
                   c.opened_on + 7 + 91 * k, c.opened_on + 7 + 91 * (k - 1),
                   CASE WHEN k = 1 THEN 'initial_interview'
                        ELSE 'previous_discussion' END,
                   'job_search_discussion/2025-01-01'
            FROM (
                SELECT bc.*, greatest(0, (bc.span - 7) / 91) AS due_count,
                       pg_temp.u(bc.id, 13) < %(missed)s AS missed
                FROM bench_case bc WHERE bc.status <> 'new'
            ) c
            CROSS JOIN LATERAL generate_series(
                1,
                c.due_count + CASE WHEN c.closed_on IS NULL AND NOT
                    (c.missed AND c.due_count > 0) THEN 1 ELSE 0 END
            ) AS k
            UNION ALL
            SELECT c.organisation_id, c.id, c.jobseeker_id,
                   nullif(c.caseworker_id, 0),
                   CASE WHEN c.integration_need THEN 'integration_plan'
                        ELSE 'activation_plan' END,
                   1, 'open',
                   %(a)s::date - 20 + (pg_temp.u(c.id, 14) * 60)::int,
                   %(a)s::date - 50 + (pg_temp.u(c.id, 14) * 60)::int,
                   'trigger',
                   CASE WHEN c.integration_need THEN 'integration_plan/2025-01-01'
                        ELSE 'activation_plan/2026-01-01' END
            FROM bench_case c
            WHERE c.closed_on IS NULL AND c.status <> 'new'
              AND ((c.benefit_type = 'labour_market_subsidy' AND c.span > 365
                    AND pg_temp.u(c.id, 15) < 0.3)
                   OR c.integration_need)
        ) s
        ORDER BY s.case_id, s.kind, s.sequence
        """,
        params,
    )


def _records(cursor: CursorWrapper, summary: LoadSummary) -> None:
    params: dict[str, Any] = {"a": summary.as_of}
    cursor.execute(
        """
        CREATE UNLOGGED TABLE bench_type AS
        SELECT id, code, name, row_number() OVER (ORDER BY id) - 1 AS rn,
               count(*) OVER () AS n
        FROM cases_servicetype
        """
    )
    cursor.execute("ANALYZE bench_type")
    cursor.execute("SELECT id FROM accounts_user WHERE username = 'bench.system'")
    system = cursor.fetchone()[0]
    params["system"] = system
    # 0-3 services a case (55 % have one), of every type in the catalogue.
    cursor.execute(
        """
        INSERT INTO cases_serviceperiod
            (created_at, updated_at, organisation_id, case_id, recorded_by_id,
             service_type_id, provider, started_on, planned_end_on, ended_on,
             end_reason)
        SELECT now(), now(), x.organisation_id, x.id, x.recorded_by, t.id,
               'Testipalvelu Oy', x.started_on, x.started_on + x.days,
               CASE WHEN x.closed_on IS NOT NULL
                    THEN least(x.started_on + x.days,
                               greatest(x.closed_on, x.started_on))
                    WHEN x.started_on + x.days <= %(a)s::date
                    THEN x.started_on + x.days END,
               ''
        FROM (
            SELECT c.*, n,
                   coalesce(nullif(c.caseworker_id, 0), %(system)s) AS recorded_by,
                   c.opened_on + (pg_temp.u(c.id * 4 + n, 16) * c.span)::int
                       AS started_on,
                   20 + (pg_temp.u(c.id * 4 + n, 17) * 180)::int AS days,
                   (pg_temp.u(c.id * 4 + n, 18) * 15)::int AS pick
            FROM bench_case c
            CROSS JOIN LATERAL generate_series(
                1,
                CASE WHEN pg_temp.u(c.id, 19) < 0.45 THEN 0
                     WHEN pg_temp.u(c.id, 19) < 0.80 THEN 1
                     WHEN pg_temp.u(c.id, 19) < 0.95 THEN 2 ELSE 3 END
            ) AS n
            WHERE c.status <> 'new'
        ) x
        JOIN bench_type t ON t.rn = x.pick %% t.n
        ORDER BY x.id, x.started_on, x.n
        """,
        params,
    )
    cursor.execute(
        """
        INSERT INTO cases_joboffer
            (created_at, updated_at, organisation_id, case_id, recorded_by_id,
             offered_on, employer, job_title, vacancy_reference, apply_by,
             outcome, outcome_on)
        SELECT now(), now(), x.organisation_id, x.id, x.recorded_by, x.offered_on,
               'Testityönantaja ' || (x.id %% 500) || ' Oy',
               (ARRAY['Myyjä', 'Varastotyöntekijä', 'Lähihoitaja', 'Siivooja',
                      'Kokki', 'Asentaja', 'Ohjelmoija', 'Kuljettaja'])
                   [1 + (pg_temp.u(x.key, 20) * 8)::int %% 8],
               'TEST-' || x.key, x.offered_on + 14,
               x.outcome,
               CASE WHEN x.outcome <> 'pending' THEN x.offered_on + 14 END
        FROM (
            SELECT c.id, c.organisation_id,
                   coalesce(nullif(c.caseworker_id, 0), %(system)s) AS recorded_by,
                   c.id * 4 + n AS key,
                   c.opened_on + (pg_temp.u(c.id * 4 + n, 21) * c.span)::int
                       AS offered_on,
                   CASE WHEN c.opened_on + (pg_temp.u(c.id * 4 + n, 21) * c.span)::int
                             > %(a)s::date - 21 THEN 'pending'
                        WHEN pg_temp.u(c.id * 4 + n, 22) < 0.35 THEN 'applied'
                        WHEN pg_temp.u(c.id * 4 + n, 22) < 0.45 THEN 'hired'
                        WHEN pg_temp.u(c.id * 4 + n, 22) < 0.80 THEN 'not_selected'
                        WHEN pg_temp.u(c.id * 4 + n, 22) < 0.95 THEN 'did_not_apply'
                        ELSE 'refused' END AS outcome
            FROM bench_case c
            CROSS JOIN LATERAL generate_series(
                1,
                CASE WHEN pg_temp.u(c.id, 23) < 0.65 THEN 0
                     WHEN pg_temp.u(c.id, 23) < 0.88 THEN 1
                     WHEN pg_temp.u(c.id, 23) < 0.97 THEN 2 ELSE 3 END
            ) AS n
            WHERE c.status <> 'new'
        ) x
        ORDER BY x.id, x.offered_on, x.key
        """,
        params,
    )
    # An employment plan agreed at the initial interview for every case past
    # it, revised once for 30 % and 10-30 times for the busiest jobseekers.
    versions = """
        CASE WHEN c.heavy THEN 10 + (pg_temp.u(c.id, 41) * 20)::int
             WHEN pg_temp.u(c.id, 41) < 0.3 THEN 2 ELSE 1 END
    """
    cursor.execute(
        f"""
        INSERT INTO cases_plan
            (created_at, updated_at, organisation_id, case_id, recorded_by_id, kind,
             version)
        SELECT now(), now(), c.organisation_id, c.id,
               coalesce(nullif(c.caseworker_id, 0), %(system)s), 'employment',
               {versions}
        FROM bench_case c WHERE c.status <> 'new'
        ORDER BY c.id
        """,  # noqa: S608 - composed of fixed text
        params,
    )
    cursor.execute(
        """
        INSERT INTO cases_planversion
            (created_at, updated_at, organisation_id, plan_id, created_by_id, number,
             agreed_on, valid_until, goal, services, applications_per_month,
             obligation_reason, contact_channel)
        SELECT now(), now(), p.organisation_id, p.id, p.recorded_by_id, v.n,
               c.opened_on + 7
                   + ((v.n - 1) * greatest(c.span - 7, 0) / p.version)::int,
               NULL,
               'Työllistyminen avoimille työmarkkinoille', '', 4, '', 'e_service'
        FROM cases_plan p JOIN bench_case c ON c.id = p.case_id
        CROSS JOIN LATERAL generate_series(1, p.version) AS v(n)
        ORDER BY p.id, v.n
        """
    )


def _casework(cursor: CursorWrapper, summary: LoadSummary) -> None:
    """Notes, benefit notices, service needs assessments, partner referrals
    (with their guardian grants) and break-the-glass accesses; the busiest
    HEAVY_SHARE of jobseekers have hundreds of notes and dozens of the rest."""
    from django.contrib.auth.models import Permission

    from organisations.models import Organisation
    from organisations.services import organisation_group
    from partners.models import PartnershipAgreement

    params: dict[str, Any] = {"a": summary.as_of}
    cursor.execute("SELECT id FROM accounts_user WHERE username = 'bench.system'")
    params["system"] = cursor.fetchone()[0]
    kela = Organisation.objects.filter(kind="kela").order_by("id").first()
    if kela is None:
        kela = Organisation.objects.create(kind="kela", name="Kela")
    params["kela"] = kela.pk
    # Case rows in the cases' order: the notes of a case are adjacent, as
    # a page that reads one case's notes would find them after a bulk import.
    cursor.execute(
        """
        INSERT INTO cases_note
            (created_at, updated_at, organisation_id, case_id, recorded_by_id, text,
             is_health_related)
        SELECT now(), now(), c.organisation_id, c.id,
               coalesce(nullif(c.caseworker_id, 0), %(system)s),
               'Testimuistiinpano ' || n || ': keskusteltu työnhausta.',
               pg_temp.u(c.id * 512 + n, 43) < 0.05
        FROM bench_case c
        CROSS JOIN LATERAL generate_series(
            1,
            CASE WHEN c.heavy THEN 80 + (pg_temp.u(c.id, 44) * 220)::int
                 ELSE least(40, (-ln(1 - pg_temp.u(c.id, 44)) * 1.5)::int) END
        ) AS n
        ORDER BY c.id, n
        """,
        params,
    )
    cursor.execute(
        """
        INSERT INTO cases_benefitnotice
            (created_at, updated_at, organisation_id, case_id, recorded_by_id, kind,
             sent_on, recipient_id, description)
        SELECT now(), now(), c.organisation_id, c.id,
               coalesce(nullif(c.caseworker_id, 0), %(system)s),
               (ARRAY['refused_job', 'refused_service', 'missed_meeting',
                      'job_search_neglected', 'studies', 'enterprise', 'other'])
                   [1 + (pg_temp.u(c.id * 128 + n, 45) * 7)::int %% 7],
               c.opened_on + (pg_temp.u(c.id * 128 + n, 46) * c.span)::int,
               %(kela)s, 'Testiselvitys työttömyysetuutta varten.'
        FROM bench_case c
        CROSS JOIN LATERAL generate_series(
            1,
            CASE WHEN c.heavy THEN 20 + (pg_temp.u(c.id, 47) * 40)::int
                 WHEN pg_temp.u(c.id, 47) < 0.15 THEN 1
                 WHEN pg_temp.u(c.id, 47) < 0.18 THEN 2 ELSE 0 END
        ) AS n
        ORDER BY c.id, n
        """,
        params,
    )
    # One assessment per case (updated in place, its history in events):
    # the version counts the updates.
    cursor.execute(
        """
        INSERT INTO cases_serviceneedsassessment
            (created_at, updated_at, organisation_id, case_id, recorded_by_id,
             assessed_on, education_level, skills, training_need,
             training_need_notes, work_ability, work_ability_notes,
             social_services_need, health_services_need, rehabilitation_need,
             kela_coordination, language_skills, notes, version)
        SELECT now(), now(), c.organisation_id, c.id,
               coalesce(nullif(c.caseworker_id, 0), %(system)s),
               c.opened_on + least(c.span, 7),
               (ARRAY['basic', 'upper_secondary', 'vocational', 'higher', 'unknown'])
                   [1 + (pg_temp.u(c.id, 48) * 5)::int %% 5],
               '', pg_temp.u(c.id, 49) < 0.3, '',
               (ARRAY['full', 'full', 'full', 'reduced', 'unclear'])
                   [1 + (pg_temp.u(c.id, 50) * 5)::int %% 5],
               '', pg_temp.u(c.id, 51) < 0.1, false, pg_temp.u(c.id, 52) < 0.05,
               pg_temp.u(c.id, 53) < 0.2, '', '',
               CASE WHEN c.heavy THEN 5 + (pg_temp.u(c.id, 54) * 10)::int
                    ELSE 1 + (pg_temp.u(c.id, 54) < 0.2)::int END
        FROM bench_case c
        WHERE c.status <> 'new' AND (c.heavy OR pg_temp.u(c.id, 55) < 0.6)
        ORDER BY c.id
        """,
        params,
    )
    # Partners: each area's two partner organisations under its agreement.
    keys = _organisation_keys()
    agreements = {
        a.name: a.pk
        for a in PartnershipAgreement.objects.filter(name__startswith="Kumppanuus")
    }
    cursor.execute(
        "CREATE TEMP TABLE bench_partner "
        "(municipality_id bigint, k int, partner_id bigint, agreement_id bigint)"
    )
    rows = []
    for number, (name, _r, ms) in enumerate(finland.AREAS, start=1):
        agreement = agreements[f"Kumppanuussopimus – {name}"]
        for k in (1, 2):
            partner = keys[f"partner:{number}.{k}"]
            organisation_group(Organisation.objects.get(pk=partner))
            rows += [(keys[code], k, partner, agreement) for code, _n, _p in ms]
    with cursor.cursor.copy("COPY bench_partner FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute("ANALYZE bench_partner")
    cursor.execute(
        """
        INSERT INTO cases_referral
            (created_at, updated_at, organisation_id, case_id, partner_id,
             agreement_id, purpose_kind, purpose, consent_given_on, consent_scope,
             consent_withdrawn_on, valid_from, valid_until, ended_on, end_reason,
             created_by_id)
        SELECT now(), now(), r.organisation_id, r.id, bp.partner_id,
               bp.agreement_id, r.purpose_kind, '', r.valid_from,
               ARRAY['contact', 'services', 'plans']::varchar[], NULL,
               r.valid_from, r.valid_from + 180,
               CASE WHEN r.closed_on IS NOT NULL AND r.closed_on < r.valid_from + 180
                    THEN greatest(r.closed_on, r.valid_from)
                    WHEN r.valid_from + 180 < %(a)s::date THEN r.valid_from + 180
               END,
               CASE WHEN r.closed_on IS NOT NULL AND r.closed_on < r.valid_from + 180
                    THEN 'case_closed'
                    WHEN r.valid_from + 180 < %(a)s::date THEN 'expired'
                    ELSE '' END,
               coalesce(nullif(r.caseworker_id, 0), %(system)s)
        FROM (
            SELECT c.*, n,
                   greatest(c.opened_on,
                            c.until - 60 * (n - 1)
                                - (pg_temp.u(c.id * 16 + n, 56) * 30)::int)
                       AS valid_from,
                   1 + (pg_temp.u(c.id * 16 + n, 57) * 2)::int %% 2 AS k,
                   (ARRAY['rehabilitative_work', 'work_trial', 'coaching',
                          'multisectoral_service', 'work_ability_assessment'])
                       [1 + (pg_temp.u(c.id * 16 + n, 58) * 5)::int %% 5]
                       AS purpose_kind
            FROM bench_case c
            CROSS JOIN LATERAL generate_series(
                1,
                CASE WHEN c.heavy THEN 3 + (pg_temp.u(c.id, 59) * 5)::int
                     WHEN c.status <> 'new' AND pg_temp.u(c.id, 59) < 0.04 THEN 1
                     ELSE 0 END
            ) AS n
        ) r
        JOIN bench_partner bp ON bp.municipality_id = r.organisation_id AND bp.k = r.k
        ORDER BY r.id, r.n
        """,
        params,
    )
    view_case = Permission.objects.get(
        content_type__app_label="cases", codename="view_case"
    )
    cursor.execute(
        """
        INSERT INTO cases_casegroupobjectpermission
            (permission_id, group_id, content_object_id)
        SELECT DISTINCT %(perm)s, o.group_id, r.case_id
        FROM cases_referral r JOIN organisations_organisation o ON o.id = r.partner_id
        WHERE r.ended_on IS NULL
        """,
        {"perm": view_case.pk},
    )
    # Break-the-glass: a caseworker of another municipality opens the
    # record of one jobseeker in 2,000; 70 % reviewed by the team lead.
    cursor.execute(
        """
        INSERT INTO cases_breakglassaccess
            (user_id, jobseeker_id, organisation_id, reason, opened_at, expires_at,
             reviewed_by_id, reviewed_at, review_note)
        SELECT cw.user_id, b.jobseeker_id, b.organisation_id,
               'Asiakas asioi toisessa toimipisteessä (testiaineisto).',
               b.opened_at, b.opened_at + interval '8 hours',
               CASE WHEN b.reviewed THEN lead.id END,
               CASE WHEN b.reviewed THEN b.opened_at + interval '2 days' END,
               CASE WHEN b.reviewed THEN 'Perusteltu.' ELSE '' END
        FROM (
            SELECT j.id AS jobseeker_id, j.organisation_id,
                   %(a)s::date - (pg_temp.u(j.id, 61) * 180)::int
                       + interval '9 hours' AS opened_at,
                   pg_temp.u(j.id, 62) < 0.7 AS reviewed,
                   (SELECT min(m.id) FROM organisations_organisation m
                    WHERE m.kind = 'municipality' AND m.id <> j.organisation_id
                      AND m.id >= j.organisation_id - 5) AS other_id
            FROM cases_jobseeker j
            WHERE pg_temp.u(j.id, 60) < 0.0005
        ) b
        JOIN bench_caseworker cw ON cw.organisation_id = b.other_id AND cw.rn = 0
        JOIN organisations_organisation o ON o.id = b.organisation_id
        JOIN accounts_user lead ON lead.username = 'bench.lead.' || o.municipality_code
        ORDER BY b.opened_at, b.jobseeker_id
        """,
        params,
    )


def _events(cursor: CursorWrapper, summary: LoadSummary, *, builder: _Builder) -> None:
    """The timeline: what the rows above imply (notes, notices, assessments,
    plan versions, referrals among them) and detail updates; the busiest
    HEAVY_SHARE of jobseekers have hundreds of events.

    In two halves at once, the older on the second connection: an INSERT
    runs on one core. Each half numbers its rows in the one order, the
    newer after the older's count, so the ids are the same as one
    statement's would be."""
    params: dict[str, Any] = {
        "a": summary.as_of,
        "split": summary.as_of - dt.timedelta(days=EVENTS_SPLIT_DAYS),
    }
    rows = """
        FROM (
            SELECT c.organisation_id, c.jobseeker_id, c.id AS case_id,
                   k.kind, c.opened_on + k.shift AS occurred_on,
                   nullif(c.caseworker_id, 0) AS actor_id, 'cases.Case' AS target_type,
                   c.id AS target_id, k.details, c.id * 4 + k.n AS tie, 0 AS branch
            FROM bench_case c
            CROSS JOIN LATERAL (VALUES
                ('registered', 0, '{}'::jsonb, 0),
                ('case_opened', 0, '{}'::jsonb, 1),
                ('case_assigned', 1, '{}'::jsonb, 2)
            ) AS k(kind, shift, details, n)
            UNION ALL
            SELECT c.organisation_id, c.jobseeker_id, c.id, 'case_closed', c.closed_on,
                   nullif(c.caseworker_id, 0), 'cases.Case', c.id,
                   jsonb_build_object('old', 'active', 'new', 'closed',
                                      'exit_reason', cc.exit_reason),
                   c.id * 4 + 3, 1
            FROM bench_case c JOIN cases_case cc ON cc.id = c.id
            WHERE c.closed_on IS NOT NULL
            UNION ALL
            SELECT s.organisation_id, s.jobseeker_id, s.case_id,
                   CASE WHEN s.status = 'done' THEN 'meeting_held'
                        ELSE 'step_overdue' END,
                   CASE WHEN s.status = 'done' THEN s.completed_on
                        ELSE s.due_on + 1 END,
                   CASE WHEN s.status = 'done' THEN s.assignee_id END,
                   'cases.ProcessStep', s.id,
                   CASE WHEN s.status = 'done' THEN jsonb_build_object(
                            'meeting', s.kind,
                            'channel', (ARRAY['office', 'phone', 'video', 'e_service'])
                                [1 + (s.id %% 4)],
                            'on_time', s.completed_on <= s.due_on)
                        ELSE jsonb_build_object('step', s.kind) END,
                   s.id, 2
            FROM cases_processstep s
            WHERE s.kind IN ('initial_interview', 'job_search_discussion')
              AND (s.status = 'done' OR s.due_on < %(a)s::date)
            UNION ALL
            SELECT sp.organisation_id, c.jobseeker_id, sp.case_id, k.kind,
                   CASE WHEN k.kind = 'service_started' THEN sp.started_on
                        ELSE sp.ended_on END,
                   sp.recorded_by_id, 'cases.ServicePeriod', sp.id,
                   jsonb_build_object('service', t.code, 'service_name', t.name),
                   sp.id * 2 + (k.kind = 'service_ended')::int, 3
            FROM cases_serviceperiod sp
            JOIN bench_case c ON c.id = sp.case_id
            JOIN bench_type t ON t.id = sp.service_type_id
            CROSS JOIN (VALUES ('service_started'), ('service_ended')) AS k(kind)
            WHERE k.kind = 'service_started' OR sp.ended_on IS NOT NULL
            UNION ALL
            SELECT o.organisation_id, c.jobseeker_id, o.case_id, k.kind,
                   CASE WHEN k.kind = 'job_offer_made' THEN o.offered_on
                        ELSE o.outcome_on END,
                   o.recorded_by_id, 'cases.JobOffer', o.id,
                   CASE WHEN k.kind = 'job_offer_made' THEN '{}'::jsonb
                        ELSE jsonb_build_object('outcome', o.outcome) END,
                   o.id * 2 + (k.kind = 'job_offer_outcome')::int, 4
            FROM cases_joboffer o
            JOIN bench_case c ON c.id = o.case_id
            CROSS JOIN (VALUES ('job_offer_made'), ('job_offer_outcome')) AS k(kind)
            WHERE k.kind = 'job_offer_made' OR o.outcome <> 'pending'
            UNION ALL
            SELECT v.organisation_id, c.jobseeker_id, c.id, 'plan_version_created',
                   v.agreed_on, v.created_by_id, 'cases.PlanVersion', v.id,
                   jsonb_build_object('plan', 'employment', 'number', v.number), v.id, 5
            FROM cases_planversion v
            JOIN cases_plan p ON p.id = v.plan_id
            JOIN bench_case c ON c.id = p.case_id
            UNION ALL
            SELECT n.organisation_id, c.jobseeker_id, n.case_id, 'note_added',
                   c.opened_on + (pg_temp.u(n.id, 24) * c.span)::int,
                   n.recorded_by_id, 'cases.Note', n.id, '{}'::jsonb, n.id, 6
            FROM cases_note n JOIN bench_case c ON c.id = n.case_id
            UNION ALL
            SELECT b.organisation_id, c.jobseeker_id, b.case_id, 'benefit_notice_sent',
                   b.sent_on, b.recorded_by_id, 'cases.BenefitNotice', b.id,
                   '{}'::jsonb, b.id, 7
            FROM cases_benefitnotice b JOIN bench_case c ON c.id = b.case_id
            UNION ALL
            SELECT s.organisation_id, c.jobseeker_id, s.case_id, 'assessment_recorded',
                   least(c.until,
                         s.assessed_on + (k - 1) * greatest(c.span - 7, 0) / s.version),
                   s.recorded_by_id, 'cases.ServiceNeedsAssessment', s.id,
                   jsonb_build_object('work_ability', s.work_ability), s.id * 64 + k, 8
            FROM cases_serviceneedsassessment s JOIN bench_case c ON c.id = s.case_id
            CROSS JOIN LATERAL generate_series(1, s.version) AS k
            UNION ALL
            SELECT r.organisation_id, c.jobseeker_id, r.case_id, k.kind,
                   CASE WHEN k.kind = 'referral_made' THEN r.valid_from
                        ELSE r.ended_on END,
                   CASE WHEN k.kind = 'referral_made' THEN r.created_by_id END,
                   'partners.Referral', r.id,
                   CASE WHEN k.kind = 'referral_made'
                        THEN jsonb_build_object('partner', r.partner_id,
                                                'scope', to_jsonb(r.consent_scope))
                        ELSE jsonb_build_object('reason', r.end_reason) END,
                   r.id * 2 + (k.kind = 'referral_ended')::int, 9
            FROM cases_referral r JOIN bench_case c ON c.id = r.case_id
            CROSS JOIN (VALUES ('referral_made'), ('referral_ended')) AS k(kind)
            WHERE k.kind = 'referral_made' OR r.ended_on IS NOT NULL
            UNION ALL
            SELECT c.organisation_id, c.jobseeker_id, c.id, 'jobseeker_updated',
                   c.opened_on + (pg_temp.u(c.id * 64 + n, 25) * c.span)::int,
                   nullif(c.caseworker_id, 0), '', NULL, '{}'::jsonb, c.id * 64 + n, 10
            FROM bench_case c
            CROSS JOIN LATERAL generate_series(
                1,
                CASE WHEN c.heavy THEN 20 + (pg_temp.u(c.id, 26) * 40)::int
                     ELSE (pg_temp.u(c.id, 26) * 4)::int END) AS n
        ) e
    """

    # In the order they happened, as production writes them: one
    # jobseeker's events are scattered over the table, not adjacent. A
    # day's events in the order of their source (branch) and row (tie,
    # unique in its branch), whatever plan produced them (the plans change
    # once the tables are analysed). Integers: cheaper to compare than the
    # text columns.
    def insert(where: str) -> str:
        return f"""
        INSERT INTO cases_caseevent
            (id, organisation_id, jobseeker_id, case_id, kind, occurred_on,
             created_at, actor_id, target_type, target_id, details)
        SELECT %(offset)s + row_number() OVER w, e.organisation_id, e.jobseeker_id,
               e.case_id, e.kind, e.occurred_on, now(), e.actor_id, e.target_type,
               e.target_id, e.details
        {rows}
        WHERE {where}
        WINDOW w AS (ORDER BY e.occurred_on, e.branch, e.tie)
        ORDER BY e.occurred_on, e.branch, e.tie
        """

    older = builder.submit(insert("e.occurred_on < %(split)s"), {**params, "offset": 0})
    cursor.execute(
        f"SELECT count(*) {rows} WHERE e.occurred_on < %(split)s",
        params,
    )
    params["offset"] = int(cursor.fetchone()[0])
    cursor.execute(insert("e.occurred_on >= %(split)s"), params)
    older.wait()
    builder.check()
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('cases_caseevent', 'id'), max(id)) "
        "FROM cases_caseevent"
    )


def _access_log(cursor: CursorWrapper, summary: LoadSummary) -> None:
    """ACCESS_LOG_DAYS of access log: each recorded event of that time was
    preceded by its author opening the jobseeker's page; the break-the-glass
    openings; partner workers reading their referred cases once a week."""
    params = {
        "a": summary.as_of,
        "since": summary.as_of - dt.timedelta(days=ACCESS_LOG_DAYS),
    }
    cursor.execute(
        """
        INSERT INTO audit_accesslog
            (occurred_at, user_id, username, roles, organisation_id, jobseeker_id,
             object_type, object_id, action, purpose, path)
        SELECT x.occurred_at, x.user_id, u.username, x.roles, x.organisation_id,
               x.jobseeker_id, 'cases.Jobseeker', x.jobseeker_id, x.action,
               x.purpose, '/work/jobseekers/' || x.jobseeker_id || '/'
        FROM (
            SELECT e.occurred_on + interval '8 hours'
                       + pg_temp.u(e.id, 63) * interval '9 hours' AS occurred_at,
                   e.actor_id AS user_id, 'caseworker' AS roles, e.organisation_id,
                   e.jobseeker_id, 'view' AS action, 'case_work' AS purpose,
                   0 AS branch
            FROM cases_caseevent e
            WHERE e.actor_id IS NOT NULL AND e.occurred_on >= %(since)s
              AND e.occurred_on <= %(a)s
            UNION ALL
            SELECT b.opened_at + interval '1 minute', b.user_id, 'caseworker',
                   b.organisation_id, b.jobseeker_id, 'break_glass', 'break_glass', 1
            FROM cases_breakglassaccess b
            UNION ALL
            SELECT w::date + interval '10 hours', m.user_id, 'partner_worker',
                   r.organisation_id, c.jobseeker_id, 'view', 'partner_referral', 2
            FROM cases_referral r
            JOIN cases_case c ON c.id = r.case_id
            JOIN organisations_membership m
              ON m.organisation_id = r.partner_id AND m.role = 'partner_worker'
            CROSS JOIN LATERAL generate_series(
                greatest(r.valid_from, %(since)s::date)::timestamp,
                coalesce(r.ended_on, least(r.valid_until, %(a)s::date))::timestamp,
                interval '7 days') AS w
            WHERE coalesce(r.ended_on, r.valid_until) >= %(since)s
        ) x
        JOIN accounts_user u ON u.id = x.user_id
        -- Rows equal in these are equal in every column: the same seed
        -- gives the same ids whatever the plan.
        ORDER BY x.occurred_at, x.branch, x.user_id, x.jobseeker_id,
                 x.organisation_id
        """,
        params,
    )


def _agreements(cursor: CursorWrapper, summary: LoadSummary) -> None:
    """A partnership agreement in force for every employment area and pilot,
    with activation and exit targets for its member municipalities."""
    from organisations.models import Organisation
    from partners.models import (
        DataSharingTerm,
        EvaluationTarget,
        PartnershipAgreement,
    )

    start = summary.as_of.replace(day=1) - dt.timedelta(days=2 * 365)
    for parent in Organisation.objects.filter(
        kind__in=["employment_area", "pilot"]
    ).order_by("id"):
        agreement = PartnershipAgreement.objects.create(
            name=f"Kumppanuussopimus – {parent.name}",
            status="in_force",
            valid_from=start,
        )
        # What the area's partner organisations may see of a referred case.
        DataSharingTerm.objects.create(
            agreement=agreement,
            organisation_kind="third_sector",
            categories=["contact", "assessment", "plans", "services"],
            max_days=365,
        )
        EvaluationTarget.objects.bulk_create(
            [
                EvaluationTarget(
                    agreement=agreement,
                    organisation=parent,
                    indicator=indicator,
                    description=description,
                    baseline=baseline,
                    target=target,
                    direction="increase",
                    target_on=summary.as_of.replace(month=12, day=31),
                    source="Synthetic benchmark data",
                )
                for indicator, description, baseline, target in (
                    ("activation_rate", "Aktivointiaste yli 40 %", 25, 40),
                    ("exits_to_employment", "Työhön siirtyneet yli 45 %", 35, 45),
                )
            ]
        )


if __name__ == "__main__":
    main()


def shape() -> dict[str, Any]:
    """What the loaded data set looks like: the figures docs/performance.md
    quotes (areas, staff, caseloads, the heavy tail, the access log)."""
    from django.db import connection

    facts: dict[str, Any] = {}
    queries = {
        "employment_areas": (
            "SELECT count(DISTINCT r.parent_id), min(n), max(n) FROM ("
            " SELECT r.parent_id, count(*) AS n"
            " FROM organisations_organisationrelation r"
            " JOIN organisations_organisation p ON p.id = r.parent_id"
            " WHERE p.kind = 'employment_area' AND r.kind = 'member'"
            " GROUP BY r.parent_id) r"
        ),
        "caseworkers_by_employer": (
            "SELECT count(*) FILTER (WHERE o.kind = 'employment_area'),"
            " count(*) FILTER (WHERE o.kind = 'municipality')"
            " FROM organisations_membership m"
            " JOIN organisations_organisation o ON o.id = m.organisation_id"
            " WHERE m.role = 'caseworker'"
        ),
        "teams_and_leads": (
            "SELECT count(DISTINCT team_id), count(*) FROM organisations_membership"
            " WHERE role = 'team_lead' AND team_id IS NOT NULL"
        ),
        "active_caseload_p50_p99_max": (
            "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n),"
            " percentile_disc(0.99) WITHIN GROUP (ORDER BY n), max(n) FROM ("
            " SELECT count(*) AS n FROM cases_case WHERE status = 'active'"
            " GROUP BY caseworker_id) x"
        ),
        "events_per_jobseeker_p50_p99_max": (
            "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n),"
            " percentile_disc(0.99) WITHIN GROUP (ORDER BY n), max(n) FROM ("
            " SELECT count(*) AS n FROM cases_caseevent GROUP BY jobseeker_id) x"
        ),
        "access_log_rows_days": (
            "SELECT count(*), (max(occurred_at)::date - min(occurred_at)::date)"
            " FROM audit_accesslog"
        ),
        "break_glass_reviewed": (
            "SELECT count(*), count(reviewed_at) FROM cases_breakglassaccess"
        ),
        "referrals_open_and_partner_grants": (
            "SELECT (SELECT count(*) FROM cases_referral WHERE ended_on IS NULL),"
            " (SELECT count(*) FROM cases_casegroupobjectpermission)"
        ),
    }
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql)
            facts[name] = [
                float(v) if v is not None and not isinstance(v, int) else v
                for v in cursor.fetchone()
            ]
    return facts
