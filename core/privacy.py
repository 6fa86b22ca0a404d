"""Small-number protection for figures that leave the caseworker role.

The one place that decides what an aggregate may show. Every output of
figures (pages, charts, CSV, XLSX, API, PDF) asks this module, so that a
figure hidden in one of them cannot be read from another.

**Primary suppression.** Counts of 1-4 people can identify someone in a small
municipality: they are shown as "<5" (Statistics Finland's usual threshold
for register data). A rate is shown only over five or more people and only
where neither the people counted nor the rest are 1-4 (40 % of 5 is 2
people). A suppressed figure travels alone: never with its numerator or
denominator, and a rate is published as the rate only, in every output.
Without the denominators no rate can be turned back into counts, and so an
area's rate cannot be unpicked into a member's either.

**Complementary suppression.** A count hidden as "<5" would still be revealed
by subtraction where a total is published with its other parts: an employment
area of 93 whose members show 40 and 50 beside a "<5" has 3 in the last
one. Each total is checked with its parts (`Group`: an area or a pilot with
its member municipalities and the part it holds itself, which is never
published; the whole country with every municipality) for a reader who knows
the total and every figure not hidden, unpublished ones included, and knows
that "<5" means 1-4 and that a withheld figure is 5 or more. Every "<5" part
must keep its whole range 1-4 for that reader:

- a lone "<5" part is never enough (total - the rest = the part): at least
  one more part is withheld, the smallest shown part of 5 or more that
  leaves each hidden small part its full range;
- where the parts cannot do that, the total itself is withheld.

Withheld figures are shown as ".." (Statistics Finland's symbol for a figure
that cannot be published), distinct from "<5", which would be untrue of
them. The decision is taken once for a month over all organisations, not per
reader, so that readers covering different organisations see the same
figures hidden. Each total is protected with its own parts; solving several
overlapping totals together is not analysed. In Polku such a combination
needs the figures of every municipality in the country total, which only
memberships covering all of them would show, or a municipality in two
roll-ups at once (a pilot and an employment area are not in force in the
same month: the pilots ended on 31.12.2024 and the areas began on
1.1.2025). Differences between months and between indicators are not
covered either.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django.utils.translation import gettext

if TYPE_CHECKING:
    from collections.abc import Collection, Hashable, Mapping, Sequence

SMALL_NUMBER_THRESHOLD = 5

SMALL_MARK = f"<{SMALL_NUMBER_THRESHOLD}"
WITHHELD_MARK = ".."

# How a figure is suppressed, if it is.
SHOWN = ""
SMALL = "small"  # 1-4 people, or a rate that would reveal such a count
WITHHELD = "withheld"  # complementary: would reveal a small figure from a total

K = TypeVar("K", bound="Hashable")


def is_small(count: int) -> bool:
    """1-4 people: too few to show (0 reveals no one)."""
    return 0 < count < SMALL_NUMBER_THRESHOLD


def suppress_small(count: int) -> str:
    """'<5' for 1-4, otherwise the count itself."""
    return SMALL_MARK if is_small(count) else str(count)


def rate_reveals_small(numerator: int, denominator: int) -> bool:
    """Whether numerator / denominator would reveal a small count: fewer than
    five people in all, or 1-4 people on either side."""
    return (
        denominator < SMALL_NUMBER_THRESHOLD
        or is_small(numerator)
        or is_small(denominator - numerator)
    )


def mark(suppression: str) -> str:
    """The table mark of a suppressed figure: "<5" or ".."."""
    return WITHHELD_MARK if suppression == WITHHELD else SMALL_MARK


def explanation(suppression: str) -> str:
    """Why a figure is not shown, in words, in the active language: read out
    by screen readers and written in the PDFs, where "<5" beside a rate would
    read as "under 5 per cent"."""
    if suppression == WITHHELD:
        return gettext(
            "hidden so that a figure of fewer than %(n)d people cannot be worked "
            "out from the total"
        ) % {"n": SMALL_NUMBER_THRESHOLD}
    return gettext("fewer than %(n)d people") % {"n": SMALL_NUMBER_THRESHOLD}


# --- Complementary suppression ------------------------------------------------


@dataclass(frozen=True)
class Group(Generic[K]):
    """A published total and the parts it is the sum of. A part may be a
    figure that is never published itself (`unpublished`)."""

    total: K
    parts: tuple[K, ...]


@dataclass(frozen=True)
class _Hidden:
    value: int
    low: float  # what a reader knows of it without the total
    high: float
    is_sensitive: bool  # a small figure that must keep its range


def _protected(hidden: Sequence[_Hidden]) -> bool:
    """Whether, knowing only the sum of the hidden parts and each one's range,
    every sensitive part could still be any of 1-4."""
    total = sum(h.value for h in hidden)
    lows = sum(h.low for h in hidden)
    highs = sum(h.high for h in hidden)
    for part in hidden:
        if not part.is_sensitive:
            continue
        # The others at their smallest leave this one at most `most`, and at
        # their largest at least `least`.
        most = total - (lows - part.low)
        least = total - (highs - part.high)
        if most < part.high or least > part.low:
            return False
    return True


def withheld_figures(
    values: Mapping[K, int],
    groups: Sequence[Group[K]],
    *,
    unpublished: Collection[K] = (),
) -> set[K]:
    """The published counts to withhold so that no small count can be worked
    out from a total (see the module). `values` holds every count, published
    or not; `unpublished` names those never shown, such as the part of an
    area's total held by the area itself."""
    # The reader is taken to know every figure not hidden, the unpublished
    # ones included (an area may well hold no one itself): only a small
    # unpublished figure is protected, like a published one.
    small = {k for k, v in values.items() if is_small(v)}
    withheld: set[K] = set()
    hidden = set(small)
    never_shown = set(unpublished)

    def state(key: K) -> _Hidden:
        if key in small:
            return _Hidden(
                values[key], 1, SMALL_NUMBER_THRESHOLD - 1, is_sensitive=True
            )
        return withheld_state(key)

    def withheld_state(key: K) -> _Hidden:
        return _Hidden(
            values[key], SMALL_NUMBER_THRESHOLD, math.inf, is_sensitive=False
        )

    while True:
        before = len(hidden)
        for group in groups:
            if group.total in hidden:
                continue  # the reader does not know the sum
            parts = [p for p in group.parts if p in values]
            inside = [state(p) for p in parts if p in hidden]
            if not any(h.is_sensitive for h in inside) or _protected(inside):
                continue
            # Only parts of five or more: a withheld part is known to be so.
            candidates = sorted(
                (
                    p
                    for p in parts
                    if p not in hidden
                    and p not in never_shown
                    and values[p] >= SMALL_NUMBER_THRESHOLD
                ),
                key=lambda p: values[p],
            )
            if not _protected([*inside, *map(withheld_state, candidates)]):
                # Nothing left to hide among the parts: hide the sum.
                withheld.add(group.total)
                hidden.add(group.total)
                continue
            while not _protected(inside):
                # The smallest part that suffices, else the largest and on.
                chosen = next(
                    (c for c in candidates if _protected([*inside, withheld_state(c)])),
                    candidates[-1],
                )
                candidates.remove(chosen)
                withheld.add(chosen)
                hidden.add(chosen)
                inside.append(withheld_state(chosen))
        if len(hidden) == before:
            return withheld
