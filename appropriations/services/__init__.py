"""Writes of quotas and decisions; each service owns its transaction.

- quotas: a quota created and revised
- decisions: a decision booked against its quotas, cancelled, shortened; the
  guard against overspending lives in the database (see decisions.py)
"""

from .decisions import (
    NEEDS_PROVIDER,
    can_override,
    closed_case_message,
    decision_cancel,
    decision_record,
    decision_shorten,
    quotas_for,
)
from .quotas import HOLDER_KINDS, quota_create, quota_revise

__all__ = [
    "HOLDER_KINDS",
    "NEEDS_PROVIDER",
    "can_override",
    "closed_case_message",
    "decision_cancel",
    "decision_record",
    "decision_shorten",
    "quota_create",
    "quota_revise",
    "quotas_for",
]
