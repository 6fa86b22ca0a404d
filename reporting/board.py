"""Reads behind the board's monthly report: one organisation's figures from
one indicator run, its member municipalities, trends, agreement targets and
appropriation quotas, and the dashboard's charts of them.

Aggregates only: every figure passes through FigureCell (core.privacy: "<5"
for 1-4 people, ".." where a total would reveal such a figure, rates
without their numerators and denominators), and nothing names a person, not
even the staff member who asked for the report.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from appropriations import charts as appropriation_charts
from appropriations import rules as appropriation_rules
from appropriations import selectors as appropriation_selectors
from appropriations.models import Quota
from core import formats
from organisations.models import Organisation
from partners.models import EvaluationTarget, PartnershipAgreement

from . import charts, indicators, permissions, selectors
from .models import (
    BoardReport,
    IndicatorDefinition,
    IndicatorRun,
    IndicatorValue,
    RunStatus,
)
from .selectors import FigureCell

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.utils.safestring import SafeString

    from accounts.models import User
    from appropriations.selectors import MonthRow

    from .selectors import TargetLine, TrendPoint

# The board's headline figures: summary, charts (seed 004's follow-up list).
KEY_INDICATORS = (
    "jobseekers_month_end",
    "new_clients",
    "activation_rate",
    "deadline_compliance",
    "exits_to_employment",
    "long_term_unemployed_share",
)
TREND_MONTHS = 12
# The municipal share in euros is drawn over two years (issue 23: the board
# follows it against the agreement's yearly target), each month beside the
# same month a year earlier.
EURO_TREND_MONTHS = 24


# --- The reports page -------------------------------------------------------------


def board_report_list(*, user: User) -> QuerySet[BoardReport]:
    """Reports of the organisations the user follows, newest first, without
    the PDF bytes."""
    return (
        BoardReport.objects.filter(
            organisation_id__in=permissions.organisations_visible(user)
        )
        .select_related("organisation", "run")
        .defer("pdf")
        .order_by("-requested_at", "-id")
    )


def board_report_for_download(*, user: User, pk: int) -> BoardReport | None:
    """A finished report the user may read, with its bytes; None otherwise."""
    return BoardReport.objects.filter(
        pk=pk,
        status=RunStatus.DONE,
        organisation_id__in=permissions.organisations_visible(user),
    ).first()


def board_organisations(*, user: User) -> QuerySet[Organisation]:
    """Organisations the user may ask a report for: those the user covers,
    areas and pilots included."""
    return Organisation.objects.filter(
        id__in=permissions.organisations_visible(user)
    ).order_by("name")


def board_report_months() -> list[dt.date]:
    """Months with a finished run, newest first."""
    return list(
        IndicatorRun.objects.filter(status=RunStatus.DONE)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()[:36]
    )


# --- Figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    cell: FigureCell
    version: int


@dataclass(frozen=True)
class FigureRow:
    """One indicator of one organisation, this month and the month before."""

    definition: IndicatorDefinition
    current: Figure | None
    previous: Figure | None

    @property
    def change(self) -> str:
        """The change from the month before, in the figure's unit (percentage
        points for a rate), signed in the reader's language ("+12", "-2,1",
        "±0"); "–" where either month is hidden or missing, so that a hidden
        figure cannot be worked out from the other month and the change."""
        if self.current is None or self.previous is None:
            return formats.MISSING
        now, before = self.current.cell.value, self.previous.cell.value
        if now is None or before is None:
            return formats.MISSING
        if self.current.cell.is_euro:
            return formats.change(Decimal(now) - Decimal(before), 2) + " €"
        places = 1 if self.current.cell.is_rate else 0
        return formats.change(Decimal(now) - Decimal(before), places)

    @property
    def is_redefined(self) -> bool:
        """The months were computed with different versions of the definition."""
        return (
            self.current is not None
            and self.previous is not None
            and self.current.version != self.previous.version
        )


@dataclass(frozen=True)
class OrganisationTable:
    organisation: Organisation
    rows: list[FigureRow]


@dataclass(frozen=True)
class Trend:
    definition: IndicatorDefinition
    lines: list[tuple[str, list[TrendPoint]]]
    targets: list[TargetLine]


@dataclass(frozen=True)
class EuroTrend:
    """The organisation's municipal share in euros by billing month, each
    beside the same month a year earlier (selectors.MonthRow, as on the
    dashboard)."""

    definition: IndicatorDefinition
    rows: list[selectors.MonthRow]

    @property
    def has_figures(self) -> bool:
        """Any month with an invoiced sum, this year or the year before."""
        return any(
            row.points[0].cell is not None or row.year_ago is not None
            for row in self.rows
        )


@dataclass(frozen=True)
class QuotaFigures:
    """A quota as it stood at the month's end (the ledger, not today's totals)."""

    quota: Quota
    months: list[MonthRow]
    committed_cents: int
    used_cents: int
    forecast_cents: int | None

    @property
    def remaining_cents(self) -> int:
        return self.quota.amount_cents - self.committed_cents

    @property
    def forecast_over(self) -> bool:
        return (
            self.forecast_cents is not None
            and self.forecast_cents > self.quota.amount_cents
        )


@dataclass(frozen=True)
class BoardFigures:
    organisation: Organisation
    run: IndicatorRun
    previous_run: IndicatorRun | None
    runs: list[IndicatorRun]  # the trend's months, oldest first
    summary: list[FigureRow]
    members: list[OrganisationTable]
    trends: list[Trend]
    targets: list[selectors.TargetRow]
    agreements: list[PartnershipAgreement]
    quotas: list[QuotaFigures]
    definitions: list[IndicatorDefinition]  # every version any figure used
    euros: EuroTrend | None

    @property
    def month_end(self) -> dt.date:
        return _month_end(self.run.month)

    @property
    def has_euro_targets(self) -> bool:
        return any(row.is_euro for row in self.targets)


def _month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _trend_runs(run: IndicatorRun, months: int = TREND_MONTHS) -> list[IndicatorRun]:
    """The last `months` finished months up to the run's, with the report's
    own revision standing for its month even if a newer one exists."""
    runs = selectors.latest_runs(months=months, until=run.month)
    return [run if r.month == run.month else r for r in runs]


def _euro_trend(organisation: Organisation, run: IndicatorRun) -> EuroTrend | None:
    """The municipal share in euros over EURO_TREND_MONTHS months up to the
    run's, with the same months a year earlier: four queries. None before
    the indicator exists."""
    definition = (
        IndicatorDefinition.objects.filter(code=indicators.EURO_TOTAL)
        .order_by("-version")
        .first()
    )
    if definition is None:
        return None
    runs = _trend_runs(run, EURO_TREND_MONTHS)
    points = selectors.trends(
        code=definition.code, organisation_ids=[organisation.pk], runs=runs
    )[organisation.pk]
    year_ago = selectors.same_month_last_year(
        code=definition.code, organisation_id=organisation.pk, runs=runs
    )
    return EuroTrend(
        definition,
        [
            selectors.MonthRow(r, [point], year_ago.get(r.month))
            for r, point in zip(runs, points, strict=True)
        ],
    )


def _figure_rows(
    definitions: list[IndicatorDefinition],
    figures: dict[tuple[int, int, str], Figure],
    *,
    organisation_id: int,
    run: IndicatorRun,
    previous_run: IndicatorRun | None,
) -> list[FigureRow]:
    return [
        FigureRow(
            definition,
            figures.get((run.pk, organisation_id, definition.code)),
            figures.get((previous_run.pk, organisation_id, definition.code))
            if previous_run
            else None,
        )
        for definition in definitions
    ]


def _quota_figures(organisation: Organisation, month: dt.date) -> list[QuotaFigures]:
    last = _month_end(month)
    quotas = list(
        Quota.objects.filter(
            holder=organisation, starts_on__lte=last, ends_on__gte=month
        )
        .select_related("holder")
        .order_by("appropriation", "starts_on")
    )
    result = []
    for quota in quotas:
        months = appropriation_selectors.quota_months(quota, until=last)
        committed = months[-1].committed_cents if months else 0
        result.append(
            QuotaFigures(
                quota,
                months,
                committed,
                months[-1].used_cents if months else 0,
                appropriation_rules.forecast_cents(
                    committed, starts_on=quota.starts_on, ends_on=quota.ends_on, on=last
                ),
            )
        )
    return result


def board_figures(*, organisation: Organisation, run: IndicatorRun) -> BoardFigures:
    """Everything the report shows of `organisation` in `run`'s month, read in
    a fixed number of queries per key indicator and quota."""
    last = _month_end(run.month)
    runs = _trend_runs(run)
    previous_month = (run.month - dt.timedelta(days=1)).replace(day=1)
    previous_run = next((r for r in runs if r.month == previous_month), None)
    member_ids = selectors.member_ids(organisation.pk, on=last)
    members = list(Organisation.objects.filter(pk__in=member_ids).order_by("name"))
    shown_ids = [organisation.pk, *member_ids]

    figures: dict[tuple[int, int, str], Figure] = {}
    month_runs = [r for r in (run, previous_run) if r is not None]
    for value in IndicatorValue.objects.filter(
        run__in=month_runs, organisation_id__in=shown_ids
    ).select_related("definition"):
        assert value.organisation_id is not None  # noqa: S101 - filtered above
        figures[(value.run_id, value.organisation_id, value.definition.code)] = Figure(
            FigureCell.of(value), value.definition.version
        )
    euros = _euro_trend(organisation, run)
    euro_runs = [row.run for row in euros.rows] if euros else []
    used = IndicatorValue.objects.filter(
        Q(organisation_id__in=shown_ids) | Q(organisation__isnull=True),
        run__in={*runs, *euro_runs},
    ).values("definition_id")
    appendix = list(
        IndicatorDefinition.objects.filter(pk__in=used).order_by("code", "version")
    )
    current = list(
        IndicatorDefinition.objects.filter(
            pk__in=IndicatorValue.objects.filter(run=run).values("definition_id")
        ).order_by("code")
    )
    by_code = {d.code: d for d in current}

    country = str(_("Whole country"))
    trends = []
    for code in KEY_INDICATORS:
        if code not in by_code:
            continue
        points = selectors.trends(
            code=code, organisation_ids=[organisation.pk, None], runs=runs
        )
        trends.append(
            Trend(
                by_code[code],
                [
                    (organisation.display_name, points[organisation.pk]),
                    (country, points[None]),
                ],
                selectors.target_lines(code=code, organisation_id=organisation.pk),
            )
        )

    agreements = list(
        PartnershipAgreement.objects.filter(targets__organisation=organisation)
        .distinct()
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=EvaluationTarget.objects.filter(
                    organisation=organisation
                ).order_by("indicator", "target_on", "id"),
            )
        )
    )
    # target_rows measures at the end of the month before `on`.
    after = last + dt.timedelta(days=1)
    targets = [
        row
        for agreement in agreements
        for row in selectors.target_rows(agreement, on=after)
    ]

    rows = _figure_rows(
        current,
        figures,
        organisation_id=organisation.pk,
        run=run,
        previous_run=previous_run,
    )
    return BoardFigures(
        organisation=organisation,
        run=run,
        previous_run=previous_run,
        runs=runs,
        summary=sorted(
            (r for r in rows if r.definition.code in KEY_INDICATORS),
            key=lambda r: KEY_INDICATORS.index(r.definition.code),
        ),
        # A municipality has no members: its own table stands in.
        members=[
            OrganisationTable(
                member,
                _figure_rows(
                    current,
                    figures,
                    organisation_id=member.pk,
                    run=run,
                    previous_run=previous_run,
                ),
            )
            for member in members
        ]
        or [OrganisationTable(organisation, rows)],
        trends=trends,
        targets=targets,
        agreements=agreements,
        quotas=_quota_figures(organisation, run.month),
        definitions=appendix,
        euros=euros,
    )


# --- Charts -----------------------------------------------------------------------


@dataclass(frozen=True)
class TrendChart:
    """A key indicator's chart and the same figures as a table (WCAG 1.1.1)."""

    trend: Trend
    svg: SafeString
    labels: list[str]
    rows: list[tuple[str, list[FigureCell | None]]]


