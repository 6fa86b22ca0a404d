"""Bulk pilot eligibility: set-based SQL over N synthetic jobseekers.

    python -m benchmarks.eligibility --jobseekers 100000

Loads N jobseekers into the Ylivieska-area pilot's five municipalities (with
job search periods around the evaluation day and some active services) into
a throw-away test database, then times one bulk evaluation (one statement per
municipality, as the Celery task runs it) and a dry run of a new rule version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from benchmarks.data import load_jobseekers, with_benchmark_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobseekers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with_benchmark_database(lambda: _run(args.jobseekers, args.seed))


def _run(count: int, seed: int) -> None:
    from cases.models import JobSearchPeriod, Jobseeker
    from organisations.models import Organisation
    from pilots import services
    from pilots.models import EligibilityRuleSet, EvaluationRun, Pilot

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    on = dt.date(2022, 6, 1)
    pilot = Pilot.objects.get(organisation__name__startswith="Ylivieskan seudun")
    municipalities = list(
        Organisation.objects.filter(
            municipality_code__in=["009", "208", "483", "563", "977"]
        )
    )
    start = time.perf_counter()
    load_jobseekers(count, municipalities, rng)
    JobSearchPeriod.objects.bulk_create(
        [
            JobSearchPeriod(
                jobseeker_id=j,
                organisation_id=o,
                started_on=on - dt.timedelta(days=rng.randint(2, 700)),
                ended_on=None if rng.random() < 0.7 else on - dt.timedelta(days=1),
                status_at_start=rng.choice(
                    ["unemployed", "unemployed", "laid_off", "part_time"]
                ),
            )
            for j, o in Jobseeker.objects.values_list("id", "organisation_id")
        ],
        batch_size=10_000,
    )
    print(f"loaded {count} jobseekers in {time.perf_counter() - start:.1f} s")
    run = EvaluationRun.objects.create(pilot=pilot, evaluated_on=on)
    start = time.perf_counter()
    run = services.evaluation_run_execute(run_id=run.pk)
    seconds = time.perf_counter() - start
    print(
        f"bulk evaluation: {run.evaluated} jobseekers, {run.eligible} eligible, "
        f"{seconds:.2f} s ({run.progress_total} statements)"
    )
    start = time.perf_counter()
    again = services.evaluation_run_execute(
        run_id=EvaluationRun.objects.create(pilot=pilot, evaluated_on=on).pk
    )
    print(
        f"re-run (upsert of the same results): {time.perf_counter() - start:.2f} s, "
        f"{again.eligible} eligible"
    )
    draft = EligibilityRuleSet.objects.create(
        version=99,
        name="bench",
        status="draft",
        valid_from=on,
        clauses=[{"clause": "under_age", "age": 25}],
        source="benchmark",
    )
    start = time.perf_counter()
    dry = services.eligibility_dry_run(pilot=pilot, draft=draft, on=on)
    print(
        f"dry run: {len(dry.entering)} enter, {len(dry.leaving)} leave, "
        f"{time.perf_counter() - start:.2f} s"
    )


if __name__ == "__main__":
    main()
