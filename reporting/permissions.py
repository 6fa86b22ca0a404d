"""Who sees and who computes the follow-up figures.

Figures are aggregates, never persons: coordinators, board viewers and
administrators see them for the organisations they cover (an area membership
covers its municipalities); the country total is aggregate enough for all of
them. Coordinators and administrators compute and publish months.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organisations.models import MembershipRole
from organisations.selectors import organisation_ids_covered, user_roles

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User
    from organisations.models import Organisation

VIEW_ROLES = {
    MembershipRole.COORDINATOR,
    MembershipRole.BOARD_VIEWER,
    MembershipRole.ADMINISTRATOR,
}
RUN_ROLES = {MembershipRole.COORDINATOR, MembershipRole.ADMINISTRATOR}


def can_view_reports(user: User) -> bool:
    return bool(user_roles(user=user) & VIEW_ROLES)


def can_run_reports(user: User) -> bool:
    return bool(user_roles(user=user) & RUN_ROLES)


def organisations_visible(user: User) -> QuerySet[Organisation, int]:
    return organisation_ids_covered(user=user, roles=VIEW_ROLES)


def can_request_board_report(user: User) -> bool:
    """Board viewers as well as coordinators: a report renders figures
    already computed and changes none of them."""
    return can_view_reports(user)


# The survey's comments are the clients' own words: coordinators read them
# (as a month's list of five answers or more), board viewers see the
# satisfaction figure only. Coordinators also switch the survey on.
SURVEY_ROLES = {MembershipRole.COORDINATOR}


def can_manage_survey(user: User) -> bool:
    return bool(user_roles(user=user) & SURVEY_ROLES)


def survey_organisations(user: User) -> QuerySet[Organisation, int]:
    return organisation_ids_covered(user=user, roles=SURVEY_ROLES)
