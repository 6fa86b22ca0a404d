from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.demo import demo_data_create


class Command(BaseCommand):
    help = (
        "Create deterministic demo staff and synthetic jobseekers "
        "(temporary identity codes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--jobseekers",
            type=int,
            default=40,
            help="Jobseekers per demo municipality (default 40).",
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
        result = demo_data_create(
            seed=options["seed"],
            jobseekers_per_municipality=options["jobseekers"],
            password=password,
            today=timezone.localdate(),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result.jobseekers_created} new jobseekers."
            )
        )
        self.stdout.write(f"Demo logins (password: {password}):")
        for login in result.logins:
            self.stdout.write(
                f"  {login.username:<22} {login.role:<15} {login.organisation}"
            )
