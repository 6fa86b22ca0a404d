"""What a registration and a person's facts set going: statuses and deadlines.

One derivation for every write path: the registration at the desk
(cases.services.jobseekers), the registration of a whole file
(cases.services.jobseekers_bulk) and the services that re-check the
triggers when facts or plans change all ask these functions, so a person
imported from a file gets exactly the deadlines of one registered by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext as _

from . import process as process_rules
from . import triggers
from .identity import age_on

if TYPE_CHECKING:
    import datetime as dt


class BenefitFigures(Protocol):
    """The benefit figures a jobseeker (or the data registering one) carries."""

    lms_days_for_unemployment: int
    lms_days_last_12_months: int
    lms_days_after_max_allowance: int
    max_allowance_period_exhausted: bool
    months_main_income_social_assistance: int


def benefit_facts_from(
    figures: BenefitFigures,
    *,
    birth_date: dt.date,
    on: dt.date,
    has_employment_plan: bool,
    months_continuously_unemployed: int,
) -> triggers.BenefitFacts:
    """The facts the trigger rules read, on `on`."""
    return triggers.BenefitFacts(
        age=age_on(birth_date, on),
        has_employment_plan=has_employment_plan,
        lms_days_for_unemployment=figures.lms_days_for_unemployment,
        lms_days_last_12_months=figures.lms_days_last_12_months,
        lms_days_after_max_allowance=figures.lms_days_after_max_allowance,
        max_allowance_period_exhausted=figures.max_allowance_period_exhausted,
        months_main_income_social_assistance=figures.months_main_income_social_assistance,
        months_continuously_unemployed=months_continuously_unemployed,
    )


@dataclass(frozen=True)
class Integration:
    """The facts the integration-plan trigger reads."""

    is_immigrant: bool
    first_residence_on: dt.date | None
    integration_need: bool


@dataclass(frozen=True)
class Existing:
    """What the case already has, which a triggered deadline would repeat."""

    activation_plan: bool = False
    integration_plan: bool = False
    # The multi-sectoral plan or service, or an assessment step not cancelled.
    multisectoral: bool = False


def activation_plan_due(
    facts: triggers.BenefitFacts, *, on: dt.date, existing: Existing
) -> process_rules.Deadline | None:
    """The activation plan deadline, once its trigger holds and no plan exists."""
    if existing.activation_plan:
        return None
    if not triggers.activation_plan_trigger(facts, on=on).triggered:
        return None
    return process_rules.activation_plan_deadline(triggered_on=on)


def multisectoral_assessment_due(
    facts: triggers.BenefitFacts, *, on: dt.date, existing: Existing
) -> process_rules.Deadline | None:
    """The multi-sectoral assessment deadline when its trigger holds on `on`
    (from 2025 when its former criteria prompt one), once per case, unless the
    multi-sectoral service or plan is already there."""
    result = triggers.multisectoral_assessment_trigger(facts, on=on)
    if not (result.triggered or result.advisory) or existing.multisectoral:
        return None
    return process_rules.multisectoral_assessment_deadline(triggered_on=on)


def integration_plan_due(
    integration: Integration, *, on: dt.date, existing: Existing
) -> process_rules.Deadline | None:
    """The integration plan deadline, once its trigger holds and no plan exists."""
    if existing.integration_plan:
        return None
    result = triggers.integration_plan_needed(
        is_immigrant=integration.is_immigrant,
        first_residence_on=integration.first_residence_on,
        on=on,
        integration_need=integration.integration_need,
    )
    if not result.triggered:
        return None
    return process_rules.integration_plan_deadline(assessed_on=on)


def triggered_deadlines(
    facts: triggers.BenefitFacts,
    integration: Integration,
    *,
    on: dt.date,
    existing: Existing,
) -> list[process_rules.Deadline]:
    """The activation plan, multi-sectoral assessment and integration plan
    deadlines the facts call for on `on`, in that order."""
    due = (
        activation_plan_due(facts, on=on, existing=existing),
        multisectoral_assessment_due(facts, on=on, existing=existing),
        integration_plan_due(integration, on=on, existing=existing),
    )
    return [deadline for deadline in due if deadline is not None]


@dataclass(frozen=True)
class Registration:
    """What registering a job search starts."""

    initial_interview_required: bool
    # A returning jobseeker within the re-interview gap goes straight on
    # with the 3-monthly discussions: the case is active from the start.
    starts_active: bool
    # In the order they are created: the interview (or next discussion)
    # first, then the triggered ones.
    deadlines: list[process_rules.Deadline]


def registration_derive(
    *,
    registered_on: dt.date,
    previous_job_search_end: dt.date | None,
    facts: triggers.BenefitFacts,
    integration: Integration,
) -> Registration:
    """The case status and deadlines of a new job search; the case is new,
    so no triggered deadline is there yet."""
    needs_interview = process_rules.initial_interview_required(
        job_search_start=registered_on,
        previous_job_search_end=previous_job_search_end,
    )
    if needs_interview:
        first = process_rules.initial_interview_deadline(job_search_start=registered_on)
    else:
        # A returning jobseeker within 6 months continues with the 3-monthly
        # job search discussions, counted from the new registration.
        first = process_rules.job_search_discussion_deadline(
            anchor=registered_on, anchor_event="registration"
        )
    deadlines = [first] if first is not None else []
    deadlines += triggered_deadlines(
        facts, integration, on=registered_on, existing=Existing()
    )
    return Registration(
        initial_interview_required=needs_interview,
        starts_active=not needs_interview,
        deadlines=deadlines,
    )


@dataclass(frozen=True)
class Refusal:
    """Why a registration cannot be made; `field` None for the whole form."""

    field: str | None
    message: str


def registration_refusal(
    *,
    client_of: int | None,
    organisation_id: int,
    latest_job_search: tuple[dt.date, dt.date | None] | None,
    registered_on: dt.date,
) -> Refusal | None:
    """Whether a person (client of organisation `client_of`, None when new,
    whose latest job search is (start, end)) may start a job search on
    `registered_on` in `organisation_id`."""
    if client_of is not None and client_of != organisation_id:
        # The responsible organisation does not change by registration:
        # moving a client is a transfer.
        return Refusal(
            None,
            _("This person is a client of another organisation; ask for a transfer."),
        )
    if latest_job_search is not None:
        ended_on = latest_job_search[1]
        if ended_on is None or ended_on >= registered_on:
            return Refusal(
                "registered_on",
                _("The jobseeker already has a job search on this date."),
            )
    return None
