"""Render time and memory of the board's monthly PDF report.

    python -m benchmarks.board_pdf --jobseekers 20000 --months 12

Loads N synthetic jobseekers as benchmarks.indicators does, computes the
months, adds an agreement target and an appropriation quota for the pilot or
area with the most member municipalities, then renders its report in
Finnish and in Swedish through the service the Celery task calls. Prints
each render's seconds, pages and size, and the peak resident memory during
the renders (VmHWM reset before them, where Linux allows it; otherwise the
process's lifetime peak, ru_maxrss, which includes the data load), and the
peak of Python's allocations during one more render (tracemalloc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import resource
import subprocess
import time
import tracemalloc
from pathlib import Path

from benchmarks.data import with_benchmark_database
from benchmarks.indicators import _load, _months

STATUS = Path("/proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobseekers", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with_benchmark_database(lambda: _run(args.jobseekers, args.months, args.seed))


def _reset_peak_memory() -> bool:
    """Reset the kernel's high-water mark of resident memory (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_memory_mib(*, reset: bool) -> float:
    if reset and STATUS.exists():
        found = re.search(r"VmHWM:\s+(\d+) kB", STATUS.read_text())
        if found:
            return int(found.group(1)) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _resident_mib() -> float:
    found = (
        re.search(r"VmRSS:\s+(\d+) kB", STATUS.read_text()) if STATUS.exists() else None
    )
    return int(found.group(1)) / 1024 if found else 0.0


def _pages(pdf: bytes) -> str:
    try:
        info = subprocess.run(
            ["pdfinfo", "-"],  # noqa: S607 - poppler-utils, where installed
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    found = re.search(r"Pages:\s+(\d+)", info)
    return found.group(1) if found else "?"


def _setup(organisation_id: int, month: dt.date) -> None:
    from appropriations.models import Quota
    from partners.models import EvaluationTarget, PartnershipAgreement

    agreement = PartnershipAgreement.objects.create(
        name="Benchmark-sopimus", status="in_force", valid_from=dt.date(2024, 1, 1)
    )
    EvaluationTarget.objects.create(
        agreement=agreement,
        organisation_id=organisation_id,
        indicator="activation_rate",
        description="Aktivointiaste yli 40 %",
        baseline=25,
        target=40,
        direction="increase",
        target_on=dt.date(2026, 12, 31),
        source="Benchmark",
    )
    Quota.objects.create(
        holder_id=organisation_id,
        appropriation="training",
        starts_on=month.replace(month=1),
        ends_on=month.replace(month=12, day=31),
        amount_cents=250_000_000,
        source_reference="BENCH/1",
        source_date=month.replace(month=1),
    )


def _run(count: int, month_count: int, seed: int) -> None:
    from organisations.selectors import organisation_member_counts
    from reporting import services
    from reporting.selectors import member_ids

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    months = _months(month_count)
    _load(count, months, rng)
    for month in months:
        services.run_execute(run_id=services.run_start(month=month).pk)
    organisation = organisation_member_counts(on=months[-1]).order_by(
        "-member_count", "name"
    )[0]
    members = len(member_ids(organisation.pk, on=months[-1]))
    print(
        f"{organisation.display_name}: {members} member municipalities, "
        f"{month_count} months computed"
    )
    _setup(organisation.pk, months[-1])
    print(f"resident before rendering: {_resident_mib():.0f} MiB")
    reset = _reset_peak_memory()
    for language in ("fi", "sv", "fi"):
        start = time.perf_counter()
        report = services.board_report_render(
            report_id=services.board_report_request(
                organisation=organisation,
                month=months[-1],
                language=language,
                user=None,
            ).pk
        )
        elapsed = time.perf_counter() - start
        pages = _pages(bytes(report.pdf))
        print(
            f"{language}: {report.status} in {elapsed:.2f} s "
            f"(render_seconds {report.render_seconds}), {pages} pages, "
            f"{report.size_bytes / 1024:.0f} KiB"
        )
    label = "during the renders" if reset else "of the process (includes the load)"
    print(f"peak resident memory {label}: {_peak_memory_mib(reset=reset):.0f} MiB")
    # Python's own allocations of one more render, freed memory of the data
    # load not counted (tracemalloc slows the render, so it is not timed).
    tracemalloc.start()
    services.board_report_render(
        report_id=services.board_report_request(
            organisation=organisation, month=months[-1], language="fi", user=None
        ).pk
    )
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python allocations of one render: {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
