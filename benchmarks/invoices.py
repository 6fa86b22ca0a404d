"""Importing a month's municipal-share invoice, and the euro indicators of 24 months.

    python -m benchmarks.invoices --lines 250000 --jobseekers 300000 \\
        --stored-months 24 --out docs/benchmark-invoices.json

In a throw-away database: `--jobseekers` jobseekers of one municipality
(bulk insert, temporary identity codes 900-999), then Kela's itemised
invoice of one month as a semicolon CSV of `--lines` lines (95 % of them
persons Polku knows, 5 % not), imported as a coordinator's upload does it:
upload and preview (read, validate, blind-index every code, look the persons
up), then the confirmed run (Celery, eager here) that writes the invoice
lines in one transaction; then the same file again, which must add nothing.
Line encryption is timed on its own (crypto.encrypt calls).

Issue 23 asks for 12 months of invoices of 1,000,000 jobseekers (about
3,000,000 lines, 250,000 a month) in 5 minutes: one month's file is the unit
a municipality imports, so twelve of them take twelve times the per-file
time (the lookups and the unique index grow with the table; the second run
over a full table shows that cost).

Then `--stored-months` months of `--lines` lines each are inserted
set-based (INSERT ... SELECT) and the euro indicators of every month are
computed as the monthly run does (one grouping-sets statement a month),
against the target of 30 s for 24 months.

`--months 12` is the issue's whole measurement: twelve monthly files of
`--lines` lines imported one after another, each a new month whose persons
are mostly last month's (a tenth of the known persons change each month),
timed file by file and in all against 5 minutes; then the twelve months
before them are stored set-based and the euro indicators of all 24 months
computed:

    python -m benchmarks.invoices --months 12 --lines 250000 \
        --jobseekers 1000000 --out docs/benchmark-invoices.json

`--out` appends the run's results, with the commit and load averages, to
the JSON list in that file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.data import importing_caseworker, with_benchmark_database

FIRST_BIRTH = dt.date(1958, 1, 1)
MONTH = dt.date(2026, 10, 1)
HEADER = (
    "laskunumero;kuntakoodi;laskutuskuukausi;henkilötunnus;etuus;jakso alkaa;"
    "jakso päättyy;maksetut päivät;päiväkertymä;kunnan osuus"
)
BENEFITS = ("tmt", "tmt", "perus", "ansio")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=250_000)
    parser.add_argument("--jobseekers", type=int, default=300_000)
    parser.add_argument("--stored-months", type=int, default=24)
    parser.add_argument(
        "--months",
        type=int,
        default=0,
        help="import this many monthly files in sequence (the issue's 12)",
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    run = (
        functools.partial(_run_months, args.months, args.lines, args.jobseekers)
        if args.months
        else functools.partial(_run, args.lines, args.jobseekers, args.stored_months)
    )
    # The commit measured: HEAD when the run starts (a long run may see
    # commits made meanwhile).
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    with_benchmark_database(lambda: run(results))
    if args.out:
        _append(args.out, results, commit)


def _append(path: Path, results: list[dict[str, Any]], commit: str) -> None:
    """Add the run's results, with the commit measured, to the JSON list."""
    earlier = json.loads(path.read_text()) if path.exists() else []
    earlier += [{"commit": commit, **result} for result in results]
    path.write_text(json.dumps(earlier, indent=2, ensure_ascii=False) + "\n")


