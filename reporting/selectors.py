"""Reads of indicator figures for pages and other apps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import indicators, rules

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from decimal import Decimal


@dataclass(frozen=True)
class ActivationFigure:
    on: dt.date
    active: int
    unemployed: int

    @property
    def rate(self) -> Decimal | None:
        return rules.activation_rate(self.active, self.unemployed)


def activation_figure(
    *, organisation_ids: Sequence[int], on: dt.date
) -> ActivationFigure:
    """ALP and U for the organisations' jobseekers on day `on` (one statement).

    ⚠ Polku knows the labour-market status at registration, not day by day:
    U counts open job searches registered as unemployed or laid off and not
    in an activating service on the day.
    """
    counts = indicators.activation_rate(on, on, organisation_ids=organisation_ids)
    active = sum(num for num, _ in counts.values())
    total = sum(den or 0 for _, den in counts.values())
    return ActivationFigure(on=on, active=active, unemployed=total - active)
