"""Reads about organisations and memberships; the SQL basis of all scoping."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.memo import per_session

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


def _access_today(user: User) -> dict[str, list[list[Any]]]:
    """The user's memberships today and the municipalities their areas cover.

    Kept for the session (core.memo.per_session): the menu, every access
    check, the list scoping and the two-factor middleware ask on every
    request, and the answer changes only with a membership, a team or an
    area's member link, each of which increments the user's access version
    (accounts.signals). Two queries, once per session and day.
    """

    def compute() -> dict[str, list[list[Any]]]:
        day = timezone.localdate()
        memberships = [
            list(row)
            for row in Membership.objects.active_on(day)
            .filter(user_id=user.pk)
            .values_list("organisation_id", "role", "team_id", "team__name")
        ]
        parents = {row[0] for row in memberships}
        children = (
            [
                list(row)
                for row in OrganisationRelation.objects.active_on(day)
                .filter(kind=OrganisationRelation.Kind.MEMBER, parent_id__in=parents)
                .values_list("parent_id", "child_id")
            ]
            if parents
            else []
        )
        return {"memberships": memberships, "children": children}

    return per_session(user, "access", compute)


def _roles_by_organisation_today(user: User) -> dict[int, set[str]]:
    """Each organisation the user covers today and their roles in it: an
    area's roles reach its member municipalities."""
    access = _access_today(user)
    children: dict[int, list[int]] = {}
    for parent, child in access["children"]:
        children.setdefault(parent, []).append(child)
    roles: dict[int, set[str]] = {}
    for organisation_id, role, _team_id, _team_name in access["memberships"]:
        for covered in (organisation_id, *children.get(organisation_id, [])):
            roles.setdefault(covered, set()).add(role)
    return roles


def _is_today(on: dt.date | None) -> bool:
    return on is None or on == timezone.localdate()


def user_roles(*, user: User, on: dt.date | None = None) -> set[str]:
    """The distinct roles the user holds on `on` (default today; today's
    answer is kept for the session, _access_today)."""
    if _is_today(on):
        return {row[1] for row in _access_today(user)["memberships"]}
    return set(
        Membership.objects.active_on(on or timezone.localdate())
        .filter(user_id=user.pk)
        .values_list("role", flat=True)
    )


def organisation_ids_on(
    *, user: User, roles: Iterable[str], on: dt.date | None = None
) -> list[int] | QuerySet[Organisation, int]:
    """The organisations the user acts for in `roles` on `on`, for
    `filter(..._id__in=...)`: today's as values (kept for the session),
    another day's as organisation_ids_covered's subquery.

    Values, because behind the subquery the planner cannot see which
    organisations or how many rows they hold: it read every active referral
    of every partner for one partner's list, and every jobseeker in the
    country for an area's counts (issue 21, docs/performance.md section 8)."""
    if on is None or on == timezone.localdate():
        return organisation_ids_for_roles(user=user, roles=roles)
    return organisation_ids_covered(user=user, roles=roles, on=on)


def organisation_ids_for_roles(*, user: User, roles: Iterable[str]) -> list[int]:
    """Ids of the organisations the user acts for today in any of `roles`,
    as values (organisation_ids_covered as a list, kept for the session)."""
    wanted = set(roles)
    return sorted(
        organisation_id
        for organisation_id, held in _roles_by_organisation_today(user).items()
        if held & wanted
    )


def led_teams(*, user: User) -> list[tuple[int, str]]:
    """The teams the user leads today, as (id, name), by name."""
    teams = {
        (team_id, team_name)
        for _organisation_id, role, team_id, team_name in _access_today(user)[
            "memberships"
        ]
        if role == MembershipRole.TEAM_LEAD and team_id is not None
    }
    return sorted(teams, key=lambda team: (team[1], team[0]))


def led_team_member_ids(*, user: User) -> list[int]:
    """The users in the teams the user leads, today (the lead included).

    Kept for the session like the user's own access: a membership joining
    or leaving a team increments the version of the team's leads
    (accounts.signals). As constants in the worklist's team scope,
    `assignee_id IN (...) OR assignee_id IS NULL` is two walks of the
    assignee index; behind the membership subquery the planner walked the
    organisation's every due step (35 ms instead of 2.5 ms for a team of
    eight, issue 21).
    """
    teams = [team_id for team_id, _name in led_teams(user=user)]
    if not teams:
        return []

    def compute() -> list[int]:
        return sorted(
            set(
                Membership.objects.active_on(timezone.localdate())
                .filter(team_id__in=teams)
                .values_list("user_id", flat=True)
            )
        )

    return list(per_session(user, "led_team_members", compute))


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
    """The user's roles that cover `organisation_id` directly or through its area."""
    if _is_today(on):
        return set(_roles_by_organisation_today(user).get(organisation_id, set()))
    day = on or timezone.localdate()
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


def team_lead_ids_for(*, organisation_id: int, on: dt.date | None = None) -> list[int]:
    """Users who lead teams in `organisation_id` on `on`."""
    day = on or timezone.localdate()
    return list(
        Membership.objects.active_on(day)
        .filter(organisation_id=organisation_id, role=MembershipRole.TEAM_LEAD)
        .values_list("user_id", flat=True)
    )
