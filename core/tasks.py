"""Celery entry points of core (thin: a service call)."""

from __future__ import annotations

from celery import shared_task

from . import runs


@shared_task(name="core.runs_sweep_task")
def runs_sweep_task() -> dict[str, list[str]]:
    """Beat: queue again the runs a dead worker or a broker outage left behind."""
    result = runs.runs_sweep()
    return {"sent": result.sent, "requeued": result.requeued, "failed": result.failed}
