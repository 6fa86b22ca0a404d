"""Spot checks that the loaded demo keeps the rules the services enforce."""

from __future__ import annotations

import datetime as dt

from appropriations.models import Decision, Quota, QuotaEntry
from cases.models import CaseEvent, JobSearchPeriod, Meeting, ProcessStep
from cases.rules import process as process_rules
from demo.models import DemoDataset
from partners import services as partner_services
from partners.models import DataSharingTerm, PartnershipAgreement, Referral
from pilots.models import EligibilityResult

LAW_CHANGE = dt.date(2026, 1, 1)  # HE 108/2025: no more scheduled supplementary


def assert_quotas_and_decisions_lawful(anchor: dt.date) -> None:
    for quota in Quota.objects.all():
        # Decided in December of the year before, and not after the anchor.
        assert quota.source_date.year == quota.starts_on.year - 1
        assert quota.source_date.month == 12
        assert quota.source_date <= anchor
    for decision in Decision.objects.all():
        assert decision.decided_on <= anchor
        assert decision.decided_on < decision.starts_on
        if not decision.uses_quota:
            continue
        quotas = {
            entry.quota
            for entry in QuotaEntry.objects.filter(decision=decision).select_related(
                "quota"
            )
        }
        # Every day of the decision as made is within a quota that had been
        # decided by the day of the decision.
        covered = {
            quota.starts_on + dt.timedelta(days=n)
            for quota in quotas
            if quota.source_date <= decision.decided_on
            for n in range((quota.ends_on - quota.starts_on).days + 1)
        }
        days = (decision.original_ends_on - decision.starts_on).days + 1
        assert all(
            decision.starts_on + dt.timedelta(days=n) in covered for n in range(days)
        ), decision


def assert_agreements_and_referrals_lawful(anchor: dt.date) -> None:
    for agreement in PartnershipAgreement.objects.filter(status="in_force"):
        assert partner_services.current_version(agreement) is not None
        assert partner_services.missing_parties(agreement) == []
        assert agreement.valid_from <= anchor
    for referral in Referral.objects.select_related("agreement", "partner"):
        term = DataSharingTerm.objects.get(
            agreement=referral.agreement, organisation_kind=referral.partner.kind
        )
        assert referral.agreement.is_in_force_on(referral.valid_from)
        assert referral.consent_given_on <= referral.valid_from <= anchor
        assert (referral.valid_until - referral.valid_from).days <= term.max_days
        assert set(referral.consent_scope) <= set(term.categories)


def assert_process_lawful(anchor: dt.date) -> None:
    for step in ProcessStep.objects.all():
        assert step.counts_from <= step.due_on, step
        assert step.counts_from <= anchor
        if step.kind == process_rules.StepKind.SUPPLEMENTARY_DISCUSSION:
            assert step.due_on < LAW_CHANGE, step
        else:
            rule = process_rules.rule_in_force(
                process_rules.StepKind(step.kind), step.counts_from
            )
            assert rule is not None
            assert step.rule_code == rule.code, step
    assert not Meeting.objects.filter(held_on__gte=anchor).exists()
    assert not CaseEvent.objects.filter(occurred_on__gt=anchor).exists()
    assert not JobSearchPeriod.objects.filter(started_on__gt=anchor).exists()
    assert not JobSearchPeriod.objects.filter(ended_on__gte=anchor).exists()


def assert_eligibility_within_job_searches() -> None:
    for result in EligibilityResult.objects.all():
        assert (
            JobSearchPeriod.objects.filter(
                jobseeker_id=result.jobseeker_id, started_on__lte=result.evaluated_on
            )
            .exclude(ended_on__lt=result.evaluated_on)
            .exists()
        ), result


def assert_invoices_lawful(anchor: dt.date) -> None:
    """Invoiced in arrears: every line of a month before the anchor's, its
    period within its billing month; every identity code a temporary one."""
    from cases import rules as case_rules
    from core import crypto
    from exchange.models import MunicipalShareInvoiceLine

    lines = MunicipalShareInvoiceLine.objects.select_related("invoice")
    assert lines.exists()
    for line in lines:
        month = line.invoice.month
        assert month < anchor.replace(day=1)
        assert month <= line.period_start <= line.period_end
        assert (line.period_end.year, line.period_end.month) == (
            month.year,
            month.month,
        )
        assert line.share_cents > 0
        code = crypto.decrypt(bytes(line.identity_code_encrypted))
        assert case_rules.parse_identity_code(code, allow_temporary=True).is_temporary


def assert_demo_lawful(anchor: dt.date) -> None:
    assert DemoDataset.objects.get().anchored_on == anchor
    assert_quotas_and_decisions_lawful(anchor)
    assert_agreements_and_referrals_lawful(anchor)
    assert_process_lawful(anchor)
    assert_eligibility_within_job_searches()
    assert_invoices_lawful(anchor)
