"""What pilots does when `cases` reports a change (cases.signals)."""

from __future__ import annotations

from typing import Any

from .tasks import eligibility_reevaluate_jobseeker_task


def eligibility_reevaluate_on_facts_changed(
    sender: Any, *, jobseeker_id: int, **kwargs: Any
) -> None:
    """A person's facts changed (registration, edited details): decide their
    pilot eligibility again, in the background. The signal is sent after
    commit, so the task reads the committed facts."""
    eligibility_reevaluate_jobseeker_task.delay(jobseeker_id)
