"""Who may work with pilots, areas and the target-group rules.

Checks and rule versions hold no personal data: coordinators and
administrators see all of them. Eligibility counts and dry-run lists are
limited to pilots that cover a municipality the coordinator covers, and the
lists name people by internal number only (coordinators see no persons).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from organisations.models import MembershipRole, OrganisationRelation
from organisations.selectors import organisation_ids_covered, user_roles

from .models import Pilot

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

MANAGER_ROLES = (MembershipRole.COORDINATOR, MembershipRole.ADMINISTRATOR)


def can_manage_pilots(user: User) -> bool:
    return bool(user_roles(user=user) & set(MANAGER_ROLES))


def pilots_covered_by(user: User) -> QuerySet[Pilot]:
    """Pilots with a member municipality (or the pilot itself) the user covers."""
    covered = organisation_ids_covered(user=user, roles=MANAGER_ROLES)
    members = OrganisationRelation.objects.filter(
        kind=OrganisationRelation.Kind.MEMBER, child_id__in=covered
    ).values("parent_id")
    return Pilot.objects.filter(organisation_id__in=members) | Pilot.objects.filter(
        organisation_id__in=covered
    )


def get_covered_pilot(user: User, pk: int) -> Pilot:
    try:
        return pilots_covered_by(user).distinct().get(pk=pk)
    except Pilot.DoesNotExist as exc:
        raise Http404 from exc
