"""The agreement lifecycle, access ending with the agreement, the project
money and the matrix check, through the services and selectors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organisations.models import Organisation
from partners import permissions as partner_permissions
from partners import seed_data, selectors, services
from partners.models import (
    AgreementParty,
    CatalogueService,
    DataSharingTerm,
    PartnershipAgreement,
    Project,
    ProjectParty,
    Responsibility,
)
from partners.services import referrals as referral_services

if TYPE_CHECKING:
    from accounts.models import User
    from partners.models import Referral
    from tests.personas import Register

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def draft(
    municipality: Organisation, partner_organisation: Organisation
) -> PartnershipAgreement:
    agreement = PartnershipAgreement.objects.create(
        name="Kumppanuussopimus", valid_from=dt.date(2024, 1, 1)
    )
    for organisation, role in (
        (municipality, "member_municipality"),
        (partner_organisation, "third_sector"),
    ):
        AgreementParty.objects.create(
            agreement=agreement, organisation=organisation, role=role
        )
    DataSharingTerm.objects.create(
        agreement=agreement,
        organisation_kind="third_sector",
        categories=["contact", "plans"],
        max_days=365,
    )
    services.version_create(agreement=agreement, summary="Yhteiset menettelytavat")
    services.negotiation_start(agreement=agreement)
    return agreement


def _approve(agreement: PartnershipAgreement, party: AgreementParty) -> None:
    services.approval_record(
        agreement=agreement,
        party=party,
        decision_body="KHALL",
        decided_on=dt.date(2019, 12, 17),
        section="§ 228",
    )


def _parties(agreement: PartnershipAgreement) -> list[AgreementParty]:
    return list(agreement.parties.order_by("id"))


def test_no_force_without_every_approval(draft: PartnershipAgreement) -> None:
    first, second = _parties(draft)
    _approve(draft, first)

    with pytest.raises(ValidationError, match="hyväksyntä puuttuu"):
        services.bring_into_force(agreement=draft)
    draft.refresh_from_db()
    assert draft.status == "negotiation"

    _approve(draft, second)
    draft.refresh_from_db()
    assert draft.status == "approved"
    services.bring_into_force(agreement=draft)
    assert draft.status == "in_force"
    assert draft.is_in_force_on(TODAY())


def test_an_approval_is_cited_as_the_minutes_do(draft: PartnershipAgreement) -> None:
    _approve(draft, _parties(draft)[0])

    approval = services.current_version(draft).approvals.get()  # type: ignore[union-attr]
    assert approval.citation == "KHALL 17.12.2019 § 228"


def test_a_new_version_needs_new_approvals(draft: PartnershipAgreement) -> None:
    first, second = _parties(draft)
    _approve(draft, first)

    services.version_create(agreement=draft, summary="Muutettu tietojen luovutus")

    assert services.missing_parties(draft) == [first, second]


def test_a_party_approves_a_version_once(draft: PartnershipAgreement) -> None:
    first = _parties(draft)[0]
    _approve(draft, first)

    with pytest.raises(ValidationError, match="jo hyväksynyt"):
        _approve(draft, first)


def test_an_agreement_cannot_skip_its_lifecycle(draft: PartnershipAgreement) -> None:
    with pytest.raises(ValidationError):
        services.agreement_end(agreement=draft, on=TODAY())
    draft.status = "draft"
    with pytest.raises(ValidationError):
        services.bring_into_force(agreement=draft)


def _in_force(agreement: PartnershipAgreement) -> PartnershipAgreement:
    for party in _parties(agreement):
        _approve(agreement, party)
    agreement.refresh_from_db()
    services.bring_into_force(agreement=agreement)
    return agreement


def _refer(
    register: Register,
    caseworker: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> Referral:
    return referral_services.referral_create(
        case=register(TODAY()),
        partner=partner_organisation,
        agreement=agreement,
        purpose="Kuntouttava työtoiminta",
        consent_given_on=TODAY(),
        consent_scope=["contact"],
        valid_from=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=90),
        actor=caseworker,
    )


def test_terminating_the_agreement_ends_the_partners_access_at_once(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    draft: PartnershipAgreement,
) -> None:
    agreement = _in_force(draft)
    referral = _refer(register, caseworker, partner_organisation, agreement)
    assert partner_permissions.partner_cases_visible_to(partner_user).count() == 1

    ended = services.agreement_end(agreement=agreement, on=TODAY(), terminated=True)

    assert ended == 1
    referral.refresh_from_db()
    assert referral.ended_on == TODAY()
    assert referral.end_reason == "agreement_ended"
    assert partner_permissions.partner_cases_visible_to(partner_user).count() == 0


def test_an_agreement_ending_later_keeps_access_until_its_last_day(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    draft: PartnershipAgreement,
) -> None:
    agreement = _in_force(draft)
    _refer(register, caseworker, partner_organisation, agreement)
    last_day = TODAY() + dt.timedelta(days=10)

    assert services.agreement_end(agreement=agreement, on=last_day) == 0
    assert partner_permissions.partner_cases_visible_to(partner_user).count() == 1
    assert services.agreements_close(on=last_day) == 0

    assert services.agreements_close(on=last_day + dt.timedelta(days=1)) == 1
    agreement.refresh_from_db()
    assert agreement.status == "ended"
    assert partner_permissions.partner_cases_visible_to(partner_user).count() == 0


# --- Money -------------------------------------------------------------------------


@pytest.fixture
def seeded() -> None:
    seed_data.load()


def _project() -> Project:
    return Project.objects.get(name__startswith="Tahtotilasta tulokseen")


def test_the_seed_project_splits_exactly(seeded: None) -> None:
    split = selectors.project_cost_split(_project())

    assert split.total_cents == 12_674_000
    assert split.external_cents == 10_139_200  # €101,392
    assert split.own_cents == 2_534_800  # €25,348
    cents = [row.cents for row in split.shares]
    assert len(cents) == 13
    assert sum(cents) == split.own_cents
    assert set(cents) == {194_984, 194_985}  # "about €1,950 each"
    assert all(c <= 195_000 for c in cents)  # Haapajärvi's cap (§ 149)


def test_seed_figures_that_disagree_are_warnings(seeded: None) -> None:
    warnings = {w.key: w.values for w in selectors.figure_warnings(_project())}

    assert set(warnings) == {"total_cost", "municipal_share_per_municipality"}
    assert sorted(v for v, _ in warnings["municipal_share_per_municipality"]) == [
        Decimal("1948"),
        Decimal("1949.85"),
        Decimal("1950"),
    ]
    assert Decimal("101392") in [v for v, _ in warnings["total_cost"]]


def test_a_cap_moves_the_rest_to_the_other_parties(seeded: None) -> None:
    project = _project()
    ProjectParty.objects.filter(project=project).update(cap_cents=100_000)
    first = project.parties.order_by("id").first()
    assert first is not None
    first.cap_cents = None
    first.save()

    split = selectors.project_cost_split(project)

    assert sum(r.cents for r in split.shares) == split.own_cents
    assert next(
        r for r in split.shares if r.organisation == first.organisation
    ).cents == (split.own_cents - 12 * 100_000)


def test_caps_that_cannot_cover_the_share_are_reported(seeded: None) -> None:
    project = _project()
    ProjectParty.objects.filter(project=project).update(cap_cents=1_000)

    split = selectors.project_cost_split(project)

    assert split.error == "caps"


def test_population_key_uses_the_municipalities_populations(seeded: None) -> None:
    project = _project()
    project.split_key = "population"

    split = selectors.project_cost_split(project)

    assert sum(r.cents for r in split.shares) == split.own_cents
    by_name = {r.organisation.municipality_code: r.cents for r in split.shares}
    assert by_name["977"] > by_name["483"]  # Ylivieska pays more than Merijärvi


# --- Matrix ------------------------------------------------------------------------


def _regional_model() -> PartnershipAgreement:
    return selectors.agreement_detail_queryset().get(
        name__startswith="Pohjois-Pohjanmaan maakunnallinen"
    )


def test_the_seed_matrix_shows_its_overlap(seeded: None) -> None:
    findings = selectors.matrix_findings(_regional_model())

    assert {f.kind for f in findings} == {"overlap"}
    assert {f.service for f in findings} == {"change-security"}
    assert len(findings) == len(seed_data.YLIVIESKA_AREA)


def test_a_statutory_service_nobody_produces_is_a_gap(seeded: None) -> None:
    agreement = _regional_model()
    Responsibility.objects.filter(
        agreement=agreement,
        service__code="job-mediation",
        producer__municipality_code="977",
    ).delete()

    findings = selectors.matrix_findings(_regional_model())

    gaps = [f for f in findings if f.kind == "gap"]
    merijarvi = Organisation.objects.get(municipality_code="483")
    assert {f.service for f in gaps} == {"job-mediation"}
    assert merijarvi.pk in {f.municipality for f in gaps}
    assert len(gaps) == len(seed_data.YLIVIESKA_AREA)


def test_loading_the_seeds_twice_adds_nothing(seeded: None) -> None:
    counts = (PartnershipAgreement.objects.count(), CatalogueService.objects.count())

    seed_data.load()

    assert counts == (
        PartnershipAgreement.objects.count(),
        CatalogueService.objects.count(),
    )
