"""What a partner worker sees of a shared case, by the categories allowed."""

from __future__ import annotations

from partners.models import DataCategory
from partners.permissions import shared_case_view


def test_without_categories_a_partner_sees_only_the_basics() -> None:
    shown = shared_case_view(set())

    assert not any(
        (
            shown.shows_contact,
            shown.shows_identity_code,
            shown.shows_health,
            shown.shows_assessment,
            shown.shows_plans,
            shown.shows_services,
            shown.shows_notes,
        )
    )


def test_the_assessment_shares_notes_but_not_health_related_ones() -> None:
    shown = shared_case_view({DataCategory.ASSESSMENT})

    assert shown.shows_assessment
    assert shown.shows_notes
    assert not shown.shows_health_notes
    assert not shown.shows_health


def test_health_consent_shares_health_details_and_all_notes() -> None:
    shown = shared_case_view({DataCategory.HEALTH})

    assert shown.shows_health
    assert shown.shows_notes
    assert shown.shows_health_notes
    assert not shown.shows_assessment


def test_each_other_category_opens_its_own_part() -> None:
    shown = shared_case_view(
        {
            DataCategory.CONTACT,
            DataCategory.IDENTITY_CODE,
            DataCategory.PLANS,
            DataCategory.SERVICES,
        }
    )

    assert shown.shows_contact
    assert shown.shows_identity_code
    assert shown.shows_plans
    assert shown.shows_services
    assert not shown.shows_notes
