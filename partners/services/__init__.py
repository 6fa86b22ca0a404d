"""Writes of partnership agreements (agreements.py) and of referrals of
cases to partners (referrals.py), re-exported for stable imports."""

from .agreements import (
    PROJECT_CHILDREN,
    agreement_end,
    agreements_close,
    approval_record,
    bring_into_force,
    content_remove,
    content_save,
    current_version,
    missing_parties,
    negotiation_start,
    not_a_party_message,
    version_create,
)
from .referrals import (
    referral_consent_withdraw,
    referral_create,
    referral_end,
    referrals_expire,
    referrals_for_case_close,
)

__all__ = [
    "PROJECT_CHILDREN",
    "agreement_end",
    "agreements_close",
    "approval_record",
    "bring_into_force",
    "content_remove",
    "content_save",
    "current_version",
    "missing_parties",
    "negotiation_start",
    "not_a_party_message",
    "referral_consent_withdraw",
    "referral_create",
    "referral_end",
    "referrals_expire",
    "referrals_for_case_close",
    "version_create",
]
