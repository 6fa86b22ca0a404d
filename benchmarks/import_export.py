"""Importing N jobseekers from a Finnish Excel CSV export, then the same file again.

    python -m benchmarks.import_export --rows 100000

Writes a semicolon-separated, BOM-marked CSV of N synthetic jobseekers
(temporary identity codes 900-999, names "Testi Henkilö0000001") for one
municipality, then times, in a throw-away database, what a caseworker's
upload does: the upload and preview (decrypt, read, validate, look every
identity code up through the blind index), and the confirmed run through the
Celery task (eager here) that registers everyone in one transaction: per
person a jobseeker, job search period, case, two events and the initial
interview deadline. The same file is then imported again, which must change
nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from benchmarks.data import importing_caseworker, with_benchmark_database

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

HEADER = "henkilötunnus;etunimet;sukunimi;kuntakoodi;rekisteröintipäivä;kieli;etuus"
BENEFITS = ("työmarkkinatuki", "ansiosidonnainen", "peruspäiväraha", "")
LANGUAGES = ("suomi", "suomi", "suomi", "ruotsi", "viro")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--services",
        type=int,
        default=0,
        help="then import this many service events (the set-based service path)",
    )
    args = parser.parse_args()
    with_benchmark_database(lambda: _run(args.rows, args.services))


def csv_export(
    rows: int, municipality_code: str, *, first_birth: dt.date = dt.date(1960, 1, 1)
) -> bytes:
    """A Finnish Excel "CSV (semicolon)" export of `rows` distinct people."""
    from cases.rules import build_identity_code

    first_registration = dt.date(2025, 1, 2)
    lines = [HEADER]
    for n in range(rows):
        # 100 temporary individual numbers per birth date: unique codes.
        code = build_identity_code(
            first_birth + dt.timedelta(days=n // 100), 900 + n % 100
        )
        registered = first_registration + dt.timedelta(days=n % 300)
        lines.append(
            f"{code};Testi;Henkilö{n:07d};{municipality_code};"
            f"{registered.day}.{registered.month}.{registered.year};"
            f"{LANGUAGES[n % len(LANGUAGES)]};{BENEFITS[n % len(BENEFITS)]}"
        )
    return "\ufeff".encode() + "\r\n".join(lines).encode() + b"\r\n"


@contextmanager
def _timed(label: str, timings: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[label] = timings.get(label, 0.0) + time.perf_counter() - start


def _timing(
    target: Any, name: str, label: str, timings: dict[str, float]
) -> Callable[[], None]:
    """Wrap `target.name` to add its time to `timings[label]`; returns an undo."""
    original = getattr(target, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _timed(label, timings):
            return original(*args, **kwargs)

    setattr(target, name, wrapper)
    return lambda: setattr(target, name, original)


def _import(
    data: bytes, organisation: Any, user: Any, label: str, kind: str = "jobseekers"
) -> tuple[Any, dict[str, float]]:
    from exchange import importers, services

    timings: dict[str, float] = {}
    undo = [
        _timing(importers, "check_file", "check (read, validate, look up)", timings),
        _timing(importers.JobseekerImporter, "write", "write (bulk inserts)", timings),
        _timing(importers.ServiceImporter, "write", "write services (bulk)", timings),
        _timing(services, "_store_check", "store outcome", timings),
        _timing(services, "_run", "run before commit", timings),
    ]
    try:
        start = time.perf_counter()
        batch = services.import_upload(
            organisation=organisation,
            kind=kind,
            file_name=f"{kind}.csv",
            data=data,
            uploaded_by=user,
        )
        uploaded = time.perf_counter()
        batch = services.import_confirm(batch=batch, actor=user)
        done = time.perf_counter()
    finally:
        for restore in undo:
            restore()
    print(
        f"{label}: upload + preview {uploaded - start:.1f} s, "
        f"confirmed run {done - uploaded:.1f} s, total {done - start:.1f} s "
        f"({batch.row_count / (done - start):,.0f} rows/s); status {batch.status}, "
        f"{batch.created_count} new, {batch.unchanged_count} already present, "
        f"{batch.rejected_count} rejected"
    )
    print("   " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    return batch, timings


def service_export(rows: int) -> bytes:
    """Coaching started for the first `rows` people of csv_export."""
    from cases.rules import build_identity_code

    first_birth = dt.date(1960, 1, 1)
    lines = ["henkilötunnus;palvelu;alkoi;päättyi;palveluntuottaja"]
    for n in range(rows):
        code = build_identity_code(
            first_birth + dt.timedelta(days=n // 100), 900 + n % 100
        )
        lines.append(f"{code};coaching;1.11.2025;;Testivalmennus Oy")
    return "\r\n".join(lines).encode() + b"\r\n"


def _run(rows: int, services: int) -> None:
    from django.db import connection

    from cases.models import Case, CaseEvent, JobSearchPeriod, Jobseeker, ProcessStep

    municipality, user = importing_caseworker()
    assert municipality.municipality_code is not None
    start = time.perf_counter()
    data = csv_export(rows, municipality.municipality_code)
    print(
        f"file: {rows} rows, {len(data) / 1e6:.1f} MB, "
        f"written in {time.perf_counter() - start:.1f} s"
    )

    _import(data, municipality, user, "first import")
    counts = {
        model.__name__: model.objects.count()
        for model in (Jobseeker, JobSearchPeriod, Case, CaseEvent, ProcessStep)
    }
    print(
        "   rows in the database: " + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    _import(data, municipality, user, "same file again")
    again = {
        model.__name__: model.objects.count()
        for model in (Jobseeker, JobSearchPeriod, Case, CaseEvent, ProcessStep)
    }
    print(f"   unchanged by the second import: {again == counts}")
    if services:
        _import(
            service_export(min(services, rows)),
            municipality,
            user,
            "service events (set-based service path)",
            kind="service_events",
        )


if __name__ == "__main__":
    main()
