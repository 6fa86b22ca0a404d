"""Sharing a case with a partner: consent, agreement and the guardian grant."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseGroupObjectPermission, Note
from partners import permissions
from partners.models import (
    AgreementParty,
    DataSharingTerm,
    PartnershipAgreement,
    Referral,
)
from partners.services import referrals as referral_services

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def agreement(
    municipality: Organisation, partner_organisation: Organisation
) -> PartnershipAgreement:
    agreement = PartnershipAgreement.objects.create(
        name="Kumppanuussopimus", status="in_force", valid_from=dt.date(2024, 1, 1)
    )
    AgreementParty.objects.create(
        agreement=agreement, organisation=municipality, role="member_municipality"
    )
    AgreementParty.objects.create(
        agreement=agreement, organisation=partner_organisation, role="third_sector"
    )
    DataSharingTerm.objects.create(
        agreement=agreement,
        organisation_kind="third_sector",
        categories=["contact", "plans", "services", "assessment", "identity_code"],
        max_days=365,
    )
    return agreement


def _share(
    case: Case,
    partner: Organisation,
    agreement: PartnershipAgreement,
    user: User,
    scope: list[str],
    days: int = 90,
) -> Referral:
    return referral_services.referral_create(
        case=case,
        partner=partner,
        agreement=agreement,
        purpose_kind=Referral.Purpose.REHABILITATIVE_WORK,
        consent_given_on=TODAY(),
        consent_scope=scope,
        valid_from=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=days),
        actor=user,
    )


def _visible(user: User) -> list[int]:
    return list(permissions.partner_cases_visible_to(user).values_list("pk", flat=True))


def test_a_referral_grants_the_partner_organisation_one_case(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    shared = register(TODAY())
    register(TODAY())

    _share(shared, partner_organisation, agreement, caseworker, ["contact"])

    assert _visible(partner_user) == [shared.pk]
    grant = CaseGroupObjectPermission.objects.get()
    assert grant.group == partner_organisation.group
    assert grant.content_object == shared


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scope": ["health"]}, "consent_scope"),
        ({"days": 400}, "valid_until"),
    ],
)
def test_sharing_beyond_the_agreement_is_refused(
    register: Register,
    caseworker: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
    change: dict[str, object],
    field: str,
) -> None:
    case = register(TODAY())
    scope = change.get("scope", ["contact"])
    days = change.get("days", 90)

    with pytest.raises(ValidationError) as excinfo:
        _share(case, partner_organisation, agreement, caseworker, scope, days)  # type: ignore[arg-type]

    assert field in excinfo.value.message_dict
    assert not Referral.objects.exists()


def test_an_agreement_not_in_force_allows_no_sharing(
    register: Register,
    caseworker: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    agreement.status = "negotiation"
    agreement.save()

    with pytest.raises(ValidationError):
        _share(register(TODAY()), partner_organisation, agreement, caseworker, [])


def test_withdrawn_consent_ends_access_at_once(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY())
    referral = _share(case, partner_organisation, agreement, caseworker, ["contact"])

    referral_services.referral_consent_withdraw(
        referral=referral, on=TODAY(), actor=caseworker
    )

    assert _visible(partner_user) == []
    assert not CaseGroupObjectPermission.objects.exists()
    referral.refresh_from_db()
    assert referral.end_reason == "consent_withdrawn"


def test_ending_the_agreement_ends_access_in_the_nightly_run(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY())
    _share(case, partner_organisation, agreement, caseworker, ["contact"])
    agreement.status = "terminated"
    agreement.save()

    # Access ends at once (the scope checks the agreement); the nightly run
    # then ends the referral and revokes the grant.
    assert _visible(partner_user) == []
    ended = referral_services.referrals_expire(on=TODAY())
    again = referral_services.referrals_expire(on=TODAY())

    assert (ended, again) == (1, 0)
    assert _visible(partner_user) == []
    assert Referral.objects.get().end_reason == "agreement_ended"


def test_a_referral_past_its_period_expires(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY())
    _share(case, partner_organisation, agreement, caseworker, ["contact"], days=10)

    assert _visible(partner_user) == [case.pk]
    assert referral_services.referrals_expire(on=TODAY() + dt.timedelta(days=11)) == 1
    assert Referral.objects.get().end_reason == "expired"


def test_closing_the_case_ends_its_referrals(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY())
    _share(case, partner_organisation, agreement, caseworker, ["contact"])

    services.case_transition(
        case=case,
        to_status="closed",
        roles={"caseworker"},
        expected_version=1,
        on=TODAY(),
        actor=caseworker,
        exit_reason="education",
    )

    assert _visible(partner_user) == []


def test_an_ended_partner_membership_ends_access(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY())
    _share(case, partner_organisation, agreement, caseworker, ["contact"])

    partner_user.memberships.update(valid_until=TODAY() - dt.timedelta(days=1))

    assert _visible(partner_user) == []


# --- The partner's pages ----------------------------------------------------


def test_the_partner_sees_only_consented_fields(
    client: Client,
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY(), phone="040 123 4567", last_name="Jaettu")
    Note.objects.create(
        organisation=case.organisation,
        case=case,
        recorded_by=caseworker,
        text="Terveydentila heikko",
        is_health_related=True,
    )
    _share(case, partner_organisation, agreement, caseworker, ["contact", "assessment"])
    client.force_login(partner_user)

    html = client.get(reverse("partner:case_detail", args=[case.pk])).content.decode()

    assert "Jaettu" in html
    assert "040 123 4567" in html
    assert case.jobseeker.identity_code not in html
    assert case.jobseeker.identity_code[:6] not in html
    assert "Terveydentila" not in html


def _plan(case: Case, kind: str, user: User) -> None:
    for version in (0, 1):
        services.plan_version_create(
            case=case,
            kind=kind,
            expected_version=version,
            agreed_on=TODAY(),
            goal=f"Tavoite {kind} {version}",
            services="",
            applications_per_month=4,
            obligation_reason="",
            contact_channel="e_service",
            valid_until=None,
            tasks=[services.TaskData("Hae töitä", "jobseeker", None, is_done=False)],
            actor=user,
        )


def test_the_partners_plans_cost_the_same_queries_however_many(
    client: Client,
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    # given: one case with one plan and one with three, two versions each
    one, three = (
        register(TODAY(), last_name="Yksi"),
        register(TODAY(), last_name="Kolme"),
    )
    _plan(one, "employment", caseworker)
    for kind in ("employment", "activation", "integration"):
        _plan(three, kind, caseworker)
    for case in (one, three):
        _share(case, partner_organisation, agreement, caseworker, ["plans"])
    client.force_login(partner_user)
    # The session's first request reads the user's access and keeps it in
    # the session (core.memo.per_session); the page is measured after.
    client.get(reverse("core:home"))
    counts = []

    # when
    for case in (one, three):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("partner:case_detail", args=[case.pk])).content
        counts.append(len(queries))

    # then: the newest version of each plan is shown, read in one prefetch
    assert counts[0] == counts[1]
    assert b"Tavoite integration 1" in html
    assert b"Tavoite integration 0" not in html


def test_the_identity_code_is_shown_only_with_consent(
    client: Client,
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY())
    _share(case, partner_organisation, agreement, caseworker, ["identity_code"])
    client.force_login(partner_user)

    html = client.get(reverse("partner:case_detail", args=[case.pk])).content.decode()

    assert case.jobseeker.identity_code in html


def test_another_cases_url_is_404_for_the_partner(
    client: Client,
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    shared = register(TODAY())
    other = register(TODAY())
    _share(shared, partner_organisation, agreement, caseworker, [])
    client.force_login(partner_user)

    assert (
        client.get(reverse("partner:case_detail", args=[shared.pk])).status_code == 200
    )
    assert (
        client.get(reverse("partner:case_detail", args=[other.pk])).status_code == 404
    )
    assert (
        client.get(reverse("cases:jobseeker", args=[shared.jobseeker_id])).status_code
        == 404
    )


def test_caseworkers_share_and_end_sharing_in_the_browser(
    client: Client,
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY())
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:referral_create", args=[case.pk]),
        {
            "partner": partner_organisation.pk,
            "agreement": agreement.pk,
            "purpose_kind": "work_trial",
            "purpose": "Puutyöpaja",
            "consent_given_on": TODAY().isoformat(),
            "consent_scope": ["contact", "plans"],
            "valid_from": TODAY().isoformat(),
            "valid_until": (TODAY() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent_scope == ["contact", "plans"]
    assert (referral.purpose_kind, referral.purpose) == ("work_trial", "Puutyöpaja")

    client.post(
        reverse("cases:referral_end", args=[referral.pk]),
        {"action": "withdraw", "on": TODAY().isoformat()},
    )

    assert _visible(partner_user) == []


def test_another_purpose_needs_its_description_and_nothing_typed_is_lost(
    client: Client,
    register: Register,
    caseworker: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
) -> None:
    case = register(TODAY())
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:referral_create", args=[case.pk]),
        {
            "partner": partner_organisation.pk,
            "agreement": agreement.pk,
            "purpose_kind": "other",
            "purpose": "",
            "consent_given_on": TODAY().isoformat(),
            "consent_scope": ["contact"],
            "valid_from": TODAY().isoformat(),
            "valid_until": (TODAY() + dt.timedelta(days=30)).isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["purpose"] == ["Beskriv syftet."]
    assert form["purpose_kind"].value() == "other"
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fi", "Kuntouttava työtoiminta – puutyöpaja"),
        ("sv", "Arbetsverksamhet i rehabiliteringssyfte – puutyöpaja"),
    ],
)
def test_the_purpose_reads_in_the_readers_language(
    client: Client,
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
    language: str,
    shown: str,
) -> None:
    # given a referral to rehabilitative work activity, with details in Finnish
    case = register(TODAY())
    referral_services.referral_create(
        case=case,
        partner=partner_organisation,
        agreement=agreement,
        purpose_kind=Referral.Purpose.REHABILITATIVE_WORK,
        purpose="puutyöpaja",
        consent_given_on=TODAY(),
        consent_scope=["contact"],
        valid_from=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=30),
        actor=caseworker,
    )

    # when the caseworker and the partner read it
    client.force_login(caseworker)
    caseworker_page = client.get(
        reverse("cases:jobseeker", args=[case.jobseeker_id]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    client.force_login(partner_user)
    partner_page = client.get(
        reverse("partner:case_list"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    # then the purpose is in their language; the details stay as written
    assert shown in caseworker_page
    assert shown in partner_page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kuntouttava työtoiminta työpajalla", ("rehabilitative_work", "työpajalla")),
        ("Kuntouttava työtoiminta", ("rehabilitative_work", "")),
        ("Työkokeilu puusepänverstaalla", ("work_trial", "puusepänverstaalla")),
        ("Valmennusjakso", ("coaching", "Valmennusjakso")),
        ("Arbetsprövning", ("work_trial", "")),
        ("TYP-kartoitus", ("multisectoral_service", "kartoitus")),
        ("Paja", ("other", "Paja")),
    ],
)
def test_free_text_purposes_map_to_choices_in_the_migration(
    text: str, expected: tuple[str, str]
) -> None:
    migration = importlib.import_module("cases.migrations.0012_referral_purpose_kind")

    assert migration.classify(text) == expected
