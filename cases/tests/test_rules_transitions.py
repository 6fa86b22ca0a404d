"""Every case status transition for every role; no database."""

from __future__ import annotations

import itertools

import pytest

from cases.rules import transitions

STATUSES = ["new", "active", "paused", "closed"]
EXPECTED = {
    ("new", "active"): {"caseworker", "team_lead"},
    ("new", "paused"): {"caseworker", "team_lead"},
    ("new", "closed"): {"caseworker", "team_lead"},
    ("active", "paused"): {"caseworker", "team_lead"},
    ("active", "closed"): {"caseworker", "team_lead"},
    ("paused", "active"): {"caseworker", "team_lead"},
    ("paused", "closed"): {"caseworker", "team_lead"},
    ("closed", "active"): {"team_lead"},
}
ROLES = [
    "caseworker",
    "team_lead",
    "coordinator",
    "board_viewer",
    "partner_worker",
    "administrator",
]


@pytest.mark.parametrize(
    ("start", "end", "role"), list(itertools.product(STATUSES, STATUSES, ROLES))
)
def test_transition_matrix(start: str, end: str, role: str) -> None:
    allowed = role in EXPECTED.get((start, end), set())

    assert transitions.can_transition_case(start, end, {role}) is allowed


def test_a_user_with_several_roles_gets_the_union() -> None:
    assert transitions.allowed_case_transitions(
        "closed", {"caseworker", "team_lead"}
    ) == ["active"]
    assert transitions.allowed_case_transitions("closed", {"caseworker"}) == []
