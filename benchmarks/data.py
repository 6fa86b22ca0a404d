"""Synthetic data and a throw-away database shared by the benchmarks.

Identity codes are from the temporary range 900-999 and names are
"Testi Henkilö0000001": nothing looks like a real person.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Sequence

    from django.db.backends.base.base import BaseDatabaseWrapper

    from accounts.models import User
    from organisations.models import Organisation


def with_benchmark_database(
    run: Callable[[], None],
    *,
    keep: bool = False,
    reuse: bool = False,
    suffix: str = "",
) -> None:
    """Run `run` in its own throw-away database (`bench_<name>[_<suffix>]`),
    so that a benchmark never meets the test suite's database; `keep` leaves
    it in place afterwards (it is replaced by the next run unless that one
    passes `reuse`, which opens a kept database as it is). `suffix` keeps
    data sets of different sizes apart."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    # The test environment sends a signal for every template rendered (for
    # response.context); production does not, and on a 50-row worklist that
    # was a fifth of the time measured. Measure production's rendering.
    from django.template import Template
    from django.test import utils as test_utils

    Template._render = test_utils._TestState.saved_data.template_render  # type: ignore[attr-defined]
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = "_".join(
        part for part in ("bench", old_name, suffix) if part
    )
    # POLKU_BENCH_TEMPLATE names a migrated database to copy instead of
    # migrating an empty one (the smoke tests pass their own test database:
    # a minute less per run); migrate then only checks it is up to date.
    template = os.environ.get("POLKU_BENCH_TEMPLATE")
    copied = bool(template) and _copy(
        connection, str(template), connection.settings_dict["TEST"]["NAME"], reuse=reuse
    )
    connection.creation.create_test_db(
        verbosity=0,
        keepdb=reuse or copied,
        # Not serialised for test rollbacks: a kept data set of a million
        # jobseekers would be read whole into memory first.
        serialize=False,
    )
    try:
        run()
    finally:
        if keep:
            connection.close()
            connection.settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _copy(
    connection: BaseDatabaseWrapper, template: str, name: str, *, reuse: bool
) -> bool:
    """CREATE DATABASE name TEMPLATE template (unless `reuse` finds it there);
    False when PostgreSQL refuses, e.g. because another session is connected
    to the template: the caller then migrates an empty database."""
    from django.db import DatabaseError

    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone():
            if reuse:
                return True
            cursor.execute(f"DROP DATABASE {quote(name)}")
        try:
            cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
        except DatabaseError as error:
            print(f"copying {template} failed ({error}); migrating instead")
            return False
    return True


def importing_caseworker() -> tuple[Organisation, User]:
    """The first municipality of the reference data and a caseworker of it,
    as the import benchmarks upload."""
    from celery import current_app
    from django.utils import timezone

    from accounts.models import User
    from organisations.models import Membership, Organisation

    # A Celery worker imports the tasks modules when it starts; the eager
    # run here would otherwise time that (seconds) as part of the first import.
    current_app.loader.import_default_modules()
    municipality = Organisation.objects.filter(
        kind="municipality", municipality_code__isnull=False
    ).first()
    assert municipality is not None
    assert municipality.municipality_code is not None
    user = User.objects.create(username="benchmark", preferred_language="fi")
    Membership.objects.create(
        user=user,
        organisation=municipality,
        role=Membership.Role.CASEWORKER,
        valid_from=timezone.localdate() - dt.timedelta(days=1),
    )
    return municipality, user


def load_jobseekers(
    count: int, municipalities: Sequence[Organisation], rng: random.Random
) -> None:
    """`count` jobseekers spread over `municipalities` (bulk insert)."""
    from cases import rules as case_rules
    from cases.models import Jobseeker
    from core import crypto

    token = crypto.encrypt("benchmark")
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
