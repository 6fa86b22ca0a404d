"""Sharing a case with a partner: referrals, consent and the grants behind them.

Access exists only while three things hold: the referral is running, the
jobseeker's consent is in force, and the partnership agreement that allows
the sharing is in force. Every service that ends one of them revokes the
django-guardian grant in the same transaction; the nightly
`referrals_expire` catches what ends by the calendar alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases import permissions
from cases.models.case import EventKind
from cases.services.events import event_record, require_open
from partners.models import (
    DataSharingTerm,
    PartnershipAgreement,
    Referral,
    ReferralEndReason,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation


@transaction.atomic
def referral_create(
    *,
    case: Case,
    partner: Organisation,
    agreement: PartnershipAgreement,
    consent_given_on: dt.date,
    consent_scope: Iterable[str],
    valid_from: dt.date,
    valid_until: dt.date,
    actor: User,
    purpose_kind: str = Referral.Purpose.OTHER,
    purpose: str = "",
) -> Referral:
    """Share the case with `partner` within what the agreement and consent allow.

    `purpose_kind` is one of Referral.Purpose; `purpose` the free-text details
    (required with "other")."""
    require_open(case)
    scope = sorted(set(consent_scope))
    if not agreement.is_in_force_on(valid_from):
        raise ValidationError(
            {"agreement": _("The partnership agreement is not in force on that date.")}
        )
    if not agreement.parties.filter(organisation=partner).exists():
        raise ValidationError(
            {"partner": _("The organisation is not a party to the agreement.")}
        )
    term = DataSharingTerm.objects.filter(
        agreement=agreement, organisation_kind=partner.kind
    ).first()
    if term is None:
        raise ValidationError(
            {"partner": _("The agreement does not let this kind of partner see data.")}
        )
    beyond = set(scope) - set(term.categories)
    if beyond:
        raise ValidationError(
            {
                "consent_scope": _("The agreement does not allow sharing: %(items)s")
                % {"items": ", ".join(sorted(beyond))}
            }
        )
    if (valid_until - valid_from).days > term.max_days:
        raise ValidationError(
            {
                "valid_until": _(
                    "The agreement allows at most %(days)d days of access."
                )
                % {"days": term.max_days}
            }
        )
    if agreement.valid_until is not None and valid_until > agreement.valid_until:
        raise ValidationError(
            {"valid_until": _("Access cannot last beyond the agreement.")}
        )
    if consent_given_on > valid_from:
        raise ValidationError(
            {"consent_given_on": _("Consent must be given before access starts.")}
        )
    referral = Referral(
        organisation_id=case.organisation_id,
        case=case,
        partner=partner,
        agreement=agreement,
        purpose_kind=purpose_kind,
        purpose=purpose.strip(),
        consent_given_on=consent_given_on,
        consent_scope=scope,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    permissions.grant_case_to_partner(case, partner)
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.REFERRAL_MADE,
        occurred_on=valid_from,
        actor=actor,
        target=referral,
        partner=partner.pk,
        scope=scope,
    )
    return referral


def _end(referral: Referral, *, on: dt.date, reason: str, actor: User | None) -> None:
    referral.ended_on = on
    referral.end_reason = reason
    referral.save(update_fields=["ended_on", "end_reason", "updated_at"])
    still_shared = (
        Referral.objects.active(on=on)
        .filter(case_id=referral.case_id, partner_id=referral.partner_id)
        .exclude(pk=referral.pk)
    )
    if not still_shared.exists():
        permissions.revoke_case_from_partner(referral.case, referral.partner)
    event_record(
        case=referral.case,
        jobseeker=referral.case.jobseeker,
        kind=EventKind.REFERRAL_ENDED,
        occurred_on=on,
        actor=actor,
        target=referral,
        reason=reason,
    )


@transaction.atomic
def referral_end(*, referral: Referral, on: dt.date, actor: User) -> Referral:
    """The caseworker ends the sharing; the partner's access ends at once."""
    referral = (
        Referral.objects.select_for_update()
        .select_related("case__jobseeker", "partner")
        .get(pk=referral.pk)
    )
    if referral.ended_on is not None:
        raise ValidationError(_("The referral has already ended."))
    _end(referral, on=on, reason=ReferralEndReason.ENDED, actor=actor)
    return referral


@transaction.atomic
def referral_consent_withdraw(
    *, referral: Referral, on: dt.date, actor: User
) -> Referral:
    """The jobseeker withdraws consent: record it and end the access."""
    referral = (
        Referral.objects.select_for_update()
        .select_related("case__jobseeker", "partner")
        .get(pk=referral.pk)
    )
    referral.consent_withdrawn_on = on
    referral.save(update_fields=["consent_withdrawn_on", "updated_at"])
    if referral.ended_on is None:
        _end(referral, on=on, reason=ReferralEndReason.CONSENT_WITHDRAWN, actor=actor)
    return referral


def referrals_for_case_close(*, case: Case, on: dt.date, actor: User) -> None:
    """Closing a case ends its referrals (called inside case_transition)."""
    for referral in (
        Referral.objects.select_for_update()
        .filter(case=case, ended_on__isnull=True)
        .select_related("case__jobseeker", "partner")
    ):
        _end(referral, on=on, reason=ReferralEndReason.CASE_CLOSED, actor=actor)


@transaction.atomic
def referrals_expire(*, on: dt.date) -> int:
    """End referrals whose period has passed or whose agreement is no longer in
    force on `on`, revoking their grants; idempotent (nightly)."""
    in_force = PartnershipAgreement.objects.in_force(on=on).values("pk")
    due = (
        Referral.objects.select_for_update()
        .filter(ended_on__isnull=True)
        .exclude(valid_until__gte=on, agreement_id__in=in_force)
        .select_related("case__jobseeker", "partner", "agreement")
    )
    count = 0
    for referral in due:
        reason = (
            ReferralEndReason.EXPIRED
            if referral.valid_until < on
            else ReferralEndReason.AGREEMENT_ENDED
        )
        _end(referral, on=on, reason=reason, actor=None)
        count += 1
    return count


def referrals_anonymise(*, jobseeker_ids: list[int]) -> int:
    """Blank the free text of the people's referrals (retention); the rest of
    a referral holds no personal data and stays for the statistics."""
    return Referral.objects.filter(case__jobseeker_id__in=jobseeker_ids).update(
        purpose="-"
    )
