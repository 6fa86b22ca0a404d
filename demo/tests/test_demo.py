from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from appropriations.models import Quota
from cases import rules
from cases.models import Jobseeker
from demo.people import people_plan
from demo.services import DemoDataError, demo_data_create
from organisations.models import Membership, Organisation
from partners.models import PartnershipAgreement, Referral
from pilots.models import AreaMunicipality, EligibilityRuleSet

if TYPE_CHECKING:
    from django.test import Client

TODAY = dt.date(2026, 11, 22)


def test_demo_data_is_deterministic_and_idempotent(db: None) -> None:
    # given
    first = demo_data_create(
        seed=7, jobseekers_per_municipality=5, password="x" * 12, today=TODAY
    )
    codes = {j.identity_code for j in Jobseeker.objects.all()}

    # when
    second = demo_data_create(
        seed=7, jobseekers_per_municipality=5, password="x" * 12, today=TODAY
    )

    # then
    assert first.jobseekers_created == 15
    assert first.loaded
    assert second.jobseekers_created == 0
    assert not second.loaded
    assert codes == {p.identity_code for p in people_plan(seed=7, per_municipality=5)}
    assert {j.identity_code for j in Jobseeker.objects.all()} == codes


def test_demo_identity_codes_are_all_temporary(db: None) -> None:
    demo_data_create(
        seed=1, jobseekers_per_municipality=6, password="x" * 12, today=TODAY
    )

    for jobseeker in Jobseeker.objects.all():
        parsed = rules.parse_identity_code(
            jobseeker.identity_code, allow_temporary=True
        )
        assert parsed.is_temporary
        assert parsed.birth_date == jobseeker.birth_date


def test_demo_has_every_role_and_swedish_and_foreign_language_speakers(
    db: None,
) -> None:
    demo_data_create(
        seed=2026, jobseekers_per_municipality=10, password="x" * 12, today=TODAY
    )

    roles = set(Membership.objects.values_list("role", flat=True))
    tongues = set(Jobseeker.objects.values_list("mother_tongue", flat=True))

    assert roles == set(Membership.Role.values)
    assert {"fi", "sv", "other"} <= tongues


def test_the_demo_shows_an_agreement_in_force_referrals_and_a_draft_rule_version(
    db: None,
) -> None:
    # when
    demo_data_create(
        seed=2026, jobseekers_per_municipality=4, password="x" * 12, today=TODAY
    )

    # then
    agreement = PartnershipAgreement.objects.get(status="in_force")
    assert agreement.versions.count() == 1
    assert agreement.versions.get().approvals.count() == agreement.parties.count()
    assert Referral.objects.active(on=TODAY).count() == 2
    draft = EligibilityRuleSet.objects.get(status="draft")
    assert draft.version == 3
    assert draft.created_by is not None
    assert draft.created_by.username == "ylivieska.coordinator"


def test_the_demo_texts_users_read_are_finnish_without_seed_references(
    db: None,
) -> None:
    # when
    demo_data_create(
        seed=2026, jobseekers_per_municipality=1, password="x" * 12, today=TODAY
    )

    # then
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


def test_a_first_load_before_the_employment_areas_is_refused(db: None) -> None:
    with pytest.raises(DemoDataError):
        demo_data_create(
            seed=1,
            jobseekers_per_municipality=1,
            password="x" * 12,
            today=dt.date(2024, 12, 31),
        )


def test_another_seed_on_a_loaded_database_is_refused(db: None) -> None:
    # given
    call_command("demo_data", "--jobseekers", "1", "--seed", "3")

    # when / then
    with pytest.raises(CommandError, match="new database"):
        call_command("demo_data", "--seed", "4")
    call_command("demo_data")  # without values: the loaded ones


def test_the_demo_command_prints_logins_that_work(
    db: None, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("demo_data", "--jobseekers", "5")

    out = capsys.readouterr().out
    assert "kalajoki.caseworker" in out

    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "kalajoki.caseworker", "password": settings.POLKU_DEMO_PASSWORD},
    )
    assert signed_in.status_code == 302
    response = client.get(reverse("core:home"))
    assert len(response.context["jobseekers"]) == 5
    assert User.objects.get(username="polku.admin").is_staff


def test_the_dashboard_shows_the_demo_invoices_in_euros(db: None) -> None:
    from exchange.models import MunicipalShareInvoiceLine
    from reporting import selectors

    demo_data_create(
        seed=3, jobseekers_per_municipality=5, password="x" * 12, today=TODAY
    )

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