def _identity_code(n: int) -> str:
    from cases.rules import build_identity_code

    # 100 temporary individual numbers per birth date: unique codes.
    return build_identity_code(FIRST_BIRTH + dt.timedelta(days=n // 100), 900 + n % 100)


def _jobseekers(count: int, municipality: Any) -> None:
    from cases.models import Jobseeker
    from cases.services import copying
    from core import crypto

    ids = copying.reserve_ids(Jobseeker, count)
    rows = []
    for n, jobseeker_id in enumerate(ids):
        code = _identity_code(n)
        rows.append(
            {
                "id": jobseeker_id,
                "organisation_id": municipality.pk,
                "home_municipality_id": municipality.pk,
                "identity_code_encrypted": crypto.encrypt(code),
                "identity_code_index": crypto.blind_index(code),
                "first_names": "Testi",
                "last_name": f"Henkilö{n:07d}",
                "birth_date": FIRST_BIRTH + dt.timedelta(days=n // 100),
                "benefit_type": "labour_market_subsidy",
            }
        )
    copying.copy_rows(Jobseeker, rows)


def invoice_file(
    lines: int,
    jobseekers: int,
    municipality_code: str,
    *,
    month: dt.date = MONTH,
    shift: int = 0,
) -> bytes:
    """One month's Kela invoice: 95 % known persons, 5 % beyond them; the
    known persons start `shift` jobseekers further on (a month later, a
    tenth of them are others)."""
    from cases.rules.calendar import add_months

    rows = [HEADER]
    known = int(lines * 0.95)
    last = add_months(month, 1) - dt.timedelta(days=1)
    period = (
        f"{month.day}.{month.month}.{month.year};{last.day}.{last.month}.{last.year}"
    )
    for n in range(lines):
        person = (n + shift) % jobseekers if n < known else jobseekers + n
        rows.append(
            f"KELA-{month:%Y%m}-{municipality_code};{municipality_code};"
            f"{month.month}/{month.year};{_identity_code(person)};"
            f"{BENEFITS[n % len(BENEFITS)]};{period};22;"
            f"{100 + n % 1500};{50 + n % 400},{n % 100:02d}"
        )
    return "\r\n".join(rows).encode() + b"\r\n"


def _timed_import(data: bytes, municipality: Any, user: Any) -> dict[str, Any]:
    from core import crypto
    from exchange import importers, services

    encrypt = crypto.encrypt
    spent = {"encrypt": 0.0, "encrypt_calls": 0.0, "check": 0.0, "write": 0.0}

    def timed_encrypt(value: str) -> bytes:
        start = time.perf_counter()
        try:
            return encrypt(value)
        finally:
            spent["encrypt"] += time.perf_counter() - start
            spent["encrypt_calls"] += 1

    check_file = importers.check_file
    write = importers.InvoiceImporter.write_plan

    def timed_check(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return check_file(*args, **kwargs)
        finally:
            spent["check"] += time.perf_counter() - start

    def timed_write(self: Any, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return write(self, *args)
        finally:
            spent["write"] += time.perf_counter() - start

    with (
        mock.patch.object(crypto, "encrypt", timed_encrypt),
        mock.patch.object(importers, "check_file", timed_check),
        mock.patch.object(importers.InvoiceImporter, "write_plan", timed_write),
    ):
        cpu = time.process_time()
        start = time.perf_counter()
        batch = services.import_upload(
            organisation=municipality,
            kind="invoices_kela",
            file_name="kela.csv",
            data=data,
            uploaded_by=user,
        )
        uploaded = time.perf_counter()
        batch = services.import_confirm(batch=batch, actor=user)
        done = time.perf_counter()
        cpu = time.process_time() - cpu
    return {
        "status": batch.status,
        "rows": batch.row_count,
        "created": batch.created_count,
        "unchanged": batch.unchanged_count,
        "rejected": batch.rejected_count,
        "upload_and_preview_s": round(uploaded - start, 1),
        "confirmed_run_s": round(done - uploaded, 1),
        "total_s": round(done - start, 1),
        "rows_per_s": round(batch.row_count / (done - start)),
        # This process's CPU; the rest of the time is PostgreSQL's or waiting.
        "python_cpu_s": round(cpu, 1),
        "check_s": round(spent["check"], 1),
        "write_s": round(spent["write"], 1),
        "encrypt_s": round(spent["encrypt"], 2),
        "encrypt_calls": int(spent["encrypt_calls"]),
    }


def _store_months(
    months: int, lines: int, municipality_id: int, *, before: dt.date = MONTH
) -> float:
    """`months` invoices of `lines` lines each, set-based, before `before`."""
    from django.db import connection

    from cases.rules.calendar import add_months
    from exchange.models import MunicipalShareInvoice, MunicipalShareInvoiceLine

    start = time.perf_counter()
    invoice = MunicipalShareInvoice._meta.db_table
    line = MunicipalShareInvoiceLine._meta.db_table
    with connection.cursor() as cursor:
        for offset in range(1, months + 1):
            month = add_months(before, -offset)
            cursor.execute(
                f"INSERT INTO {invoice} (created_at, updated_at, sender, number, "  # noqa: S608 - model tables
                "municipality_id, month) VALUES (now(), now(), 'kela', %s, %s, %s) "
                "RETURNING id",
                [f"BENCH-{month:%Y%m}", municipality_id, month],
            )
            (invoice_id,) = cursor.fetchone()
            cursor.execute(
                f"INSERT INTO {line} (invoice_id, identity_code_encrypted, "  # noqa: S608 - model tables
                "identity_code_index, jobseeker_id, benefit_type, period_start, "
                "period_end, paid_days, cumulative_days, share_cents, line) "
                "SELECT %s, '\\x00'::bytea, md5(g::text) || md5((g * 7)::text), "
                "NULL, (ARRAY['labour_market_subsidy', 'basic_allowance', "
                "'earnings_related'])[1 + g %% 3], %s, %s, 21.5, 100 + g %% 1500, "
                "5000 + g %% 40000, g + 1 FROM generate_series(1, %s) AS g",
                [invoice_id, month, add_months(month, 1) - dt.timedelta(days=1), lines],
            )
        cursor.execute(f"ANALYZE {invoice}, {line}")
    return time.perf_counter() - start


def _run(
    lines: int, jobseekers: int, stored_months: int, results: list[dict[str, Any]]
) -> None:

    load = os.getloadavg()
    municipality, user = importing_caseworker()
    code = municipality.municipality_code or ""
    start = time.perf_counter()
    _jobseekers(jobseekers, municipality)
    print(f"{jobseekers} jobseekers in {time.perf_counter() - start:.0f} s")
    data = invoice_file(lines, jobseekers, code)
    print(f"file: {lines} lines, {len(data) / 1e6:.1f} MB")

    first = _timed_import(data, municipality, user)
    print("first import", first)
    again = _timed_import(data, municipality, user)
    print("same file again", again)
    stored = _store_months(stored_months, lines, municipality.pk)
    print(f"{stored_months} x {lines} lines stored in {stored:.0f} s")
    common = {"load_average_at_start": [round(x, 2) for x in load]}
    results += [
        {
            "scenario": "invoice_import_month",
            "lines": lines,
            "jobseekers": jobseekers,
            "target_s": 300 / 12,
            "first": first,
            "again": again,
            **common,
        },
        _euro_indicators(stored_months, lines, stored_months + 1, common),
    ]


def _euro_indicators(
    months: int, lines: int, stored: int, common: dict[str, Any]
) -> dict[str, Any]:
    """The euro indicators of the `months` months up to MONTH, timed."""
    from cases.rules.calendar import add_months
    from reporting import indicators

    timings = []
    for offset in range(months):
        month = add_months(MONTH, -offset)
        start = time.perf_counter()
        shares = indicators.invoiced_shares(month, month)
        timings.append(time.perf_counter() - start)
        assert shares[indicators.EURO_TOTAL], month
    total = sum(timings)
    print(f"euro indicators of {months} months: {total:.1f} s")
    return {
        "scenario": "euro_indicators",
        "months": months,
        "lines_per_month": lines,
        "lines_in_table": lines * stored,
        "total_s": round(total, 1),
        "p50_month_s": round(sorted(timings)[len(timings) // 2], 2),
        "max_month_s": round(max(timings), 2),
        "target_s": 30,
        **common,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def _run_months(
    months: int, lines: int, jobseekers: int, results: list[dict[str, Any]]
) -> None:
    """`months` monthly files up to MONTH, one after another, then the euro
    indicators of twice as many months (the earlier half stored set-based)."""
    from django.db import connection

    from cases.rules.calendar import add_months

    load = os.getloadavg()
    municipality, user = importing_caseworker()
    code = municipality.municipality_code or ""
    start = time.perf_counter()
    _jobseekers(jobseekers, municipality)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{jobseekers} jobseekers in {time.perf_counter() - start:.0f} s")
    first_month = add_months(MONTH, 1 - months)
    files = []
    for index in range(months):
        month = add_months(first_month, index)
        data = invoice_file(
            lines, jobseekers, code, month=month, shift=index * (lines // 10)
        )
        result = _timed_import(data, municipality, user)
        assert result["status"] == "done", result
        result["month"] = f"{month:%Y-%m}"
        result["load_average"] = [round(x, 2) for x in os.getloadavg()]
        print(result)
        files.append(result)
    total = sum(f["total_s"] for f in files)
    print(f"{months} files of {lines} lines: {total:.1f} s")
    common = {"load_average_at_start": [round(x, 2) for x in load]}
    results.append(
        {
            "scenario": "invoice_import_months",
            "months": months,
            "lines_per_file": lines,
            "jobseekers": jobseekers,
            "total_s": round(total, 1),
            "target_s": 300 * months / 12,
            "files": files,
            **common,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        }
    )
    stored = _store_months(months, lines, municipality.pk, before=first_month)
    print(f"{months} x {lines} lines stored in {stored:.0f} s")
    results.append(_euro_indicators(2 * months, lines, 2 * months, common))


if __name__ == "__main__":
    main()
