"""What partners does when cases tells it about a change (cases/signals.py);
connected in PartnersConfig.ready()."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .services import referrals

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User
    from cases.models import Case


def on_case_closing(
    sender: Any, *, case: Case, on: dt.date, actor: User, **kwargs: Any
) -> None:
    """A closed case is shared with nobody: its referrals end with it, in the
    closing transaction."""
    referrals.referrals_for_case_close(case=case, on=on, actor=actor)


def on_jobseekers_anonymising(
    sender: Any, *, jobseeker_ids: list[int], **kwargs: Any
) -> None:
    referrals.referrals_anonymise(jobseeker_ids=jobseeker_ids)
