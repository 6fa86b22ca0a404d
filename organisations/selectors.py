"""Reads about organisations and memberships; the SQL basis of all scoping."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.memo import on_user

from .models import Membership, MembershipRole, Organisation, OrganisationRelation

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    # The project's user model through Django's base class: organisations
    # sits below accounts and refers to users only by AUTH_USER_MODEL.
    from django.contrib.auth.base_user import AbstractBaseUser as User


def membership_list_for_user(
    *, user: User, on: dt.date | None = None
) -> QuerySet[Membership]:
    """The user's memberships valid on `on` (default today), organisations preloaded."""
    day = on or timezone.localdate()
    return (
        Membership.objects.active_on(day)
        .filter(user_id=user.pk)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def organisation_ids_covered(
    *, user: User, roles: Iterable[str], on: dt.date | None = None
) -> QuerySet[Organisation, int]:
    """Ids of organisations the user acts for in any of `roles` on `on`, as a subquery.

    A membership in an employment area or a pilot also covers the member
    municipalities linked to it on that day (OrganisationRelation MEMBER).
    The result is lazy: used in `filter(organisation_id__in=...)` it becomes
    one SQL statement, never a Python list of ids.
    """
    day = on or timezone.localdate()
    direct = (
        Membership.objects.active_on(day)
        .filter(user_id=user.pk, role__in=list(roles))
        .values("organisation_id")
    )
    via_area = (
        OrganisationRelation.objects.active_on(day)
        .filter(kind=OrganisationRelation.Kind.MEMBER, parent_id__in=direct)
        .values("child_id")
    )
    return Organisation.objects.filter(
        Q(id__in=direct) | Q(id__in=via_area)
    ).values_list("id", flat=True)


def user_roles(*, user: User, on: dt.date | None = None) -> set[str]:
    """The distinct roles the user holds on `on`.

    Memoised on the user object: within one request the menu, the access
    check and the access log all ask, and the answer cannot change.
    """
    day = on or timezone.localdate()
    return set(
        on_user(
            user,
            "roles",
            day,
            lambda: set(
                Membership.objects.active_on(day)
                .filter(user_id=user.pk)
                .values_list("role", flat=True)
            ),
        )
    )


def municipality_list(*, on: dt.date | None = None) -> QuerySet[Organisation]:
    """Municipalities valid on `on`, by name."""
    day = on or timezone.localdate()
    return (
        Organisation.objects.active_on(day)
        .filter(kind=Organisation.Kind.MUNICIPALITY)
        .order_by("name")
    )


def organisation_member_counts(*, on: dt.date | None = None) -> QuerySet[Organisation]:
    """Areas and pilots with the number of member municipalities linked on `on`."""
    day = on or timezone.localdate()
    active = (
        Q(child_relations__kind=OrganisationRelation.Kind.MEMBER)
        & Q(child_relations__valid_from__lte=day)
        & (
            Q(child_relations__valid_until__isnull=True)
            | Q(child_relations__valid_until__gte=day)
        )
    )
    return (
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.EMPLOYMENT_AREA, Organisation.Kind.PILOT]
        )
        .annotate(member_count=Count("child_relations", filter=active))
        .order_by("name")
    )


PERSONAL_DATA_ROLES = (MembershipRole.CASEWORKER, MembershipRole.TEAM_LEAD)
AGGREGATE_ROLES = (MembershipRole.COORDINATOR, MembershipRole.BOARD_VIEWER)


def roles_in_organisation(
    *, user: User, organisation_id: int, on: dt.date | None = None
) -> set[str]:
    """The user's roles that cover `organisation_id` directly or through its area.

    Memoised on the user object like user_roles: the jobseeker page asks
    three times (may edit, may assign, which transitions) for one case.
    """
    day = on or timezone.localdate()

    def compute() -> set[str]:
        parents = (
            OrganisationRelation.objects.active_on(day)
            .filter(kind=OrganisationRelation.Kind.MEMBER, child_id=organisation_id)
            .values("parent_id")
        )
        return set(
            Membership.objects.active_on(day)
            .filter(user_id=user.pk)
            .filter(Q(organisation_id=organisation_id) | Q(organisation_id__in=parents))
            .values_list("role", flat=True)
        )

    return set(on_user(user, "roles_in", (organisation_id, day), compute))


def team_lead_ids_for(*, organisation_id: int, on: dt.date | None = None) -> list[int]:
    """Users who lead teams in `organisation_id` on `on`."""
    day = on or timezone.localdate()
    return list(
        Membership.objects.active_on(day)
        .filter(organisation_id=organisation_id, role=MembershipRole.TEAM_LEAD)
        .values_list("user_id", flat=True)
    )
