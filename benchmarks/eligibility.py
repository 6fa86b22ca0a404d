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
import os
import random
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobseekers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Its own database name, so that a benchmark never meets the test suite's.
    connection.settings_dict["TEST"]["NAME"] = f"bench_{old_name}"
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        _run(args.jobseekers, args.seed)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _run(count: int, seed: int) -> None:
    from cases import rules as case_rules
    from cases.models import JobSearchPeriod, Jobseeker
    from core import crypto
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
    token = crypto.encrypt("benchmark")
    start = time.perf_counter()
    rows = []
    used: set[tuple[dt.date, int]] = set()
    for n in range(count):
        municipality = rng.choice(municipalities)
        while True:
            birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randint(0, 17000))
            individual = rng.randint(900, 999)
            if (birth, individual) not in used:
                used.add((birth, individual))
                break
        rows.append(
            Jobseeker(
                organisation=municipality,
                home_municipality=municipality,
                identity_code_encrypted=token,
                identity_code_index=crypto.blind_index(
                    case_rules.build_identity_code(birth, individual)
                ),
                first_names="Testi",
                last_name=f"Henkilö{n:07d}",
                birth_date=birth,
                benefit_type=rng.choice(
                    [
                        "earnings_related",
                        "earnings_related",
                        "basic_allowance",
                        "labour_market_subsidy",
                        "none",
                    ]
                ),
                is_immigrant=rng.random() < 0.08,
                mother_tongue=rng.choice(["fi"] * 9 + ["sv", "other"]),
            )
        )
    Jobseeker.objects.bulk_create(rows, batch_size=10_000)
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
        f"{seconds:.2f} s ({run.total} statements)"
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
