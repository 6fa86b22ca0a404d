"""Who may see and change jobseekers and cases (STYLE.md 2.6).

Lists are scoped in SQL by the reader's memberships; a detail lookup outside
that scope answers 404, exactly like a missing row, so an identifier reveals
nothing. Issue 4 adds partner grants (django-guardian) and break-the-glass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from organisations.models import MembershipRole
from organisations.selectors import (
    PERSONAL_DATA_ROLES,
    organisation_ids_covered,
    roles_in_organisation,
)

from .models import Case, Jobseeker, JobseekerQuerySet, ProcessStep
from .rules import transitions

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User


def jobseekers_visible_to(user: User) -> JobseekerQuerySet:
    """Jobseekers of the organisations the user serves as caseworker or team lead."""
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    return Jobseeker.objects.for_organisations(covered)


def cases_visible_to(user: User) -> QuerySet[Case]:
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    return Case.objects.filter(organisation_id__in=covered)


def steps_visible_to(user: User) -> QuerySet[ProcessStep]:
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    return ProcessStep.objects.filter(organisation_id__in=covered)


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
