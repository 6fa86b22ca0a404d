"""Who sees and who computes the follow-up figures.

Figures are aggregates, never persons: coordinators, board viewers and
administrators see them for the organisations they cover (an area membership
covers its municipalities); the country total is aggregate enough for all of
them. Coordinators and administrators compute and publish months.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from organisations.models import (
    MembershipRole,
    Organisation,
    OrganisationKind,
    valid_on,
)
from organisations.selectors import (
    organisation_ids_covered,
    organisation_ids_on,
    user_roles,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

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


def organisations_visible(user: User) -> list[int] | QuerySet[Organisation, int]:
    """Today's organisations whose figures the user follows, as values."""
    return organisation_ids_on(user=user, roles=VIEW_ROLES)


# The organisations a dashboard compares with (issue 23 item 4).
PEER_KINDS = (OrganisationKind.EMPLOYMENT_AREA, OrganisationKind.MUNICIPALITY)


def peer_condition() -> Q:
    """What any reader of the figures may compare their own with: every
    employment area and municipality in existence today, as a condition on
    organisations (read with the reader's own: the dashboard's choices). A
    peer's figures are its computed aggregates, suppressed for every reader
    alike when the month is computed (core.privacy), as the national
    Työllisyyskuva publishes them per area; nothing of a person is read."""
    return Q(kind__in=PEER_KINDS) & valid_on(timezone.localdate())


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