@dataclass(frozen=True)
class QuotaChart:
    figures: QuotaFigures
    svg: SafeString


@dataclass(frozen=True)
class BoardCharts:
    trends: list[TrendChart]
    quotas: list[QuotaChart]
    # The municipal share in euros beside the year before; None without any
    # invoiced month to draw.
    euros: SafeString | None = None


def board_charts(figures: BoardFigures) -> BoardCharts:
    """The dashboard's SVG charts of the key indicators and the quotas."""
    labels = [formats.month_label(run.month) for run in figures.runs]
    return BoardCharts(
        trends=[
            TrendChart(
                trend,
                charts.trend_chart(
                    trend.definition, figures.runs, trend.lines, targets=trend.targets
                ),
                labels,
                [(name, [p.cell for p in points]) for name, points in trend.lines],
            )
            for trend in figures.trends
        ],
        quotas=[
            QuotaChart(
                quota,
                appropriation_charts.quota_chart(
                    quota.quota, quota.months, forecast=quota.forecast_cents
                ),
            )
            for quota in figures.quotas
        ],
        euros=(
            charts.euro_trend_chart(
                figures.euros.definition,
                figures.organisation.display_name,
                figures.euros.rows,
            )
            if figures.euros is not None and figures.euros.has_figures
            else None
        ),
    )
