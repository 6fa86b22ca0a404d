"""What scoping and access logging add to the caseworker's two busiest pages.

    python -m benchmarks.access_overhead --jobseekers 20000 --requests 200

Creates a throw-away test database (test_<name>), bulk-loads synthetic
jobseekers with open deadlines spread over the reference municipalities, and
times the worklist and the jobseeker page through Django's test client in
three variants:

  full       - as in production: membership scoping in SQL + access log
  no-log     - scoping, but access_log_write replaced by a no-op
  unscoped   - neither: lists read every organisation's rows, nothing logged

Prints p50/p95 (ms) and queries per request for each, and the differences.
Run on an otherwise idle machine; absolute numbers depend on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from unittest import mock

if TYPE_CHECKING:
    from collections.abc import Iterator


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def _populate(jobseekers: int, seed: int) -> tuple[Any, list[int]]:
    from accounts.models import User
    from cases import rules
    from cases.models import Case, JobSearchPeriod, Jobseeker, ProcessStep
    from core import crypto
    from organisations.models import Membership, Organisation

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    municipalities = list(Organisation.objects.filter(kind="municipality"))
    own = next(m for m in municipalities if m.municipality_code == "208")
    user = User.objects.create_user("bench.caseworker", password="x" * 12)
    Membership.objects.create(
        user=user, organisation=own, role="caseworker", valid_from=dt.date(2020, 1, 1)
    )
    from django.utils import timezone

    today = timezone.localdate()
    rows = []
    used: set[tuple[dt.date, int]] = set()
    token = crypto.encrypt("benchmark")  # one token: encryption is not measured here
    for n in range(jobseekers):
        municipality = own if n % 10 == 0 else rng.choice(municipalities)
        while True:
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 16000))
            individual = rng.randint(900, 999)
            if (birth, individual) not in used:
                used.add((birth, individual))
                break
        code = rules.build_identity_code(birth, individual)
        rows.append(
            Jobseeker(
                organisation=municipality,
                home_municipality=municipality,
                identity_code_encrypted=token,
                identity_code_index=crypto.blind_index(code),
                first_names=rng.choice(["Aino", "Eero", "Helmi", "Juha"]),
                last_name=f"Testi{n:07d}",
                birth_date=birth,
            )
        )
    Jobseeker.objects.bulk_create(rows, batch_size=5000)
    people = list(Jobseeker.objects.values_list("id", "organisation_id"))
    periods = JobSearchPeriod.objects.bulk_create(
        [
            JobSearchPeriod(
                jobseeker_id=j,
                organisation_id=o,
                started_on=today - dt.timedelta(days=30),
            )
            for j, o in people
        ],
        batch_size=5000,
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                jobseeker_id=p.jobseeker_id,
                job_search_period=p,
                organisation_id=p.organisation_id,
                caseworker=user if p.organisation_id == own.id else None,
                status="active",
                opened_on=p.started_on,
            )
            for p in periods
        ],
        batch_size=5000,
    )
    ProcessStep.objects.bulk_create(
        [
            ProcessStep(
                organisation_id=c.organisation_id,
                case=c,
                jobseeker_id=c.jobseeker_id,
                assignee_id=c.caseworker_id,
                kind="job_search_discussion",
                due_on=today + dt.timedelta(days=rng.randint(-3, 6)),
                counts_from=today - dt.timedelta(days=80),
                counts_from_event="initial_interview",
                rule_code="job_search_discussion/2025-01-01",
            )
            for c in cases
        ],
        batch_size=5000,
    )
    own_ids = [j for j, o in people if o == own.id]
    return user, own_ids


@contextmanager
def _variant(name: str) -> Iterator[None]:
    if name == "full":
        yield
        return
    from cases.models import Jobseeker, ProcessStep

    patches: list[Any] = [mock.patch("audit.services.access_log_write", return_value=0)]
    if name == "unscoped":
        patches += [
            mock.patch(
                "cases.selectors.worklist.steps_visible_to",
                side_effect=lambda user: ProcessStep.objects.all(),
            ),
            mock.patch(
                "cases.permissions.get_jobseeker_for_user",
                side_effect=lambda user, pk: Jobseeker.objects.select_related(
                    "organisation", "home_municipality"
                ).get(pk=pk),
            ),
        ]
    for patch in patches:
        patch.start()
    try:
        yield
    finally:
        for patch in patches:
            patch.stop()


def _measure(client: Any, url: str, requests: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        client.get(url)  # warm caches and connections
    timings = []
    queries = 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return timings, queries


ROUNDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobseekers", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Its own database name, so that a benchmark never meets the test suite's.
    connection.settings_dict["TEST"]["NAME"] = f"bench_{old_name}"
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        start = time.perf_counter()
        user, own_ids = _populate(args.jobseekers, args.seed)
        seconds = time.perf_counter() - start
        print(f"loaded {args.jobseekers} jobseekers in {seconds:.1f} s")
        client = Client()
        client.force_login(user)
        pages = {
            "worklist": "/work/",
            "jobseeker page": f"/work/jobseekers/{own_ids[len(own_ids) // 2]}/",
        }
        # Variants alternate in rounds, so that drift on a shared machine
        # (other processes, autovacuum) spreads over all of them alike.
        timings: dict[tuple[str, str], list[float]] = {}
        queries: dict[tuple[str, str], int] = {}
        for _round in range(ROUNDS):
            for variant in ("full", "no-log", "unscoped"):
                with _variant(variant):
                    for page, url in pages.items():
                        batch, count = _measure(client, url, args.requests // ROUNDS)
                        timings.setdefault((page, variant), []).extend(batch)
                        queries[(page, variant)] = count
        results: dict[tuple[str, str], tuple[float, float, int]] = {}
        for key, values in timings.items():
            values.sort()
            p95 = values[int(len(values) * 0.95) - 1]
            results[key] = (statistics.median(values), p95, queries[key])
        print(f"\n{'page':<16}{'variant':<10}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
        for (page, variant), (p50, p95, count) in results.items():
            print(f"{page:<16}{variant:<10}{p50:>9.2f}{p95:>9.2f}{count:>9}")
        for page in pages:
            full = results[(page, "full")][0]
            logging_ms = full - results[(page, "no-log")][0]
            both_ms = full - results[(page, "unscoped")][0]
            print(
                f"{page}: logging adds {logging_ms:.2f} ms, "
                f"scoping + logging add {both_ms:.2f} ms (p50)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
