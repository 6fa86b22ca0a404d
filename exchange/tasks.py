"""Celery entry points for imports (thin: an id in, a service call)."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext as _

from core import runs

from . import services
from .models import ImportBatch


@shared_task(
    name="exchange.import_run_task",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=3600,
)
def import_run_task(batch_id: int) -> str:
    """Run a confirmed large import once: a second delivery finds it taken
    or done and stops; a worker dying mid-import rolls its transaction back,
    and the sweeper queues the batch again (core.runs)."""
    language = (
        ImportBatch.objects.filter(pk=batch_id)
        .values_list("confirmed_by__preferred_language", flat=True)
        .first()
    )
    # Refusals worded by the cases services are stored as worded: in the
    # language of the person who confirmed the import.
    with translation.override(language or "fi"):
        runs.run_in_task(
            model=ImportBatch,
            pk=batch_id,
            work=lambda: services.import_run(batch_id=batch_id),
            failure=lambda: _("The import failed and nothing was saved. Try again."),
        )
    return str(
        ImportBatch.objects.filter(pk=batch_id).values_list("status", flat=True)[0]
    )
