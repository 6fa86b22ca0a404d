"""Which role may move a case from one status to another."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

NEW, ACTIVE, PAUSED, CLOSED = "new", "active", "paused", "closed"
CASEWORKER, TEAM_LEAD = "caseworker", "team_lead"
STAFF = frozenset({CASEWORKER, TEAM_LEAD})

# (from, to) -> roles allowed. Reopening a closed case corrects a mistaken
# closing, so it is the team lead's decision; a returning jobseeker normally
# gets a new job search and a new case instead (Act 380/2023 29 §).
CASE_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (NEW, ACTIVE): STAFF,
    (NEW, PAUSED): STAFF,
    (ACTIVE, PAUSED): STAFF,
    (PAUSED, ACTIVE): STAFF,
    (NEW, CLOSED): STAFF,
    (ACTIVE, CLOSED): STAFF,
    (PAUSED, CLOSED): STAFF,
    (CLOSED, ACTIVE): frozenset({TEAM_LEAD}),
}


def allowed_case_transitions(status: str, roles: Iterable[str]) -> list[str]:
    """Statuses that `roles` may move a case in `status` to, in a stable order."""
    held = set(roles)
    return [
        to
        for (start, to), allowed in CASE_TRANSITIONS.items()
        if start == status and held & allowed
    ]


def can_transition_case(status: str, to: str, roles: Iterable[str]) -> bool:
    return to in allowed_case_transitions(status, roles)
