"""Reads of indicator figures for pages and other apps."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import formats, privacy
from organisations.models import Organisation, OrganisationRelation
from partners.models import EvaluationTarget, PartnershipAgreement

from . import indicators, rules
from .models import (
    IndicatorDefinition,
    IndicatorRun,
    IndicatorUnit,
    IndicatorValue,
    RunStatus,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db.models import QuerySet


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
    """One figure as it may leave the caseworker role (core.privacy): a count,
    or a rate in per cent; "<5" where it would show 1-4 people, ".." where a
    total would reveal such a figure elsewhere. The numerator and denominator
    stay inside: outputs show `value` or `shown` only."""

    numerator: int
    denominator: int | None
    unit: str
    is_withheld: bool = False

    @classmethod
    def of(cls, value: IndicatorValue) -> FigureCell:
        return cls(
            value.numerator,
            value.denominator,
            value.definition.unit,
            is_withheld=value.is_withheld,
        )

    @property
    def is_rate(self) -> bool:
        return self.unit == IndicatorUnit.PERCENT

    @property
    def is_median(self) -> bool:
        return self.unit == IndicatorUnit.MEDIAN_DAYS

    @property
    def suppression(self) -> str:
        """core.privacy.SHOWN, SMALL or WITHHELD."""
        if self.is_median:
            # A median of 1-4 people is nearly their own figure.
            return (
                privacy.SMALL
                if self.denominator is None
                or self.denominator < privacy.SMALL_NUMBER_THRESHOLD
                else privacy.SHOWN
            )
        if self.is_rate:
            if (
                self.denominator
                and rules.rate(self.numerator, self.denominator) is None
            ):
                return privacy.SMALL
            return privacy.SHOWN
        if privacy.is_small(self.numerator):
            return privacy.SMALL
        return privacy.WITHHELD if self.is_withheld else privacy.SHOWN

    @property
    def value(self) -> Decimal | int | None:
        """The figure that may be published: the count, or the rate to one
        decimal; None where it is suppressed or there is no rate (nobody to
        count it over)."""
        if self.suppression:
            return None
        if self.is_rate:
            if not self.denominator:
                return None
            return rules.rate(self.numerator, self.denominator)
        return self.numerator

    @property
    def shown(self) -> str:
        """The figure as a table cell writes it, in the reader's language:
        "1 234", "43,8" (a rate's column says "%"), "<5", ".." or "–"."""
        if self.suppression:
            return privacy.mark(self.suppression)
        if self.is_rate:
            return formats.number(self.value, 1)
        return formats.number(self.value)

    @property
    def explanation(self) -> str:
        """Why the figure is not shown, in words ("" when it is)."""
        return privacy.explanation(self.suppression) if self.suppression else ""


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
                    FigureCell.of(c) if (c := cells.get(d.pk)) else None
                    for d in definitions
                ],
            )
        )
    return MonthTable(definitions, rows)


# --- Trends, comparisons and targets (dashboard and board report) -------------


def latest_runs(*, months: int, until: dt.date | None = None) -> list[IndicatorRun]:
    """The newest finished revision of each of the last `months` computed
    months (up to `until`), oldest first: the figures a trend shows."""
    runs = IndicatorRun.objects.filter(status=RunStatus.DONE)
    if until is not None:
        runs = runs.filter(month__lte=until)
    # DISTINCT ON (month) keeps the first row per month: the highest revision.
    newest = list(runs.order_by("-month", "-revision").distinct("month")[:months])
    return newest[::-1]


@dataclass(frozen=True)
class TrendPoint:
    run: IndicatorRun
    cell: FigureCell | None
    version: int | None

    @property
    def plotted(self) -> float | None:
        """The value a chart may draw: nothing where the table hides it."""
        if self.cell is None or self.cell.value is None:
            return None
        return float(self.cell.value)


