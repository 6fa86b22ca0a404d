"""Celery entry points for imports (thin: an id in, a service call)."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation

from . import services
from .models import ImportBatch


@shared_task(name="exchange.import_run_task", acks_late=True, time_limit=3600)
def import_run_task(batch_id: int) -> str:
    """Run a confirmed large import; a second delivery finds it done and stops."""
    language = (
        ImportBatch.objects.filter(pk=batch_id)
        .values_list("confirmed_by__preferred_language", flat=True)
        .first()
    )
    # Refusals worded by the cases services are stored as worded: in the
    # language of the person who confirmed the import.
    with translation.override(language or "fi"):
        batch = services.import_run(batch_id=batch_id)
    return str(batch.status)
