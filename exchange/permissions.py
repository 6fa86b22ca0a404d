"""Who may import, for which organisations, and whose batches they see.

A batch holds (or held) a file full of personal data and its problems name
rows of it, so it is scoped like a case: the caseworkers and team leads of
its organisation, directly or through an employment area; anyone else gets a
404, exactly like a missing batch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from cases.permissions import can_use_caseworker_pages
from organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationRelation,
)
from organisations.selectors import (
    PERSONAL_DATA_ROLES,
    organisation_ids_covered,
    user_roles,
)

from .models import ImportBatch

if TYPE_CHECKING:
    import datetime as dt

    from django.db.models import QuerySet

    from accounts.models import User


def can_import(user: User) -> bool:
    """Imports are for caseworkers and team leads, as registration is."""
    return can_use_caseworker_pages(user)


# Unmatched invoice lines are the municipality's money without a person in
# Polku: coordinators follow them, team leads sort out the registrations.
UNMATCHED_ROLES = (MembershipRole.COORDINATOR, MembershipRole.TEAM_LEAD)


def can_view_unmatched(user: User) -> bool:
    return bool(user_roles(user=user) & set(UNMATCHED_ROLES))


def unmatched_organisations(user: User) -> QuerySet[Organisation, int]:
    """The municipalities whose unmatched invoice lines the user may list (a
    membership of an area covers its members), as a subquery."""
    return organisation_ids_covered(user=user, roles=UNMATCHED_ROLES)


def importing_organisations(
    *, user: User, on: dt.date | None = None
) -> QuerySet[Organisation]:
    """The organisations the user works for as caseworker or team lead (direct
    memberships): an import is made for one of them."""
    day = on or timezone.localdate()
    direct = (
        Membership.objects.active_on(day)
        .filter(user=user, role__in=PERSONAL_DATA_ROLES)
        .values("organisation_id")
    )
    return Organisation.objects.filter(id__in=direct).order_by("name")


def import_scope(
    *, organisation: Organisation, user: User, on: dt.date | None = None
) -> set[int]:
    """Organisations whose jobseekers an import for `organisation` may touch:
    it and its member municipalities, as far as the user still serves them."""
    day = on or timezone.localdate()
    members = (
        OrganisationRelation.objects.active_on(day)
        .filter(kind=OrganisationRelation.Kind.MEMBER, parent=organisation)
        .values("child_id")
    )
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES, on=day)
    return set(
        Organisation.objects.filter(Q(pk=organisation.pk) | Q(pk__in=members))
        .filter(pk__in=covered)
        .values_list("pk", flat=True)
    )


def batches_visible_to(user: User) -> QuerySet[ImportBatch]:
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    return ImportBatch.objects.filter(organisation_id__in=covered)


def get_batch_for_user(user: User, pk: int) -> ImportBatch:
    """The batch if the user may see it, else 404 (same as a missing one)."""
    try:
        return (
            batches_visible_to(user)
            .select_related("organisation", "uploaded_by", "confirmed_by")
            .get(pk=pk)
        )
    except ImportBatch.DoesNotExist as exc:
        raise Http404 from exc