def trends(
    *,
    code: str,
    organisation_ids: Sequence[int | None],
    runs: Sequence[IndicatorRun],
) -> dict[int | None, list[TrendPoint]]:
    """One indicator's figures per organisation (None = country) and run, in
    one query."""
    wanted = [o for o in organisation_ids if o is not None]
    condition = Q(organisation_id__in=wanted)
    if None in organisation_ids:
        condition |= Q(organisation__isnull=True)
    values = IndicatorValue.objects.filter(
        condition, run__in=list(runs), definition__code=code
    ).select_related("definition")
    by_key = {(v.organisation_id, v.run_id): v for v in values}
    result: dict[int | None, list[TrendPoint]] = {}
    for organisation_id in organisation_ids:
        points = []
        for run in runs:
            value = by_key.get((organisation_id, run.pk))
            points.append(
                TrendPoint(
                    run,
                    FigureCell.of(value) if value else None,
                    value.definition.version if value else None,
                )
            )
        result[organisation_id] = points
    return result


def member_ids(organisation_id: int, *, on: dt.date) -> list[int]:
    """An area's or pilot's member municipalities on a day, for drill-down."""
    return list(
        OrganisationRelation.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
            parent_id=organisation_id,
            kind=OrganisationRelation.Kind.MEMBER,
            valid_from__lte=on,
        )
        .order_by("child__name")
        .values_list("child_id", flat=True)
    )


@dataclass(frozen=True)
class TargetLine:
    label: str
    value: float
    target_on: dt.date
    agreement: str


def target_lines(*, code: str, organisation_id: int | None) -> list[TargetLine]:
    """The agreements' targets for this indicator and organisation."""
    if organisation_id is None:
        return []
    targets = EvaluationTarget.objects.filter(
        indicator=code, organisation_id=organisation_id
    ).select_related("agreement")
    return [
        TargetLine(
            str(_("Target %(value)s by %(date)s"))
            % {
                "value": formats.recorded(t.target),
                "date": formats.short_date(t.target_on),
            },
            float(t.target),
            t.target_on,
            t.agreement.name,
        )
        for t in targets
    ]


@dataclass(frozen=True)
class Dashboard:
    definition: IndicatorDefinition
    organisation_id: int | None
    organisation_name: str
    runs: list[IndicatorRun]
    # (label, organisation id or None for the country, points)
    lines: list[tuple[str, int | None, list[TrendPoint]]]
    members: list[tuple[str, int, list[TrendPoint]]]
    targets: list[TargetLine]

    @property
    def own_points(self) -> list[TrendPoint]:
        return self.lines[0][2]

    @property
    def month_rows(self) -> list[tuple[IndicatorRun, list[TrendPoint]]]:
        """The trend table: one row per month, one cell per line."""
        return [
            (run, [points[i] for _name, _id, points in self.lines])
            for i, run in enumerate(self.runs)
        ]


def dashboard(
    *,
    code: str,
    organisation: Organisation | None,
    months: int,
    until: dt.date | None = None,
) -> Dashboard | None:
    """One indicator for one organisation (None = the whole country) over the
    last `months` computed months, beside the country, with the member
    municipalities of an area or pilot for drill-down and the agreements'
    targets. None when the indicator is unknown."""
    definition = (
        IndicatorDefinition.objects.filter(code=code).order_by("-version").first()
    )
    if definition is None:
        return None
    runs = latest_runs(months=months, until=until)
    own_id = organisation.pk if organisation is not None else None
    members = (
        member_ids(
            organisation.pk,
            on=runs[-1].month if runs else timezone.localdate(),
        )
        if organisation is not None
        else []
    )
    names = {o.pk: o.display_name for o in Organisation.objects.filter(pk__in=members)}
    series = trends(
        code=code,
        organisation_ids=list(dict.fromkeys([own_id, None, *members])),
        runs=runs,
    )
    country = str(_("Whole country"))
    lines: list[tuple[str, int | None, list[TrendPoint]]] = [
        (organisation.display_name if organisation else country, own_id, series[own_id])
    ]
    if organisation is not None:
        lines.append((country, None, series[None]))
    return Dashboard(
        definition=definition,
        organisation_id=own_id,
        organisation_name=lines[0][0],
        runs=runs,
        lines=lines,
        members=[(names[m], m, series[m]) for m in members if m in names],
        targets=target_lines(code=code, organisation_id=own_id),
    )


