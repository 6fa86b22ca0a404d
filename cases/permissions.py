"""Who may see and change jobseekers and cases (STYLE.md 2.6).

Lists are scoped in SQL by the reader's memberships; a detail lookup outside
that scope answers 404, exactly like a missing row, so an identifier reveals
nothing. Issue 4 adds partner grants (django-guardian) and break-the-glass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils import timezone

from organisations.models import MembershipRole
from organisations.selectors import (
    PERSONAL_DATA_ROLES,
    organisation_ids_covered,
    organisation_ids_for_roles,
    roles_in_organisation,
)

from .models import (
    Case,
    Jobseeker,
    JobseekerQuerySet,
    ProcessStep,
)
from .rules import transitions

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User
    from organisations.models import Organisation


def personal_data_organisation_ids(user: User) -> list[int]:
    """Ids of the organisations whose personal data the user may read today,
    as values (kept for the session: organisations.selectors._access_today).

    Scoping lists by these constants, not by the subquery itself
    (`organisation_id IN (SELECT ... OR ...)`), lets PostgreSQL see which
    organisations and how many rows they hold, so `organisation_id IN (10)`
    walks an (organisation, ...) index in order. Behind the subquery the
    planner sorted every organisation's due steps for one worklist page and
    scanned the jobseekers' primary key backwards through 15,000 rows for an
    API page of a small municipality (100,000 jobseekers; benchmarks/run.py,
    docs/scaling.md).
    """
    return organisation_ids_for_roles(user=user, roles=PERSONAL_DATA_ROLES)


def jobseekers_visible_to(user: User) -> JobseekerQuerySet:
    """Jobseekers of the organisations the user serves as caseworker or team lead."""
    return Jobseeker.objects.for_organisations(personal_data_organisation_ids(user))


def cases_visible_to(user: User) -> QuerySet[Case]:
    return Case.objects.filter(organisation_id__in=personal_data_organisation_ids(user))


def steps_visible_to(user: User) -> QuerySet[ProcessStep]:
    return ProcessStep.objects.filter(
        organisation_id__in=personal_data_organisation_ids(user)
    )


def can_use_caseworker_pages(user: User) -> bool:
    """Caseworker pages are for users holding a caseworker or team lead role."""
    from organisations.selectors import user_roles

    return bool(user_roles(user=user) & set(PERSONAL_DATA_ROLES))


def get_jobseeker_for_user(user: User, pk: int) -> Jobseeker:
    """The jobseeker if the user may see them, else 404 (same as a missing one)."""
    try:
        return (
            jobseekers_visible_to(user)
            .select_related("organisation", "home_municipality")
            .get(pk=pk)
        )
    except Jobseeker.DoesNotExist as exc:
        raise Http404 from exc


def get_case_for_user(user: User, pk: int) -> Case:
    try:
        return (
            cases_visible_to(user)
            .select_related(
                "jobseeker", "organisation", "caseworker", "job_search_period"
            )
            .get(pk=pk)
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def get_step_for_user(user: User, pk: int) -> ProcessStep:
    try:
        return steps_visible_to(user).select_related("case", "jobseeker").get(pk=pk)
    except ProcessStep.DoesNotExist as exc:
        raise Http404 from exc


def case_roles(user: User, case: Case) -> set[str]:
    return roles_in_organisation(user=user, organisation_id=case.organisation_id)


def can_edit_case(user: User, case: Case) -> bool:
    """Caseworkers and team leads of the case's organisation record on open cases."""
    return case.is_open and bool(case_roles(user, case) & set(PERSONAL_DATA_ROLES))


def allowed_transitions(user: User, case: Case) -> list[str]:
    return transitions.allowed_case_transitions(case.status, case_roles(user, case))


def can_assign_case(user: User, case: Case) -> bool:
    """Team leads assign cases; a caseworker may take an unassigned case."""
    roles = case_roles(user, case)
    if MembershipRole.TEAM_LEAD in roles:
        return True
    return MembershipRole.CASEWORKER in roles and case.caseworker_id is None


def is_team_lead(user: User) -> bool:
    from organisations.selectors import user_roles

    return MembershipRole.TEAM_LEAD in user_roles(user=user)


# --- Partners (django-guardian grants through referrals) --------------------

VIEW_CASE = "cases.view_case"


def grant_case_to_partner(case: Case, partner: Organisation) -> None:
    """Let the partner organisation's workers view the case (one group grant)."""
    from guardian.shortcuts import assign_perm

    from organisations.services import organisation_group

    assign_perm(VIEW_CASE, organisation_group(partner), case)


def revoke_case_from_partner(case: Case, partner: Organisation) -> None:
    from guardian.shortcuts import remove_perm

    from organisations.services import organisation_group

    remove_perm(VIEW_CASE, organisation_group(partner), case)


# --- Break-the-glass ------------------------------------------------------------


def break_glass_active(user: User, jobseeker_id: int) -> bool:
    """Whether the user holds an unexpired break-the-glass access to the jobseeker."""
    from .models import BreakGlassAccess

    return BreakGlassAccess.objects.filter(
        user=user, jobseeker_id=jobseeker_id, expires_at__gt=timezone.now()
    ).exists()


def get_jobseeker_access(user: User, pk: int) -> tuple[Jobseeker, bool]:
    """The jobseeker and whether the read goes through break-the-glass.

    In scope: the normal read. Outside scope: only with an unexpired
    break-the-glass access of this user; otherwise 404 like a missing row.
    """
    try:
        return get_jobseeker_for_user(user, pk), False
    except Http404:
        if not (can_use_caseworker_pages(user) and break_glass_active(user, pk)):
            raise
    try:
        jobseeker = Jobseeker.objects.select_related(
            "organisation", "home_municipality"
        ).get(pk=pk)
    except Jobseeker.DoesNotExist as exc:
        raise Http404 from exc
    return jobseeker, True


def break_glass_reviewable_by(user: User) -> QuerySet[Any]:
    """Break-the-glass reads by members of the organisations the team lead leads."""
    from organisations.models import Membership

    from .models import BreakGlassAccess

    led = organisation_ids_covered(user=user, roles=[MembershipRole.TEAM_LEAD])
    members = Membership.objects.filter(organisation_id__in=led).values("user_id")
    return BreakGlassAccess.objects.filter(user_id__in=members).exclude(user=user)
