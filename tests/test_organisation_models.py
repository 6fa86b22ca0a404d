from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.tests.factories import MembershipFactory
from organisations.models import Membership, Organisation
from organisations.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
)


@pytest.mark.parametrize("business_id", ["0201256-6", "1572860-0"])
def test_valid_business_ids_pass(db: None, business_id: str) -> None:
    organisation = OrganisationFactory.build(business_id=business_id)

    organisation.full_clean()


@pytest.mark.parametrize("business_id", ["0201256-5", "12345678", "abcdefg-1"])
def test_invalid_business_ids_get_a_clear_message(db: None, business_id: str) -> None:
    organisation = OrganisationFactory.build(business_id=business_id)

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert "business_id" in excinfo.value.message_dict


def test_a_municipality_needs_a_three_digit_code(db: None) -> None:
    with pytest.raises(IntegrityError):
        Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPALITY, name="Koodittomia"
        )


def test_only_municipalities_have_a_municipality_code(db: None) -> None:
    with pytest.raises(IntegrityError):
        Organisation.objects.create(
            kind=Organisation.Kind.THIRD_SECTOR,
            name="Yhdistys",
            municipality_code="998",
        )


def test_overlapping_memberships_in_the_same_role_are_refused(db: None) -> None:
    first = MembershipFactory(
        valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2024, 12, 31)
    )

    with pytest.raises(IntegrityError):
        MembershipFactory(
            user=first.user,
            organisation=first.organisation,
            role=first.role,
            valid_from=dt.date(2024, 6, 1),
        )


def test_consecutive_memberships_are_allowed(db: None) -> None:
    first = MembershipFactory(
        valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2024, 12, 31)
    )

    MembershipFactory(
        user=first.user,
        organisation=first.organisation,
        role=first.role,
        valid_from=dt.date(2025, 1, 1),
    )

    assert Membership.objects.filter(user=first.user).count() == 2


def test_a_membership_cannot_end_before_it_starts(db: None) -> None:
    membership = MembershipFactory.build(
        organisation=MunicipalityFactory(),
        valid_from=dt.date(2025, 1, 1),
        valid_until=dt.date(2024, 1, 1),
    )
    membership.user.save()

    with pytest.raises(ValidationError):
        membership.full_clean()


def test_display_name_follows_the_active_language(db: None) -> None:
    from django.utils import translation

    oulu = Organisation.objects.get(municipality_code="564")

    with translation.override("sv"):
        assert oulu.display_name == "Uleåborg"
    with translation.override("fi"):
        assert oulu.display_name == "Oulu"
