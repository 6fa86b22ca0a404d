"""The main menu per role, decided in casework.permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.utils import translation

from casework.permissions import menu_entries
from organisations.models import MembershipRole as Role

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    # The labels are compared as written in the source.
    with translation.override("en"):
        yield


def _names(roles: set[str], *, is_staff: bool = False) -> list[str]:
    return [str(entry.label) for entry in menu_entries(roles=roles, is_staff=is_staff)]


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (
            {Role.CASEWORKER},
            [
                "Home",
                "Worklist",
                "Find a jobseeker",
                "Register a jobseeker",
                "My calendar",
                "Imports",
            ],
        ),
        (
            {Role.TEAM_LEAD},
            [
                "Home",
                "Worklist",
                "Find a jobseeker",
                "Access review",
                "Register a jobseeker",
                "My calendar",
                "Imports",
            ],
        ),
        ({Role.PARTNER_WORKER}, ["Home", "Cases shared with you"]),
        (
            {Role.COORDINATOR},
            ["Home", "Pilots", "Agreements", "Indicators", "Quotas", "Data use report"],
        ),
        ({Role.BOARD_VIEWER}, ["Home", "Indicators", "Quotas"]),
        ({Role.DATA_PROTECTION_OFFICER}, ["Home", "Data use report"]),
        (
            {Role.ADMINISTRATOR},
            ["Home", "Pilots", "Agreements", "Indicators", "Quotas", "API tokens"],
        ),
        (set(), ["Home"]),
    ],
)
def test_each_role_is_offered_the_pages_it_may_open(
    roles: set[str], expected: list[str]
) -> None:
    assert _names(roles) == expected


def test_staff_also_get_the_administration() -> None:
    assert _names(set(), is_staff=True) == ["Home", "Administration"]


def test_an_entry_is_current_on_its_page_or_anywhere_in_its_section() -> None:
    # given
    entries = {
        str(e.label): e for e in menu_entries(roles={Role.COORDINATOR}, is_staff=False)
    }

    # then
    assert entries["Home"].is_current(view_name="core:home", app_name="core")
    assert entries["Pilots"].is_current(view_name="pilots:detail", app_name="pilots")
    assert not entries["Pilots"].is_current(
        view_name="partners:list", app_name="partners"
    )
    assert not entries["Data use report"].is_current(
        view_name="audit:other", app_name="audit"
    )
