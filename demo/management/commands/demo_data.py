from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from demo.services import (
    DEFAULT_JOBSEEKERS,
    DEFAULT_SEED,
    DemoDataError,
    demo_data_create,
)


class Command(BaseCommand):
    help = (
        "Load the demo: staff logins and synthetic jobseekers (temporary identity "
        "codes) with histories up to today. Later runs recognise the loaded demo "
        "and add nothing."
    )

    # ./scripts/run has just run the system checks (migrate), and runserver
    # runs them again: here they would add seconds to every start.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help=f"Seed of the synthetic people (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--jobseekers",
            type=int,
            default=None,
            help=f"Jobseekers per demo municipality (default {DEFAULT_JOBSEEKERS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = settings.POLKU_DEMO_PASSWORD
        if not password:
            raise CommandError(
                "Set POLKU_DEMO_PASSWORD: demo accounts need a password."
            )
        if not settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES:
            raise CommandError(
                "Demo data uses temporary identity codes; set "
                "POLKU_ALLOW_TEMPORARY_IDENTITY_CODES=true (never in production)."
            )
        if options["jobseekers"] is not None and options["jobseekers"] < 0:
            raise CommandError("--jobseekers cannot be negative.")
        try:
            result = demo_data_create(
                seed=options["seed"],
                jobseekers_per_municipality=options["jobseekers"],
                password=password,
                today=timezone.localdate(),
            )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        dataset = result.dataset
        if result.loaded:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded: {result.jobseekers_created} jobseekers "
                    f"(seed {dataset.seed}), histories up to "
                    f"{dataset.anchored_on:%d.%m.%Y}."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data already loaded on {dataset.anchored_on:%d.%m.%Y} "
                    f"(seed {dataset.seed}, {dataset.jobseekers_per_municipality} "
                    "jobseekers per municipality): nothing added."
                )
            )
        self.stdout.write(f"Demo logins (password: {password}):")
        for login in result.logins:
            self.stdout.write(
                f"  {login.username:<22} {login.role:<15} {login.organisation}"
            )