def stored_figures(
    wanted: Sequence[tuple[str, int | None]], *, until: dt.date
) -> dict[str, dict[int, tuple[Decimal | None, dt.date]]]:
    """For (indicator code, organisation) pairs: the figure of the newest
    finished run of a month ending by `until`, as a rate or a count with the
    month's last day. Codes without a definition are left out; a figure too
    small to show is None (as on the dashboard)."""
    codes = {code for code, _org in wanted}
    organisation_ids = {org for _code, org in wanted if org is not None}
    known = set(
        IndicatorDefinition.objects.filter(code__in=codes).values_list(
            "code", flat=True
        )
    )
    result: dict[str, dict[int, tuple[Decimal | None, dt.date]]] = {
        code: {} for code in known
    }
    runs = latest_runs(months=1, until=until.replace(day=1))
    if not runs or not known:
        return result
    run = runs[0]
    month_end = run.month.replace(
        day=calendar.monthrange(run.month.year, run.month.month)[1]
    )
    values = IndicatorValue.objects.filter(
        run=run, definition__code__in=known, organisation_id__in=organisation_ids
    ).select_related("definition")
    for value in values:
        published = FigureCell.of(value).value
        figure = None if published is None else Decimal(published)
        if value.organisation_id is not None:
            result[value.definition.code][value.organisation_id] = (figure, month_end)
    return result


# Computed on the spot for the agreement page; the other indicators with a
# definition in reporting come from the monthly runs, and targets on anything
# else (e.g. figures from Kela's invoices) show as not in Polku.
LIVE_INDICATORS = frozenset({"activation_rate"})


# --- Progress towards partnership agreements' targets ------------------------


@dataclass(frozen=True)
class TargetRow:
    target: EvaluationTarget
    current: Decimal | None
    progress: Decimal | None
    measured_on: dt.date | None
    available: bool  # False: Polku has no data for this indicator


def _covered(organisation_id: int, on: dt.date) -> list[int]:
    """The organisation and, for an area or pilot, its member municipalities."""
    members = OrganisationRelation.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        parent_id=organisation_id,
        kind=OrganisationRelation.Kind.MEMBER,
        valid_from__lte=on,
    ).values_list("child_id", flat=True)
    return [organisation_id, *members]


def target_rows(agreement: PartnershipAgreement, *, on: dt.date) -> list[TargetRow]:
    """Each target with the latest month-end figure and the progress towards it.

    The activation rate is computed live for the last month's end (the
    agreement page is read between monthly runs); every other indicator
    comes from the newest finished monthly run before `on`.
    """
    month_end = on.replace(day=1) - dt.timedelta(days=1)
    targets = list(agreement.targets.all())
    stored = stored_figures(
        [(t.indicator, t.organisation_id) for t in targets], until=month_end
    )
    rows = []
    for target in targets:
        current: Decimal | None = None
        measured_on: dt.date | None = None
        available = target.indicator in LIVE_INDICATORS or target.indicator in stored
        if target.organisation_id is None:
            pass
        elif target.indicator in LIVE_INDICATORS:
            figure = activation_figure(
                organisation_ids=_covered(target.organisation_id, month_end),
                on=month_end,
            )
            current, measured_on = figure.rate, month_end
        elif found := stored.get(target.indicator, {}).get(target.organisation_id):
            current, measured_on = found
        progress = (
            rules.target_progress(
                baseline=target.baseline, target=target.target, current=current
            )
            if current is not None
            else None
        )
        rows.append(TargetRow(target, current, progress, measured_on, available))
    return rows
