"""All indicators for all organisations over 24 months, on N synthetic jobseekers.

    python -m benchmarks.indicators --jobseekers 100000 --months 24

Loads N jobseekers into fifteen seed municipalities with job searches spread
over two years, a case each, services (about 60 % of people, some activating)
and statutory steps (initial interviews, about 85 % held in time), into a
throw-away database; then times one run per month (every definition, one SQL
statement each, rolled up to areas, pilots and the country) as the monthly
Celery task runs it, and a re-run of the same months.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from benchmarks.data import load_jobseekers, with_benchmark_database

FIRST_MONTH = dt.date(2024, 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobseekers", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with_benchmark_database(lambda: _run(args.jobseekers, args.months, args.seed))


def _months(count: int) -> list[dt.date]:
    months = []
    month = FIRST_MONTH
    for _ in range(count):
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _load(count: int, months: list[dt.date], rng: random.Random) -> None:
    from accounts.models import User
    from cases.models import (
        Case,
        JobSearchPeriod,
        Jobseeker,
        ProcessStep,
        ServicePeriod,
        ServiceType,
    )
    from organisations.models import Organisation

    municipalities = list(Organisation.objects.filter(kind="municipality"))
    load_jobseekers(count, municipalities, rng)
    span = (months[-1] - months[0]).days + 60
    first = months[0] - dt.timedelta(days=200)
    periods = []
    for jobseeker_id, organisation_id in Jobseeker.objects.values_list(
        "id", "organisation_id"
    ):
        started = first + dt.timedelta(days=rng.randint(0, span))
        ended = (
            None
            if rng.random() < 0.5
            else started + dt.timedelta(days=rng.randint(20, 400))
        )
        periods.append(
            JobSearchPeriod(
                jobseeker_id=jobseeker_id,
                organisation_id=organisation_id,
                started_on=started,
                ended_on=ended,
                status_at_start=rng.choice(
                    ["unemployed", "unemployed", "laid_off", "part_time"]
                ),
            )
        )
    JobSearchPeriod.objects.bulk_create(periods, batch_size=10_000)
    Case.objects.bulk_create(
        [
            Case(
                jobseeker_id=p.jobseeker_id,
                job_search_period_id=p.pk,
                organisation_id=p.organisation_id,
                status="active",
                opened_on=p.started_on,
            )
            for p in JobSearchPeriod.objects.all()
        ],
        batch_size=10_000,
    )
    user = User.objects.create(username="benchmark")
    types = list(ServiceType.objects.all())
    services = []
    steps = []
    for case in Case.objects.values(
        "id", "organisation_id", "jobseeker_id", "opened_on"
    ):
        due = case["opened_on"] + dt.timedelta(days=14)
        held = rng.random()
        steps.append(
            ProcessStep(
                organisation_id=case["organisation_id"],
                case_id=case["id"],
                jobseeker_id=case["jobseeker_id"],
                kind="initial_interview",
                status="done" if held < 0.95 else "open",
                completed_on=(
                    due - dt.timedelta(days=rng.randint(0, 10))
                    if held < 0.85
                    else due + dt.timedelta(days=rng.randint(1, 20))
                    if held < 0.95
                    else None
                ),
                due_on=due,
                counts_from=case["opened_on"],
                counts_from_event="registration",
                rule_code="benchmark",
            )
        )
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            started = case["opened_on"] + dt.timedelta(days=rng.randint(10, 200))
            services.append(
                ServicePeriod(
                    organisation_id=case["organisation_id"],
                    case_id=case["id"],
                    recorded_by=user,
                    service_type=rng.choice(types),
                    started_on=started,
                    ended_on=started + dt.timedelta(days=rng.randint(10, 180)),
                )
            )
    ProcessStep.objects.bulk_create(steps, batch_size=10_000)
    ServicePeriod.objects.bulk_create(services, batch_size=10_000)
    print(
        f"loaded {count} jobseekers, {len(services)} services, {len(steps)} steps "
        f"in {len(municipalities)} municipalities"
    )


def _run(count: int, month_count: int, seed: int) -> None:
    from django.db import connection

    from reporting import services
    from reporting.models import IndicatorValue

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    months = _months(month_count)
    start = time.perf_counter()
    _load(count, months, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"load: {time.perf_counter() - start:.1f} s")
    for label in ("first computation", "re-run (replaces identical figures)"):
        timings = []
        start = time.perf_counter()
        for month in months:
            t0 = time.perf_counter()
            run = services.run_start(month=month)
            services.run_execute(run_id=run.pk)
            timings.append(time.perf_counter() - t0)
        total = time.perf_counter() - start
        timings.sort()
        print(
            f"{label}: {len(months)} months in {total:.1f} s "
            f"(per month median {timings[len(timings) // 2]:.2f} s, "
            f"max {timings[-1]:.2f} s); "
            f"{IndicatorValue.objects.count()} figures stored"
        )


if __name__ == "__main__":
    main()
