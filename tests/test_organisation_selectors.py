from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from accounts.tests.factories import MembershipFactory
from organisations.models import Membership, Organisation
from organisations.selectors import organisation_ids_covered, user_roles

if TYPE_CHECKING:
    from accounts.models import User


def test_a_caseworker_covers_only_their_municipality(
    caseworker: User, municipality: Organisation, other_municipality: Organisation
) -> None:
    covered = set(organisation_ids_covered(user=caseworker, roles=["caseworker"]))

    assert covered == {municipality.id}


def test_an_area_membership_covers_its_member_municipalities(
    coordinator: User, employment_area: Organisation, municipality: Organisation
) -> None:
    covered = set(organisation_ids_covered(user=coordinator, roles=["coordinator"]))

    assert covered == {employment_area.id, municipality.id}


def test_area_coverage_follows_the_member_link_dates(
    coordinator: User, employment_area: Organisation, municipality: Organisation
) -> None:
    # The test area's member link starts on 1.1.2025.
    covered = set(
        organisation_ids_covered(
            user=coordinator, roles=["coordinator"], on=dt.date(2024, 12, 31)
        )
    )

    assert covered == {employment_area.id}


def test_an_expired_membership_covers_nothing(
    db: None, municipality: Organisation
) -> None:
    membership = MembershipFactory(
        organisation=municipality,
        valid_from=dt.date(2023, 1, 1),
        valid_until=dt.date(2023, 12, 31),
    )

    assert (
        list(organisation_ids_covered(user=membership.user, roles=["caseworker"])) == []
    )
    assert user_roles(user=membership.user) == set()


def test_roles_other_than_the_asked_ones_cover_nothing(board_viewer: User) -> None:
    assert list(organisation_ids_covered(user=board_viewer, roles=["caseworker"])) == []
    assert user_roles(user=board_viewer) == {Membership.Role.BOARD_VIEWER}


def test_coverage_is_one_sql_query(
    caseworker: User, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        list(organisation_ids_covered(user=caseworker, roles=["caseworker"]))
