"""Pure rules of partnership agreements and joint projects: no ORM, no I/O.

Money is in integer cents throughout, so that shares always add up to the
total exactly (largest-remainder rounding).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


class CostSplitError(ValueError):
    """The shares cannot cover the amount (e.g. every party is at its cap)."""


def external_share(total_cents: int, rate: Decimal) -> tuple[int, int]:
    """(external funding, own share) in cents for a funding rate such as 0.80.

    Seed 000: €126,740 total, 80 % ESF and state = €101,392, municipalities €25,348.
    """
    external = int(
        (Decimal(total_cents) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )
    return external, total_cents - external


def split_cents(
    total_cents: int,
    weights: Mapping[K, Fraction | int | Decimal],
    *,
    caps: Mapping[K, int | None] | None = None,
) -> dict[K, int]:
    """Split `total_cents` by `weights` so that the parts add up exactly.

    Largest remainder (Hamilton): everyone gets the floor of their exact share,
    and the cents left over go one by one to the largest fractional parts
    (ties by the given order). With caps, a party whose share would exceed its
    cap gets the cap and the rest is split again among the others.
    """
    if total_cents < 0:
        raise CostSplitError("negative amount")
    caps = caps or {}
    result: dict[K, int] = {}
    open_parties = [k for k, w in weights.items() if Fraction(str(w)) > 0]
    remaining = total_cents
    while True:
        if not open_parties:
            if remaining:
                raise CostSplitError("the parties' caps do not cover the amount")
            break
        total_weight = sum(Fraction(str(weights[k])) for k in open_parties)
        exact = {
            k: Fraction(remaining) * Fraction(str(weights[k])) / total_weight
            for k in open_parties
        }
        over = [
            k
            for k in open_parties
            if (cap := caps.get(k)) is not None and exact[k] > cap
        ]
        if not over:
            parts = {k: int(exact[k]) for k in open_parties}
            left = remaining - sum(parts.values())
            order = sorted(
                open_parties, key=lambda k: exact[k] - int(exact[k]), reverse=True
            )
            for k in order[:left]:
                parts[k] += 1
            result.update(parts)
            break
        for k in over:
            cap = caps[k]
            assert cap is not None  # noqa: S101 - filtered above
            result[k] = cap
            remaining -= cap
            open_parties.remove(k)
    for k in weights:
        result.setdefault(k, 0)
    return result


# --- Lifecycle ------------------------------------------------------------------

DRAFT, NEGOTIATION, APPROVED, IN_FORCE, ENDED, TERMINATED = (
    "draft",
    "negotiation",
    "approved",
    "in_force",
    "ended",
    "terminated",
)
AGREEMENT_TRANSITIONS = {
    DRAFT: {NEGOTIATION},
    NEGOTIATION: {DRAFT, APPROVED},
    APPROVED: {IN_FORCE, TERMINATED},
    IN_FORCE: {ENDED, TERMINATED},
    ENDED: set(),
    TERMINATED: set(),
}


def can_move(status: str, to: str) -> bool:
    return to in AGREEMENT_TRANSITIONS.get(status, set())


def missing_approvals(parties: Sequence[int], approved: Sequence[int]) -> list[int]:
    """Parties whose approval is still missing; the agreement is approved when empty."""
    done = set(approved)
    return [party for party in parties if party not in done]


# --- Service responsibility matrix (seed 002) --------------------------------


@dataclass(frozen=True)
class MatrixEntry:
    service: str
    statutory: bool
    organiser: int | None
    producer: int | None
    serves: frozenset[int]  # municipality ids the producer serves


@dataclass(frozen=True)
class MatrixFinding:
    kind: str  # "gap" or "overlap"
    service: str
    municipality: int
    producers: tuple[int, ...]


def check_matrix(
    entries: Sequence[MatrixEntry],
    *,
    services: Mapping[str, bool],
    municipalities: Sequence[int],
) -> list[MatrixFinding]:
    """Gaps (a statutory service nobody produces for a municipality) and overlaps
    (two producers of one service for the same municipality)."""
    findings: list[MatrixFinding] = []
    for service, statutory in services.items():
        for municipality in municipalities:
            producers = tuple(
                sorted(
                    {
                        e.producer
                        for e in entries
                        if e.service == service
                        and e.producer is not None
                        and municipality in e.serves
                    }
                )
            )
            if statutory and not producers:
                findings.append(MatrixFinding("gap", service, municipality, ()))
            elif len(producers) > 1:
                findings.append(
                    MatrixFinding("overlap", service, municipality, producers)
                )
    return findings


# --- Recorded figures that disagree -----------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    value: Decimal
    source: str


@dataclass(frozen=True)
class Conflict:
    key: str
    figures: tuple[Figure, ...]


def figure_conflicts(figures: Sequence[Figure]) -> list[Conflict]:
    """Keys recorded with different values in different sources (seeds 000 vs 001)."""
    by_key: dict[str, list[Figure]] = {}
    for figure in figures:
        by_key.setdefault(figure.key, []).append(figure)
    return [
        Conflict(key, tuple(items))
        for key, items in sorted(by_key.items())
        if len({f.value for f in items}) > 1
    ]


# --- Which parts of an agreement may change, by status --------------------------

# What the parties approve: changing it once approved or in force would change
# access or obligations without a decision, so it is fixed after negotiation
# (a change means a new agreement version in negotiation).
APPROVED_CONTENT = frozenset({"parties", "sharing", "matrix", "money_rules"})
# Follow-up kept up to date while the agreement runs: steering group members
# change, projects get their figures. Nothing changes after the agreement ends.
WORKING_CONTENT = frozenset(
    {"steering", "targets", "projects", "project_parties", "figures"}
)


def content_editable(status: str, section: str) -> bool:
    if section in APPROVED_CONTENT:
        return status in (DRAFT, NEGOTIATION)
    if section in WORKING_CONTENT:
        return status not in (ENDED, TERMINATED)
    return False
