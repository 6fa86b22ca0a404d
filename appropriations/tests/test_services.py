"""Commit, release, the own-posts exception, refusal and override."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError

from appropriations import services
from appropriations.models import AppropriationType, DecisionStatus, QuotaEntry
from cases.models import CaseEvent

from .conftest import pay_subsidy

if TYPE_CHECKING:
    from accounts.models import User
    from appropriations.models import Quota
    from cases.models import Case

pytestmark = pytest.mark.django_db


def test_a_decision_commits_its_money_and_person_months(
    quota: Quota, case: Case, caseworker: User
) -> None:
    decision = services.decision_record(case=case, actor=caseworker, **pay_subsidy())

    quota.refresh_from_db()
    assert (quota.committed_cents, quota.committed_tenths) == (450_000, 30)
    assert quota.remaining_cents == 550_000
    entry = QuotaEntry.objects.get(decision=decision)
    assert (entry.kind, entry.cents, entry.booked_on) == (
        "commit",
        450_000,
        dt.date(2026, 2, 20),
    )
    assert CaseEvent.objects.filter(
        case=case, kind="decision_made", target_id=decision.pk
    ).exists()


def test_cancelling_before_the_start_releases_everything(
    quota: Quota, case: Case, caseworker: User
) -> None:
    decision = services.decision_record(case=case, actor=caseworker, **pay_subsidy())

    services.decision_cancel(
        decision=decision, actor=caseworker, on=dt.date(2026, 2, 25), reason="Peruttu"
    )

    quota.refresh_from_db()
    decision.refresh_from_db()
    assert (quota.committed_cents, quota.committed_tenths) == (0, 0)
    assert (decision.status, decision.amount_cents) == (DecisionStatus.CANCELLED, 0)
    assert decision.original_amount_cents == 450_000


def test_cancelling_midway_keeps_the_days_already_used(
    quota: Quota, case: Case, caseworker: User
) -> None:
    decision = services.decision_record(
        case=case,
        actor=caseworker,
        **pay_subsidy(ends_on=dt.date(2026, 3, 10), amount_cents=10_000),
    )

    services.decision_cancel(
        decision=decision,
        actor=caseworker,
        on=dt.date(2026, 3, 4),
        reason="Työ päättyi",
    )

    quota.refresh_from_db()
    decision.refresh_from_db()
    # 3 of 10 days used.
    assert (decision.amount_cents, decision.ends_on) == (3_000, dt.date(2026, 3, 3))
    assert quota.committed_cents == 3_000


def test_shortening_releases_the_days_dropped(
    quota: Quota, case: Case, caseworker: User
) -> None:
    decision = services.decision_record(case=case, actor=caseworker, **pay_subsidy())

    services.decision_shorten(
        decision=decision,
        actor=caseworker,
        ends_on=dt.date(2026, 4, 30),
        on=dt.date(2026, 4, 1),
        reason="Työsuhde päättyy aiemmin",
    )

    quota.refresh_from_db()
    decision.refresh_from_db()
    # 61 of 92 days: 450,000 * 61 / 92 = 298,369.57 -> 298,370 cents.
    assert decision.amount_cents == 298_370
    assert quota.committed_cents == 298_370
    assert quota.committed_tenths == 20
    assert list(
        QuotaEntry.objects.filter(decision=decision).values_list("kind", "cents")
    ) == [("commit", 450_000), ("release", -151_630)]
    with pytest.raises(ValidationError) as error:
        services.decision_shorten(
            decision=decision,
            actor=caseworker,
            ends_on=dt.date(2026, 5, 15),
            on=dt.date(2026, 4, 2),
            reason="x",
        )
    assert "ends_on" in error.value.message_dict


def test_the_municipalitys_own_post_does_not_use_the_quota(
    quota: Quota, case: Case, caseworker: User
) -> None:
    decision = services.decision_record(
        case=case,
        actor=caseworker,
        **pay_subsidy(amount_cents=5_000_000, municipality_own_post=True),
    )

    quota.refresh_from_db()
    assert decision.pk is not None
    assert quota.committed_cents == 0
    assert not QuotaEntry.objects.filter(decision=decision).exists()


def test_a_decision_beyond_the_quota_is_refused_with_what_remains(
    quota: Quota, case: Case, caseworker: User
) -> None:
    services.decision_record(case=case, actor=caseworker, **pay_subsidy())

    with pytest.raises(ValidationError) as error:
        services.decision_record(
            case=case, actor=caseworker, **pay_subsidy(amount_cents=600_000)
        )

    message = error.value.message_dict["amount_cents"][0]
    assert "Testin työllisyysalue" in message
    assert "5\xa0500,00\xa0€" in message or "5,500.00" in message
    quota.refresh_from_db()
    assert quota.committed_cents == 450_000
    assert case.decisions.count() == 1  # the refused one was rolled back


def test_person_months_are_guarded_too(
    quota: Quota, case: Case, caseworker: User
) -> None:
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            case=case,
            actor=caseworker,
            **pay_subsidy(
                starts_on=dt.date(2026, 1, 1),
                ends_on=dt.date(2027, 1, 31),
                amount_cents=1000,
            ),
        )
    # No 2027 quota: the uncovered days are named first.
    assert "1.1.2027" in error.value.message_dict["starts_on"][0]


def test_only_a_team_lead_can_override_with_a_reason(
    quota: Quota, case: Case, caseworker: User, team_lead: User
) -> None:
    too_much = pay_subsidy(amount_cents=1_200_000)

    with pytest.raises(ValidationError) as error:
        services.decision_record(
            case=case, actor=caseworker, override_reason="Kiireellinen", **too_much
        )
    assert "override_reason" in error.value.message_dict

    decision = services.decision_record(
        case=case, actor=team_lead, override_reason="Kiireellinen", **too_much
    )

    quota.refresh_from_db()
    assert quota.committed_cents == 1_200_000
    assert quota.overridden_cents == 200_000
    assert decision.override_reason == "Kiireellinen"
    assert QuotaEntry.objects.get(decision=decision).overridden
    # Nothing left: the next ordinary decision is refused...
    with pytest.raises(ValidationError):
        services.decision_record(
            case=case, actor=caseworker, **pay_subsidy(amount_cents=100)
        )
    # ...and a release first uses up the override.
    services.decision_cancel(
        decision=decision, actor=team_lead, on=dt.date(2026, 2, 21), reason="Virhe"
    )
    quota.refresh_from_db()
    assert (quota.committed_cents, quota.overridden_cents) == (0, 0)


def test_an_unneeded_override_reason_is_not_recorded(
    quota: Quota, case: Case, team_lead: User
) -> None:
    decision = services.decision_record(
        case=case, actor=team_lead, override_reason="Varmuuden vuoksi", **pay_subsidy()
    )

    assert decision.override_reason == ""
    assert not QuotaEntry.objects.get(decision=decision).overridden


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subsidy_percent": 30}, "subsidy_percent"),  # the pre-2023 30 % step
        ({"employer_business_id": ""}, "employer_business_id"),
        ({"ends_on": dt.date(2026, 2, 1)}, "ends_on"),
        ({"amount_cents": 0}, "amount_cents"),
    ],
)
def test_invalid_decisions_name_the_field(
    quota: Quota, case: Case, caseworker: User, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.decision_record(case=case, actor=caseworker, **pay_subsidy(**changes))

    assert field in error.value.message_dict


def test_training_names_its_provider_and_has_no_percentage(
    case: Case, caseworker: User
) -> None:
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            case=case,
            actor=caseworker,
            **pay_subsidy(
                appropriation=AppropriationType.LABOUR_MARKET_TRAINING,
                municipality_own_post=True,
            ),
        )

    assert {"provider", "subsidy_percent", "municipality_own_post"} <= set(
        error.value.message_dict
    )


def test_a_quota_cannot_shrink_below_its_commitments(
    quota: Quota, case: Case, caseworker: User, coordinator: User
) -> None:
    services.decision_record(case=case, actor=caseworker, **pay_subsidy())

    with pytest.raises(ValidationError) as error:
        services.quota_revise(
            quota=quota,
            amount_cents=400_000,
            person_month_limit=120,
            source_reference="TEM/1234/2025 muutos",
            source_date=dt.date(2026, 3, 1),
            reason="Leikkaus",
            actor=coordinator,
        )
    assert "4\xa0500,00\xa0€" in error.value.message_dict["amount_cents"][0] or (
        "4,500.00" in error.value.message_dict["amount_cents"][0]
    )

    services.quota_revise(
        quota=quota,
        amount_cents=1_500_000,
        person_month_limit=None,
        source_reference="TEM/1234/2025 lisäys",
        source_date=dt.date(2026, 6, 1),
        reason="Lisämääräraha",
        actor=coordinator,
    )
    quota.refresh_from_db()
    assert (quota.revision, quota.amount_cents) == (2, 1_500_000)
    assert [r.revision for r in quota.revisions.all()] == [1, 2]


def test_a_quota_belongs_to_a_pilot_or_area(
    municipality: object, coordinator: User
) -> None:
    with pytest.raises(ValidationError) as error:
        services.quota_create(
            holder=municipality,  # type: ignore[arg-type]
            appropriation=AppropriationType.COACHING,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            amount_cents=1,
            person_month_limit=None,
            source_reference="x",
            source_date=dt.date(2026, 1, 1),
            actor=coordinator,
        )
    assert "holder" in error.value.message_dict
