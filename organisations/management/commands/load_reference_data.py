from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from organisations.models import Organisation, OrganisationRelation
from organisations.reference_data import load_reference_data


class Command(BaseCommand):
    help = (
        "Create or update the reference municipalities and organisations named in the "
        "seed documents (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = load_reference_data(Organisation, OrganisationRelation)
        self.stdout.write(
            self.style.SUCCESS(
                "Reference data loaded: {municipalities} municipalities, "
                "{organisations} other organisations, {relations} relations.".format(
                    **counts
                )
            )
        )
