"""Persona fixtures: one user per role, placed where access tests need them.

Kalajoki (208) is "our" municipality, a member of the Ylivieska-Kalajoki-Nivala
employment area; Heinola (111) is "another municipality" outside that area.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from accounts.tests.factories import MembershipFactory, UserFactory
from cases import services
from cases.models import Case
from cases.tests.factories import temporary_identity_code
from organisations.models import Membership, Organisation, OrganisationRelation
from organisations.tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User

SINCE = dt.date(2024, 1, 1)


@pytest.fixture
def municipality(db: None) -> Organisation:
    return MunicipalityFactory(municipality_code="208", name="Kalajoki")


@pytest.fixture
def other_municipality(db: None) -> Organisation:
    return MunicipalityFactory(
        municipality_code="111", name="Heinola", region="Päijät-Häme"
    )


@pytest.fixture
def employment_area(municipality: Organisation) -> Organisation:
    area = AreaFactory(name="Testin työllisyysalue")
    OrganisationRelation.objects.create(
        parent=area,
        child=municipality,
        kind=OrganisationRelation.Kind.MEMBER,
        valid_from=dt.date(2025, 1, 1),
    )
    return area


@pytest.fixture
def partner_organisation(db: None) -> Organisation:
    return OrganisationFactory(kind=Organisation.Kind.THIRD_SECTOR, name="Testipaja ry")


def _persona(
    username: str, organisation: Organisation, role: str, **extra: object
) -> User:
    user = UserFactory(username=username, **extra)
    MembershipFactory(user=user, organisation=organisation, role=role, valid_from=SINCE)
    return user


@pytest.fixture
def caseworker(municipality: Organisation) -> User:
    return _persona("caseworker", municipality, Membership.Role.CASEWORKER)


@pytest.fixture
def other_municipality_caseworker(other_municipality: Organisation) -> User:
    return _persona("other.caseworker", other_municipality, Membership.Role.CASEWORKER)


@pytest.fixture
def team_lead(municipality: Organisation) -> User:
    return _persona("teamlead", municipality, Membership.Role.TEAM_LEAD)


@pytest.fixture
def coordinator(employment_area: Organisation) -> User:
    return _persona("coordinator", employment_area, Membership.Role.COORDINATOR)


@pytest.fixture
def board_viewer(municipality: Organisation) -> User:
    return _persona("board", municipality, Membership.Role.BOARD_VIEWER)


@pytest.fixture
def partner_user(partner_organisation: Organisation) -> User:
    return _persona("partner", partner_organisation, Membership.Role.PARTNER_WORKER)


@pytest.fixture
def admin_user(municipality: Organisation) -> User:
    """An administrator with a confirmed TOTP device (two-factor is required)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = _persona(
        "administrator",
        municipality,
        Membership.Role.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def sign_in(client: Client, user: User) -> None:
    """Log the client in as `user`, past the second factor when the user has one
    (as django_otp.login does after a correct code)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


_codes = itertools.count(5000)

Register = Callable[..., Case]


@pytest.fixture
def register(caseworker: User, municipality: Organisation) -> Register:
    """Register a jobseeker through the service, as the caseworker persona."""

    def _register(
        registered_on: dt.date = dt.date(2025, 5, 2),
        *,
        identity_code: str | None = None,
        organisation: Organisation | None = None,
        actor: User | None = None,
        **data: Any,
    ) -> Case:
        organisation = organisation or municipality
        fields = {"first_names": "Testi", "last_name": "Henkilö", **data}
        return services.jobseeker_register(
            organisation=organisation,
            home_municipality=organisation,
            identity_code=identity_code or temporary_identity_code(next(_codes)),
            data=services.JobseekerData(**fields),
            registered_on=registered_on,
            status_at_start="unemployed",
            caseworker=actor or caseworker,
            actor=actor or caseworker,
        )

    return _register


def record_a_full_case(
    case: Case,
    *,
    caseworker: User,
    started: dt.date,
    today: dt.date,
    work_ability_notes: str = "",
) -> tuple[Any, Any, Any, Any]:
    """Fill `case` with one of every record a jobseeker page shows (interview,
    assessment, employment plan, service, job offer, pay-subsidy decision),
    made through the services as a caseworker would. Returns (plan version,
    service, job offer, decision) for tests that link to them."""
    from appropriations import services as appropriation_services
    from cases.models import ServiceType

    first_meeting = started + dt.timedelta(days=1)
    services.meeting_record(
        case=case,
        kind="initial_interview",
        held_on=first_meeting,
        channel="office",
        summary="",
        actor=caseworker,
    )
    values: dict[str, Any] = {
        "assessed_on": first_meeting,
        "education_level": "vocational",
        "skills": "Varastotyö",
        "work_ability": "reduced",
    }
    if work_ability_notes:
        values["work_ability_notes"] = work_ability_notes
    services.assessment_save(
        case=case, values=values, expected_version=None, actor=caseworker
    )
    plan = services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=0,
        agreed_on=first_meeting,
        goal="Työ varastossa",
        services="Valmennus",
        applications_per_month=4,
        obligation_reason="",
        contact_channel="e_service",
        valid_until=None,
        tasks=[services.TaskData(description="Päivitä CV")],
        actor=caseworker,
    )
    service = services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code="coaching"),
        started_on=started + dt.timedelta(days=2),
        planned_end_on=today + dt.timedelta(days=60),
        provider="Testivalmennus Oy",
        actor=caseworker,
    )
    offer = services.job_offer_create(
        case=case,
        offered_on=today,
        employer="Testi Oy",
        job_title="Varastotyöntekijä",
        vacancy_reference="",
        apply_by=None,
        actor=caseworker,
    )
    decision = appropriation_services.decision_record(
        case=case,
        actor=caseworker,
        appropriation="pay_subsidy",
        decided_on=started,
        starts_on=started,
        ends_on=started + dt.timedelta(days=60),
        amount_cents=100_000,
        employer_name="Kalajoen kaupunki",
        employer_business_id="0201256-6",
        subsidy_percent=50,
        municipality_own_post=True,
    )
    return plan, service, offer, decision
