"""Replaying planned histories through the services, in the order they happened.

Each part of the demo plans dated entries without touching the database
(a person's interviews, a decision, a referral); `replay` then records every
entry through the owning app's service in date order across all people, so
that quotas are used up and cases close in the order a real year would do
it. Every entry is dated on or before the anchor day: nothing is recorded in
the demo's future.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from accounts.models import User
    from appropriations.models import Decision
    from cases.models import Case, ServicePeriod, ServiceType
    from organisations.models import Organisation
    from partners.models import PartnershipAgreement


@dataclass
class Context:
    """What the entries need while they are recorded."""

    anchor: dt.date
    caseworkers: dict[str, User]  # by municipality code
    team_leads: dict[str, User]
    service_types: dict[str, ServiceType] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)  # by Person.key
    running_services: dict[str, ServicePeriod] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    agreement: PartnershipAgreement | None = None
    partner: Organisation | None = None


class Action(Protocol):
    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        """Record this on the person's case through the owning app's service."""


@dataclass(frozen=True)
class Entry:
    on: dt.date
    rank: int  # the person's place in the plan: same-day order across people
    sequence: int  # same-day order of one person's entries
    person: str
    action: Action

    @property
    def order(self) -> tuple[dt.date, int, int]:
        return (self.on, self.rank, self.sequence)


def replay(entries: Iterable[Entry], context: Context) -> int:
    """Record the entries in date order; returns how many were recorded."""
    count = 0
    for entry in sorted(entries, key=lambda e: e.order):
        if entry.on > context.anchor:
            raise ValueError(f"{entry} is after the anchor day {context.anchor}")
        entry.action.record(context, person=entry.person, on=entry.on)
        count += 1
    return count
