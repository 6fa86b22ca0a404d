"""The demo as loaded once, read by tests that change nothing.

A load takes 10-20 s of the suite; these tests share one, made inside a
transaction that is rolled back after the module, so that each test's own
transaction is a savepoint within it. The tests that load the demo
themselves (seeds, re-runs, the command) are in test_demo.py.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.db import transaction

from appropriations.models import Quota
from cases import rules
from cases.models import Jobseeker
from demo.services import demo_data_create
from organisations.models import Membership, Organisation
from partners.models import PartnershipAgreement, Referral
from pilots.models import AreaMunicipality, EligibilityRuleSet

if TYPE_CHECKING:
    from collections.abc import Iterator

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        demo_data_create(
            seed=2026, jobseekers_per_municipality=10, password="x" * 12, today=TODAY
        )
        yield
        transaction.set_rollback(True)


def test_demo_identity_codes_are_all_temporary(db: None) -> None:
    for jobseeker in Jobseeker.objects.all():
        parsed = rules.parse_identity_code(
            jobseeker.identity_code, allow_temporary=True
        )
        assert parsed.is_temporary
        assert parsed.birth_date == jobseeker.birth_date


def test_demo_has_every_role_and_swedish_and_foreign_language_speakers(
    loaded: None, db: None
) -> None:
    roles = set(Membership.objects.values_list("role", flat=True))
    tongues = set(Jobseeker.objects.values_list("mother_tongue", flat=True))

    assert roles == set(Membership.Role.values)
    assert {"fi", "sv", "other"} <= tongues


def test_the_demo_shows_an_agreement_in_force_referrals_and_a_draft_rule_version(
    loaded: None, db: None
) -> None:
    agreement = PartnershipAgreement.objects.get(status="in_force")
    assert agreement.versions.count() == 1
    assert agreement.versions.get().approvals.count() == agreement.parties.count()
    assert Referral.objects.active(on=TODAY).count() == 2
    draft = EligibilityRuleSet.objects.get(status="draft")
    assert draft.version == 3
    assert draft.created_by is not None
    assert draft.created_by.username == "ylivieska.coordinator"


def test_the_demo_texts_users_read_are_finnish_without_seed_references(
    loaded: None, db: None
) -> None:
    texts = [
        *PartnershipAgreement.objects.values_list("source", flat=True),
        *Organisation.objects.filter(kind="third_sector").values_list(
            "source", flat=True
        ),
        *AreaMunicipality.objects.values_list("labour_force_source", flat=True),
        *Quota.objects.values_list("source_reference", flat=True),
        *EligibilityRuleSet.objects.filter(status="draft").values_list(
            "source", flat=True
        ),
    ]
    for text in texts:
        assert "seed" not in text.lower(), text
        assert "demo data" not in text.lower(), text
        assert "estimate" not in text.lower(), text


def test_the_dashboard_shows_the_demo_invoices_in_euros(db: None) -> None:
    from exchange.models import MunicipalShareInvoiceLine
    from reporting import selectors

    board = selectors.dashboard(
        code="municipal_share_euros",
        organisation=Organisation.objects.get(municipality_code="977"),
        months=12,
    )

    assert board is not None
    assert len(board.runs) == 12
    assert board.runs[-1].month == dt.date(2026, 10, 1)  # invoiced in arrears
    # Every month shown in euros, beside the same month a year earlier.
    assert all(point.cell and point.cell.value for point in board.own_points)
    assert all(row.year_ago and row.year_ago.value for row in board.month_rows)
    # Some of the municipality's money is of people not registered in Polku.
    assert MunicipalShareInvoiceLine.objects.filter(jobseeker__isnull=True).exists()
    assert MunicipalShareInvoiceLine.objects.filter(jobseeker__isnull=False).exists()
