"""Who may work with partnership agreements and projects.

Agreements, budgets and service matrices hold no personal data (the steering
group is recorded by title), so coordinators and administrators see all of
them, as they see all pilots. Everyone else gets a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organisations.models import MembershipRole
from organisations.selectors import user_roles

if TYPE_CHECKING:
    from accounts.models import User

MANAGER_ROLES = {MembershipRole.COORDINATOR, MembershipRole.ADMINISTRATOR}


def can_manage_agreements(user: User) -> bool:
    return bool(user_roles(user=user) & MANAGER_ROLES)
