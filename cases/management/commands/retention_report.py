from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from cases.models import RetentionReport
from cases.services.retention import retention_apply, retention_dry_run


class Command(BaseCommand):
    help = (
        "Write a dry-run retention report (who would be anonymised), or with "
        "--apply REPORT_ID anonymise the people of a reviewed report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", type=int, metavar="REPORT_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["apply"]:
            report = RetentionReport.objects.get(pk=options["apply"])
            count = retention_apply(report=report, on=today)
            self.stdout.write(self.style.SUCCESS(f"Anonymised {count} jobseekers."))
            return
        report = retention_dry_run(on=today)
        self.stdout.write(
            f"Dry run {report.pk}: {len(report.jobseeker_ids)} jobseekers whose cases "
            f"closed before {report.cutoff_on:%d.%m.%Y} would be anonymised."
        )
        for organisation, count in sorted(report.counts.items()):
            self.stdout.write(f"  {organisation}: {count}")
