"""Streamed export of N jobseekers through the API, as CSV and as XLSX.

    python -m benchmarks.export --rows 100000

Loads N synthetic jobseekers into one municipality, then a caseworker of that
municipality downloads GET /api/v1/jobseekers/export/ (CSV, then XLSX) through
Django's test client, consuming the stream; prints the time, the rows, the
access-log rows written and the process's peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time
from typing import TYPE_CHECKING

from benchmarks.data import load_jobseekers, with_benchmark_database

if TYPE_CHECKING:
    from collections.abc import Iterable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with_benchmark_database(lambda: _run(args.rows, args.seed))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(rows: int, seed: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from audit.models import AccessLog
    from organisations.models import Membership, Organisation

    municipality = Organisation.objects.get(municipality_code="208")
    started = time.perf_counter()
    load_jobseekers(rows, [municipality], random.Random(seed))  # noqa: S311 - synthetic data
    print(f"loaded {rows} jobseekers in {time.perf_counter() - started:.1f} s")
    user = User.objects.create(username="bench.caseworker")
    Membership.objects.create(
        user=user,
        organisation=municipality,
        role="caseworker",
        valid_from=dt.date(2020, 1, 1),
    )
    client = Client()
    client.force_login(user)
    url = reverse("cases-api:jobseeker_export")
    print(f"peak memory before exports: {_peak_mib():.0f} MiB")
    for file_format in ("csv", "xlsx"):
        before = AccessLog.objects.count()
        started = time.perf_counter()
        response = client.get(url, {"file_format": file_format})
        chunks: Iterable[bytes] = response.streaming_content  # type: ignore[attr-defined]
        size = sum(len(chunk) for chunk in chunks)
        elapsed = time.perf_counter() - started
        logged = AccessLog.objects.count() - before
        print(
            f"{file_format}: {rows} rows in {elapsed:.1f} s "
            f"({size / 1_048_576:.1f} MiB, {logged} access-log rows), "
            f"peak memory {_peak_mib():.0f} MiB"
        )


if __name__ == "__main__":
    main()
