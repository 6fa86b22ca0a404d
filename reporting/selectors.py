"""Reads of indicator figures for pages and other apps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import suppress_small

from . import indicators, rules
from .models import IndicatorDefinition, IndicatorRun, IndicatorValue

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from decimal import Decimal

    from django.db.models import QuerySet

    from organisations.models import Organisation


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


@dataclass(frozen=True)
class FigureCell:
    numerator: int
    denominator: int | None
    unit: str

    @property
    def shown(self) -> str:
        """The figure as it may leave the caseworker role: counts of 1-4 as
        "<5", and no rate over fewer than five people."""
        if self.unit != "percent":
            return suppress_small(self.numerator)
        if not self.denominator:
            return "–"
        rate = rules.rate(self.numerator, self.denominator)
        return "<5" if rate is None else str(rate)


@dataclass(frozen=True)
class MonthTable:
    definitions: list[IndicatorDefinition]
    rows: list[tuple[str, list[FigureCell | None]]]  # (organisation name, cells)


def month_table(
    run: IndicatorRun, *, organisation_ids: QuerySet[Organisation, int]
) -> MonthTable:
    """The run's figures for the organisations the user may see, plus the
    country total, in two queries."""
    values = list(
        IndicatorValue.objects.filter(run=run)
        .filter(Q(organisation_id__in=organisation_ids) | Q(organisation__isnull=True))
        .select_related("definition", "organisation")
    )
    definitions = sorted({v.definition for v in values}, key=lambda d: d.code)
    by_org: dict[int | None, dict[int, IndicatorValue]] = {}
    names: dict[int | None, str] = {None: str(_("Whole country"))}
    for value in values:
        by_org.setdefault(value.organisation_id, {})[value.definition_id] = value
        if value.organisation is not None:
            names[value.organisation_id] = value.organisation.display_name
    order = sorted((k for k in by_org if k is not None), key=lambda k: names[k])
    rows = []
    for key in [*order, None] if None in by_org else order:
        cells = by_org[key]
        rows.append(
            (
                names[key],
                [
                    FigureCell(c.numerator, c.denominator, d.unit)
                    if (c := cells.get(d.pk))
                    else None
                    for d in definitions
                ],
            )
        )
    return MonthTable(definitions, rows)
