"""Celery entry points for organisations (thin: load, call, return)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from .models import Organisation, OrganisationRelation
from .reference_data import load_reference_data


@shared_task(name="organisations.reference_data_load_task")
def reference_data_load_task() -> dict[str, int]:
    """Refresh the reference organisations; idempotent, so safe to retry."""
    with transaction.atomic():
        return load_reference_data(Organisation, OrganisationRelation)
