"""Who may work with partnership agreements, and what a partner worker sees
of the cases shared with their organisation.

Agreements, budgets and service matrices hold no personal data (the steering
group is recorded by title), so coordinators and administrators see all of
them, as they see all pilots. Everyone else gets a 404.

A shared case is visible to a partner worker while their organisation holds
the django-guardian grant on it and an active referral (consent in force,
agreement in force) exists; of it they see only the data categories the
jobseeker's consent covers within what the agreement allows for the
partner's kind of organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CaseGroupObjectPermission
from organisations.models import MembershipRole
from organisations.selectors import (
    organisation_ids_covered,
    organisation_ids_for_roles,
    organisation_ids_on,
    user_roles,
)
from partners.models import Referral

from .models import DataCategory, DataSharingTerm, PartnershipAgreement

if TYPE_CHECKING:
    import datetime as dt

    from django.db.models import QuerySet

    from accounts.models import User

MANAGER_ROLES = {MembershipRole.COORDINATOR, MembershipRole.ADMINISTRATOR}
PARTNER_ROLES = (MembershipRole.PARTNER_WORKER,)


def can_manage_agreements(user: User) -> bool:
    return bool(user_roles(user=user) & MANAGER_ROLES)


def can_use_partner_pages(user: User) -> bool:
    """The shared-case pages are for partner workers."""
    return bool(user_roles(user=user) & set(PARTNER_ROLES))


def partner_organisation_ids(user: User) -> list[int]:
    """The organisations the user works for as a partner today, as values
    (kept for the session): shared_cases_page's `partners`."""
    return organisation_ids_for_roles(user=user, roles=PARTNER_ROLES)


def partner_cases_visible_to(
    user: User, *, on: dt.date | None = None
) -> QuerySet[Case]:
    """Cases shared with an organisation the user works for as a partner.

    All in SQL, never get_objects_for_user: the user's partner memberships
    give organisations; a case is visible when one of them holds the
    guardian grant on it and an active referral (consent in force) exists.
    """
    day = on or timezone.localdate()
    partners = organisation_ids_on(user=user, roles=PARTNER_ROLES, on=day)
    granted = CaseGroupObjectPermission.objects.filter(
        group__organisation__id__in=partners,
        permission__codename="view_case",
        content_object_id=OuterRef("pk"),
    )
    referred = Referral.objects.active(on=day).filter(
        partner_id__in=partners,
        case_id=OuterRef("pk"),
        agreement_id__in=PartnershipAgreement.objects.in_force(on=day).values("pk"),
    )
    return Case.objects.filter(Exists(granted), Exists(referred))


def get_partner_case_for_user(user: User, pk: int) -> Case:
    try:
        return (
            partner_cases_visible_to(user)
            .select_related("jobseeker__home_municipality", "organisation")
            .get(pk=pk)
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def partner_categories(
    user: User, case: Case, *, on: dt.date | None = None
) -> set[str]:
    """The data categories the user may see of a shared case: what the consent
    covers, within what the agreement allows for the partner's kind."""
    day = on or timezone.localdate()
    partners = organisation_ids_covered(user=user, roles=PARTNER_ROLES, on=day)
    categories: set[str] = set()
    referrals = (
        Referral.objects.active(on=day)
        .filter(case=case, partner_id__in=partners)
        .select_related("partner")
    )
    for referral in referrals:
        allowed = (
            DataSharingTerm.objects.filter(
                agreement_id=referral.agreement_id,
                organisation_kind=referral.partner.kind,
            )
            .values_list("categories", flat=True)
            .first()
            or []
        )
        categories |= set(referral.consent_scope) & set(allowed)
    return categories


@dataclass(frozen=True)
class SharedCaseView:
    """What a partner worker may see of one shared case, decided once."""

    categories: frozenset[str]
    shows_contact: bool
    shows_identity_code: bool
    shows_health: bool
    shows_assessment: bool
    shows_plans: bool
    shows_services: bool
    # Notes are shared only with the assessment category or health consent;
    # health-related notes only with health consent.
    shows_notes: bool
    shows_health_notes: bool


def shared_case_view(categories: set[str] | frozenset[str]) -> SharedCaseView:
    """What the partner sees, given the categories of partner_categories."""
    return SharedCaseView(
        categories=frozenset(categories),
        shows_contact=DataCategory.CONTACT in categories,
        shows_identity_code=DataCategory.IDENTITY_CODE in categories,
        shows_health=DataCategory.HEALTH in categories,
        shows_assessment=DataCategory.ASSESSMENT in categories,
        shows_plans=DataCategory.PLANS in categories,
        shows_services=DataCategory.SERVICES in categories,
        shows_notes=bool(categories & {DataCategory.ASSESSMENT, DataCategory.HEALTH}),
        shows_health_notes=DataCategory.HEALTH in categories,
    )
