"""Deciding one person, when one of their facts changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cases.models import JobSearchPeriod, Jobseeker, ServicePeriod
from organisations.models import OrganisationRelation
from pilots import rules
from pilots.models import EligibilityResult, Pilot

from .rule_versions import rule_set_in_force
from .target_group import pilot_member_ids

if TYPE_CHECKING:
    import datetime as dt


def person_facts(
    jobseeker: Jobseeker, *, pilot: Pilot, on: dt.date
) -> rules.PersonFacts:
    members = set(pilot_member_ids(pilot, on))
    period = (
        JobSearchPeriod.objects.filter(jobseeker=jobseeker, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .first()
    )
    active_service = (
        ServicePeriod.objects.filter(
            case__jobseeker=jobseeker,
            service_type__counts_as_active=True,
            started_on__lte=on,
        )
        .exclude(ended_on__lt=on)
        .exists()
    )
    return rules.PersonFacts(
        birth_date=jobseeker.birth_date,
        benefit_type=jobseeker.benefit_type,
        is_immigrant=jobseeker.is_immigrant,
        mother_tongue=jobseeker.mother_tongue,
        under_temporary_protection=jobseeker.under_temporary_protection,
        home_municipality_registered=jobseeker.home_municipality_registered,
        home_in_pilot_area=jobseeker.home_municipality_id in members,
        in_job_search=period is not None,
        status=period.status_at_start if period else "",
        in_active_service=active_service,
    )


@transaction.atomic
def eligibility_evaluate_jobseeker(
    *, jobseeker: Jobseeker, pilot: Pilot, on: dt.date
) -> EligibilityResult | None:
    """Decide one person now (after a fact changed); store it with the version used."""
    rule_set = rule_set_in_force(on=on)
    if rule_set is None:
        return None
    decision = rules.evaluate(
        person_facts(jobseeker, pilot=pilot, on=on),
        rules.clauses_from_data(rule_set.clauses),
        on=on,
    )
    result, _created = EligibilityResult.objects.update_or_create(
        jobseeker=jobseeker,
        pilot=pilot,
        defaults={
            "organisation_id": jobseeker.organisation_id,
            "rule_set": rule_set,
            "evaluated_on": on,
            "eligible": decision.eligible,
            "clause": decision.clause,
            "age": decision.age,
            "computed_at": timezone.now(),
        },
    )
    return result


def pilots_for_municipality(*, municipality_id: int, on: dt.date) -> list[Pilot]:
    parents = (
        OrganisationRelation.objects.active_on(on)
        .filter(child_id=municipality_id, kind=OrganisationRelation.Kind.MEMBER)
        .values("parent_id")
    )
    return list(
        Pilot.objects.filter(organisation_id__in=parents).select_related("organisation")
    )


def eligibility_reevaluate_jobseeker(*, jobseeker_id: int, on: dt.date) -> int:
    """Re-decide a person for every pilot covering their (new) home municipality
    and every pilot that decided them before; returns how many results changed."""
    jobseeker = Jobseeker.objects.get(pk=jobseeker_id)
    pilots = {
        p.pk: p
        for p in pilots_for_municipality(
            municipality_id=jobseeker.home_municipality_id, on=on
        )
    }
    for result in EligibilityResult.objects.filter(jobseeker=jobseeker).select_related(
        "pilot"
    ):
        pilots.setdefault(result.pilot_id, result.pilot)
    for pilot in pilots.values():
        eligibility_evaluate_jobseeker(jobseeker=jobseeker, pilot=pilot, on=on)
    return len(pilots)
