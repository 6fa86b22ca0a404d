"""Who may set quotas, follow them and exceed them.

Quotas and their follow-up hold no personal data (money and person-months per
pilot or area), so coordinators and administrators see all of them, like
pilots and agreements. Decisions are case records: the case's caseworkers and
team leads record them (cases.permissions.can_edit_case). Exceeding a quota
is the team lead's call, with a recorded reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organisations.models import MembershipRole
from organisations.selectors import user_roles

if TYPE_CHECKING:
    from accounts.models import User

MANAGER_ROLES = {MembershipRole.COORDINATOR, MembershipRole.ADMINISTRATOR}
FOLLOW_UP_ROLES = MANAGER_ROLES | {MembershipRole.BOARD_VIEWER}
OVERRIDE_ROLES = {MembershipRole.TEAM_LEAD}


def can_manage_quotas(user: User) -> bool:
    return bool(user_roles(user=user) & MANAGER_ROLES)


def can_follow_quotas(user: User) -> bool:
    return bool(user_roles(user=user) & FOLLOW_UP_ROLES)
