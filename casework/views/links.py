"""Where a line of the worklist or the jobseeker page leads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cases.models.process import StepKind
from cases.views import step_action_url as record_url
from core.links import reverse_fast

if TYPE_CHECKING:
    from cases.models import ProcessStep
    from cases.selectors import WorklistStep
    from core.links import Links


def step_action_url(
    step: ProcessStep | WorklistStep, *, links: Links | None = None
) -> str:
    """Where the caseworker does what completes the step: a new time booked
    completes a rebooking step (appointments), a record form the others.
    A page of many steps passes its `links` (core.links.Links)."""
    if step.kind == StepKind.REBOOKING:
        url = reverse_fast if links is None else links.url
        return url("appointments:book", step.pk)
    return record_url(step, links=links)
