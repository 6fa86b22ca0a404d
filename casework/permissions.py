"""Who may use the pages that combine the apps, and which pages the main
menu offers a user: one entry per page the user's roles open, decided here
once instead of as role strings in base.html."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from core.links import reverse_fast
from organisations.models import MembershipRole as Role
from organisations.selectors import user_roles

if TYPE_CHECKING:
    from collections.abc import Collection

    from django.utils.functional import Promise

    from accounts.models import User


REPORT_ROLES = (Role.COORDINATOR, Role.DATA_PROTECTION_OFFICER)


def can_make_subject_reports(user: User) -> bool:
    """Coordinators and data protection officers answer access requests."""
    return bool(user_roles(user=user) & set(REPORT_ROLES))


@dataclass(frozen=True)
class MenuEntry:
    label: Promise | str
    url: str
    # The entry is the current page when the resolved view has this name
    # (`cases:worklist`) or, for a whole section, this namespace (`pilots`).
    view_name: str = ""
    app_name: str = ""

    def is_current(self, *, view_name: str, app_name: str) -> bool:
        if self.view_name:
            return self.view_name == view_name
        return bool(self.app_name) and self.app_name == app_name


# (label, URL name, current by view or by namespace, roles that see it);
# every page also checks its own access, the menu only leaves out what 404s.
_CASEWORK: set[str] = {Role.CASEWORKER, Role.TEAM_LEAD}
_COORDINATION: set[str] = {Role.COORDINATOR, Role.ADMINISTRATOR}
_FIGURES: set[str] = {Role.COORDINATOR, Role.BOARD_VIEWER, Role.ADMINISTRATOR}
_MENU: list[tuple[Promise, str, str, set[str]]] = [
    (_("Worklist"), "cases:worklist", "view", _CASEWORK),
    (_("Find a jobseeker"), "cases:search", "view", _CASEWORK),
    (_("Access review"), "cases:break_glass_review", "view", {Role.TEAM_LEAD}),
    (_("Register a jobseeker"), "cases:jobseeker_register", "view", _CASEWORK),
    (_("My calendar"), "appointments:calendar", "view", _CASEWORK),
    (_("Imports"), "exchange:list", "app", _CASEWORK),
    (_("Cases shared with you"), "partner:case_list", "view", {Role.PARTNER_WORKER}),
    (_("Pilots"), "pilots:list", "app", _COORDINATION),
    (_("Agreements"), "partners:list", "app", _COORDINATION),
    (_("Indicators"), "reporting:index", "app", _FIGURES),
    (_("Quotas"), "appropriations:list", "app", _FIGURES),
    (_("Data use report"), "audit:subject_report", "view", set(REPORT_ROLES)),
    (_("API tokens"), "accounts:api_tokens", "view", {Role.ADMINISTRATOR}),
]


def menu_entries(*, roles: Collection[str], is_staff: bool) -> list[MenuEntry]:
    """The main menu for a signed-in user holding `roles` today: home first,
    the Django admin last for staff. The addresses by reverse_fast: on every
    page, reverse() cost about 65 µs an entry (issue 21)."""
    entries = [MenuEntry(_("Home"), reverse_fast("core:home"), view_name="core:home")]
    for label, name, current_by, allowed in _MENU:
        if allowed & set(roles):
            namespace = name.split(":", 1)[0]
            entries.append(
                MenuEntry(
                    label,
                    reverse_fast(name),
                    view_name=name if current_by == "view" else "",
                    app_name=namespace if current_by == "app" else "",
                )
            )
    if is_staff:
        entries.append(MenuEntry(_("Administration"), reverse_fast("admin:index")))
    return entries
