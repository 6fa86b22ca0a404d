"""Reads of indicator figures for pages and other apps."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.models import JobSearchPeriod, Jobseeker
from cases.rules.calendar import add_months
from core import formats, privacy
from core.models import in_active_language, in_language
from exchange.models import MunicipalShareInvoice, MunicipalShareInvoiceLine
from organisations.models import Organisation, OrganisationRelation
from partners.models import EvaluationTarget, PartnershipAgreement

from . import indicators, rules
from .definitions import NATIONAL_CODES
from .models import (
    IndicatorDefinition,
    IndicatorRun,
    IndicatorUnit,
    IndicatorValue,
    RunStatus,
    SurveyAnswer,
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


_MEDIAN_UNITS = frozenset(
    {IndicatorUnit.MEDIAN_DAYS, IndicatorUnit.MEDIAN_CALENDAR_DAYS}
)


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
    def is_euro(self) -> bool:
        return self.unit == IndicatorUnit.EURO

    @property
    def is_median(self) -> bool:
        return self.unit in _MEDIAN_UNITS

    # Cached: a dashboard cell is asked for its suppression and value by the
    # table, the chart and the tooltip; both depend on the fields alone (the
    # cell is frozen), not on the reader's language. Django's cached_property
    # rather than functools': the latter takes a lock on each first read.
    @cached_property
    def suppression(self) -> str:
        """core.privacy.SHOWN, SMALL or WITHHELD."""
        if self.is_euro:
            # No euro figure of fewer than five persons; a sum whose persons
            # are not known (a totals line without them) is not shown either.
            if (self.numerator or self.denominator) and (
                self.denominator or 0
            ) < privacy.SMALL_NUMBER_THRESHOLD:
                return privacy.SMALL
            return privacy.WITHHELD if self.is_withheld else privacy.SHOWN
        if self.is_median:
            # A median of 1-4 people is nearly their own figure.
            return (
                privacy.SMALL
                if self.denominator is None
                or self.denominator < privacy.SMALL_NUMBER_THRESHOLD
                else privacy.SHOWN
            )
        if self.is_rate:
            # rules.rate's own test for None, without dividing.
            if self.denominator and privacy.rate_reveals_small(
                self.numerator, self.denominator
            ):
                return privacy.SMALL
            return privacy.SHOWN
        if privacy.is_small(self.numerator):
            return privacy.SMALL
        return privacy.WITHHELD if self.is_withheld else privacy.SHOWN

    @cached_property
    def value(self) -> Decimal | int | None:
        """The figure that may be published: the count, or the rate to one
        decimal; None where it is suppressed or there is no rate (nobody to
        count it over)."""
        if self.suppression:
            return None
        if self.is_euro:
            return Decimal(self.numerator) / 100
        if self.is_rate:
            if not self.denominator:
                return None
            return rules.rate(self.numerator, self.denominator)
        return self.numerator

    @property
    def plotted(self) -> float | None:
        """The value a chart may draw: nothing where the table hides it."""
        value = self.value
        return None if value is None else float(value)

    @property
    def per_person(self) -> Decimal | None:
        """A euro figure per jobseeker, to the cent; None where hidden."""
        if not self.is_euro or self.suppression or not self.denominator:
            return None
        return rules.euros_per_person(self.numerator, self.denominator)

    @property
    def per_person_shown(self) -> str:
        value = self.per_person
        return formats.MISSING if value is None else formats.amount(value)

    @property
    def shown(self) -> str:
        """The figure as a table cell writes it, in the reader's language:
        "1 234", "43,8" (a rate's column says "%"), "<5", ".." or "–"."""
        return self.shown_in(None)

    def shown_in(self, language: str | None) -> str:
        """`shown` in `language` (None: the active one), for a caller
        writing hundreds of cells that has read the language once."""
        if self.suppression:
            return privacy.mark(self.suppression)
        if self.is_euro:
            return formats.euros(self.numerator, language=language)
        if self.is_rate:
            return formats.number(self.value, 1, language=language)
        return formats.number(self.value, language=language)

    @property
    def explanation(self) -> str:
        """Why the figure is not shown, in words ("" when it is)."""
        return privacy.explanation(self.suppression) if self.suppression else ""


@dataclass(frozen=True)
class MonthTable:
    definitions: list[IndicatorDefinition]
    rows: list[tuple[str, list[FigureCell | None]]]  # (organisation name, cells)


def month_table(
    run: IndicatorRun, *, organisation_ids: Sequence[int] | QuerySet[Organisation, int]
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


def indicator_definitions() -> list[IndicatorDefinition]:
    """Every version of every indicator (a few dozen rows), by code and the
    newest version first."""
    return list(IndicatorDefinition.objects.order_by("code", "-version"))


def newest_versions(
    definitions: Sequence[IndicatorDefinition],
) -> list[IndicatorDefinition]:
    """Each indicator's newest version, in the order of indicator_definitions."""
    newest: dict[str, IndicatorDefinition] = {}
    for definition in definitions:
        found = newest.get(definition.code)
        if found is None or definition.version > found.version:
            newest[definition.code] = definition
    return list(newest.values())


def latest_runs(*, months: int, until: dt.date | None = None) -> list[IndicatorRun]:
    """The newest finished revision of each of the last `months` computed
    months (up to `until`), oldest first: the figures a trend shows."""
    runs = IndicatorRun.objects.filter(status=RunStatus.DONE)
    if until is not None:
        runs = runs.filter(month__lte=until)
    # DISTINCT ON (month) keeps the first row per month: the highest revision.
    newest = list(runs.order_by("-month", "-revision").distinct("month")[:months])
    return newest[::-1]


class TrendPoint(NamedTuple):
    """One organisation's figure in one run. A tuple rather than a frozen
    dataclass: an area's dashboard builds some 450 a request, and a frozen
    dataclass sets each field through object.__setattr__ (issue 21)."""

    run: IndicatorRun
    cell: FigureCell | None
    version: int | None

    @property
    def plotted(self) -> float | None:
        """The value a chart may draw: nothing where the table hides it."""
        return self.cell.plotted if self.cell is not None else None


# What a figure is read as where a page reads many (trends, stored_figures):
# its organisation and run, then a FigureCell's fields.
_FIGURE_COLUMNS = (
    "organisation_id",
    "run_id",
    "numerator",
    "denominator",
    "is_withheld",
    "definition__unit",
)


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
    # As values, not model instances: an area's dashboard reads 24 months of
    # 18 organisations (some 450 rows plus a definition each), and building
    # the instances was a fifth of the page's CPU (docs/performance.md 8).
    values = IndicatorValue.objects.filter(
        condition, run__in=list(runs), definition__code=code
    ).values_list(*_FIGURE_COLUMNS, "definition__version")
    by_key: dict[tuple[int | None, int], tuple[FigureCell | None, int | None]] = {
        (organisation_id, run_id): (
            FigureCell(numerator, denominator, unit, is_withheld=is_withheld),
            version,
        )
        for (
            organisation_id,
            run_id,
            numerator,
            denominator,
            is_withheld,
            unit,
            version,
        ) in values
    }
    missing: tuple[FigureCell | None, int | None] = (None, None)
    result: dict[int | None, list[TrendPoint]] = {}
    for organisation_id in organisation_ids:
        result[organisation_id] = [
            TrendPoint(run, *by_key.get((organisation_id, run.pk), missing))
            for run in runs
        ]
    return result


def _members_on(organisation_id: int, on: dt.date) -> QuerySet[OrganisationRelation]:
    return OrganisationRelation.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        parent_id=organisation_id,
        kind=OrganisationRelation.Kind.MEMBER,
        valid_from__lte=on,
    ).order_by("child__name")


def member_ids(organisation_id: int, *, on: dt.date) -> list[int]:
    """An area's or pilot's member municipalities on a day, for drill-down."""
    return list(_members_on(organisation_id, on).values_list("child_id", flat=True))


def members_named(organisation_id: int, *, on: dt.date) -> list[NamedOrganisation]:
    """member_ids with the municipalities' names, in one query."""
    language = get_language() or "fi"
    return [
        NamedOrganisation(pk, kind, in_language(language, fi=name, sv=sv, en=en))
        for pk, kind, name, sv, en in _members_on(organisation_id, on).values_list(
            "child_id", "child__kind", "child__name", "child__name_sv", "child__name_en"
        )
    ]


class NamedOrganisation(NamedTuple):
    """What a page shows of an organisation it lists: its id, kind and name
    in the reader's language. Read as values: the dashboard's choices are
    every employment area and municipality, some 340, and model instances
    of them were a tenth of its CPU."""

    pk: int
    kind: str
    display_name: str


def choice_organisations(
    *, visible: Sequence[int] | QuerySet[Organisation, int], peers: Q
) -> tuple[list[NamedOrganisation], list[NamedOrganisation]]:
    """The organisations whose figures a reader follows (`visible`, ids) and
    those matching `peers` (reporting.permissions.peer_condition), each
    list by kind and name: one query for the dashboard's two lists of
    choices, not two."""
    language = get_language() or "fi"
    is_visible = Q(pk__in=visible)
    rows = (
        Organisation.objects.filter(is_visible | peers)
        .annotate(
            is_visible=ExpressionWrapper(is_visible, output_field=BooleanField()),
            is_peer=ExpressionWrapper(peers, output_field=BooleanField()),
        )
        .order_by("kind", "name")
        .values_list(
            "pk", "kind", "name", "name_sv", "name_en", "is_visible", "is_peer"
        )
    )
    followed: list[NamedOrganisation] = []
    compared: list[NamedOrganisation] = []
    for pk, kind, name, sv, en, in_visible, in_peers in rows:
        shown = in_language(language, fi=name, sv=sv, en=en)
        named = NamedOrganisation(pk, kind, shown)
        if in_visible:
            followed.append(named)
        if in_peers:
            compared.append(named)
    return followed, compared


@dataclass(frozen=True)
class TargetLine:
    label: str
    value: float
    target_on: dt.date
    agreement: str


def target_lines(*, code: str, organisation_id: int | None) -> list[TargetLine]:
    """The agreements' targets for this indicator and organisation; a yearly
    euro target drawn at its month's share."""
    if organisation_id is None:
        return []
    targets = EvaluationTarget.objects.filter(
        indicator=code, organisation_id=organisation_id
    ).select_related("agreement")
    return [_target_line(t) for t in targets]


def _target_line(target: EvaluationTarget) -> TargetLine:
    if target.indicator in indicators.EURO_CODES:
        monthly = rules.monthly_equivalent(target.target)
        label = str(_("Target %(value)s a year by %(date)s (%(month)s a month)")) % {
            "value": formats.amount(target.target),
            "date": formats.short_date(target.target_on),
            "month": formats.amount(monthly),
        }
        return TargetLine(
            label, float(monthly), target.target_on, target.agreement.name
        )
    label = str(_("Target %(value)s by %(date)s")) % {
        "value": formats.recorded(target.target),
        "date": formats.short_date(target.target_on),
    }
    return TargetLine(
        label, float(target.target), target.target_on, target.agreement.name
    )


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
    # Progress towards the targets as of the newest month shown.
    progress: list[TargetRow]
    # A euro indicator's own figure in the same month a year earlier, by the
    # month shown (issue 23: "the share in euros beside last year's").
    year_ago: dict[dt.date, FigureCell | None]
    # Every indicator of the newest month shown: own, peer and country.
    comparison: list[ComparisonRow]
    peer_id: int | None = None
    peer_name: str = ""

    @property
    def own_points(self) -> list[TrendPoint]:
        return self.lines[0][2]

    @property
    def month_rows(self) -> list[MonthRow]:
        """The trend table: one row per month, one cell per line, and for
        euros the same month a year earlier."""
        return [
            MonthRow(
                run,
                [points[i] for _name, _id, points in self.lines],
                self.year_ago.get(run.month),
            )
            for i, run in enumerate(self.runs)
        ]


@dataclass(frozen=True)
class MonthRow:
    run: IndicatorRun
    points: list[TrendPoint]
    year_ago: FigureCell | None

    @property
    def change_from_year_ago(self) -> str:
        """The own euro figure's change from a year earlier: "+1 234,56 €",
        or "–" where either figure is hidden or missing."""
        own = self.points[0].cell if self.points else None
        now = own.value if own is not None else None
        before = self.year_ago.value if self.year_ago is not None else None
        if now is None or before is None:
            return formats.MISSING
        return f"{formats.change(Decimal(now) - Decimal(before), 2)}{formats.NBSP}€"


@dataclass(frozen=True)
class ComparisonRow:
    """One indicator of one month: the organisation's own figure beside the
    peer's and the country's, each suppressed as computed."""

    definition: IndicatorDefinition
    own: FigureCell | None
    peer: FigureCell | None
    country: FigureCell | None

    @property
    def is_national(self) -> bool:
        """One of the national Työllisyyskuva follow-up set."""
        return self.definition.code in NATIONAL_CODES


def peer_comparison(
    *,
    run: IndicatorRun,
    organisation_id: int | None,
    peer_id: int | None,
    versions: Sequence[IndicatorDefinition] | None = None,
) -> list[ComparisonRow]:
    """Every indicator in force in `run`'s month for the organisation (None:
    the country), the peer and the country, the national set first; "–"
    where a figure has no value (nobody to count). `versions` is every
    version of every indicator, when the caller has read them: one query,
    otherwise two."""
    month_end = _month_end(run.month)
    # Every version (a few dozen rows), so that the figures can be read as
    # values and find their definition here: as model instances with their
    # definitions joined, they were a fifth of the dashboard's selector.
    if versions is None:
        versions = list(IndicatorDefinition.objects.all())
    by_id = {d.pk: d for d in versions}
    definitions = {
        d.code: d
        for d in by_id.values()
        if d.valid_from <= month_end
        and (d.valid_until is None or d.valid_until >= month_end)
    }
    wanted = [o for o in (organisation_id, peer_id) if o is not None]
    values = IndicatorValue.objects.filter(
        Q(organisation_id__in=wanted) | Q(organisation__isnull=True), run=run
    ).values_list(
        "definition_id", "organisation_id", "numerator", "denominator", "is_withheld"
    )
    cells: dict[tuple[str, int | None], FigureCell] = {}
    for definition_id, owner_id, numerator, denominator, is_withheld in values:
        definition = by_id[definition_id]
        # A figure of a version no longer in force stands for its code.
        definitions.setdefault(definition.code, definition)
        cells[(definition.code, owner_id)] = FigureCell(
            numerator, denominator, definition.unit, is_withheld=is_withheld
        )

    def order(code: str) -> tuple[int, str]:
        if code in NATIONAL_CODES:
            return NATIONAL_CODES.index(code), ""
        return len(NATIONAL_CODES), definitions[code].localised_name

    return [
        ComparisonRow(
            definitions[code],
            cells.get((code, organisation_id)),
            cells.get((code, peer_id)) if peer_id is not None else None,
            cells.get((code, None)),
        )
        for code in sorted(definitions, key=order)
    ]


def same_month_last_year(
    *, code: str, organisation_id: int, runs: Sequence[IndicatorRun]
) -> dict[dt.date, FigureCell | None]:
    """The organisation's figures of the months a year before `runs`'
    months, from each month's newest finished run: two queries."""
    earlier = latest_runs_of([add_months(run.month, -12) for run in runs])
    points = trends(code=code, organisation_ids=[organisation_id], runs=earlier)
    found = {p.run.month: p.cell for p in points[organisation_id]}
    return {run.month: found.get(add_months(run.month, -12)) for run in runs}


def latest_runs_of(months: Sequence[dt.date]) -> list[IndicatorRun]:
    """The newest finished revision of each of these months, oldest first."""
    return list(
        IndicatorRun.objects.filter(status=RunStatus.DONE, month__in=list(months))
        .order_by("month", "-revision")
        .distinct("month")
    )


def dashboard(
    *,
    code: str,
    organisation: Organisation | NamedOrganisation | None,
    months: int,
    until: dt.date | None = None,
    peer: Organisation | NamedOrganisation | None = None,
    definitions: Sequence[IndicatorDefinition] | None = None,
) -> Dashboard | None:
    """One indicator for one organisation (None = the whole country) over the
    last `months` computed months, beside a peer area's (when chosen) and the
    country's, with the member municipalities of an area or pilot for
    drill-down and the agreements' targets; and every indicator of the
    newest month beside the peer's and the country's. None when the
    indicator is unknown."""
    # Every version at once (a few dozen rows): the indicator's newest here,
    # the ones in force for the comparison below; `definitions` when the
    # caller has read them (indicator_definitions).
    every = list(definitions) if definitions is not None else indicator_definitions()
    definition = max(
        (d for d in every if d.code == code), key=lambda d: d.version, default=None
    )
    if definition is None:
        return None
    runs = latest_runs(months=months, until=until)
    own_id = organisation.pk if organisation is not None else None
    # Comparing an organisation with itself adds nothing.
    peer_id = peer.pk if peer is not None and peer.pk != own_id else None
    members = (
        members_named(
            organisation.pk,
            on=runs[-1].month if runs else timezone.localdate(),
        )
        if organisation is not None
        else []
    )
    series = trends(
        code=code,
        organisation_ids=list(
            dict.fromkeys(
                [
                    own_id,
                    *([peer_id] if peer_id else []),
                    None,
                    *(m.pk for m in members),
                ]
            )
        ),
        runs=runs,
    )
    own_targets = (
        list(
            EvaluationTarget.objects.filter(
                indicator=code, organisation_id=own_id
            ).select_related("agreement")
        )
        if own_id is not None
        else []
    )
    country = str(_("Whole country"))
    lines: list[tuple[str, int | None, list[TrendPoint]]] = [
        (organisation.display_name if organisation else country, own_id, series[own_id])
    ]
    if peer is not None and peer_id is not None:
        lines.append((peer.display_name, peer_id, series[peer_id]))
    if organisation is not None:
        lines.append((country, None, series[None]))
    return Dashboard(
        definition=definition,
        organisation_id=own_id,
        organisation_name=lines[0][0],
        runs=runs,
        lines=lines,
        members=[(m.display_name, m.pk, series[m.pk]) for m in members],
        targets=[_target_line(t) for t in own_targets],
        progress=(
            measure_targets(
                own_targets,
                on=_month_end(runs[-1].month) + dt.timedelta(days=1),
                stored_first=True,
                runs=runs,
                definitions=every,
            )
            if runs and own_targets
            else []
        ),
        year_ago=(
            same_month_last_year(code=code, organisation_id=own_id, runs=runs)
            if own_id is not None and runs and definition.unit == IndicatorUnit.EURO
            else {}
        ),
        comparison=(
            peer_comparison(
                run=runs[-1],
                organisation_id=own_id,
                peer_id=peer_id,
                versions=every,
            )
            if runs
            else []
        ),
        peer_id=peer_id,
        peer_name=peer.display_name if peer is not None and peer_id else "",
    )


def stored_figures(
    wanted: Sequence[tuple[str, int | None]],
    *,
    until: dt.date,
    runs: Sequence[IndicatorRun] | None = None,
    definitions: Sequence[IndicatorDefinition] | None = None,
) -> dict[str, dict[int, tuple[Decimal | None, dt.date]]]:
    """For (indicator code, organisation) pairs: the figure of the newest
    finished run of a month ending by `until`, as a rate or a count with the
    month's last day; a euro indicator as the sum of the last twelve months
    (rules.rolling_year_euros: its targets are yearly). Codes without a
    definition are left out; a figure too small to show is None (as on the
    dashboard). Three queries, fewer with what the caller has read:
    `runs`, latest_runs of the newest months (oldest first), and
    `definitions`, every version of every indicator."""
    codes = {code for code, _org in wanted}
    organisation_ids = {org for _code, org in wanted if org is not None}
    # The newest version's unit of each code.
    units = {
        d.code: d.unit
        for d in newest_versions(
            definitions if definitions is not None else indicator_definitions()
        )
        if d.code in codes
    }
    result: dict[str, dict[int, tuple[Decimal | None, dt.date]]] = {
        code: {} for code in units
    }
    euro_codes = {c for c, unit in units.items() if unit == IndicatorUnit.EURO}
    needed = rules.EURO_TARGET_MONTHS if euro_codes else 1
    first = until.replace(day=1)
    # The caller's runs serve when they reach from `until`'s month (or
    # later) `needed` months back: latest_runs leaves out no finished month
    # between its oldest and newest, so then they are its answer here too.
    known = (
        [r for r in runs if r.month <= first]
        if runs and runs[-1].month >= first
        else []
    )
    runs = (
        known[-needed:]
        if len(known) >= needed
        else latest_runs(months=needed, until=first)
    )
    if not runs or not units:
        return result
    run = runs[-1]
    month_end = _month_end(run.month)
    monthly: dict[tuple[str, int], dict[dt.date, Decimal | None]] = {}
    month_of = {r.pk: r.month for r in runs}
    # As values: model instances of the figures with their definitions and
    # runs were a tenth of the dashboard's selector (issue 21).
    values = IndicatorValue.objects.filter(
        Q(run=run) | Q(definition__code__in=euro_codes),
        run__in=runs,
        definition__code__in=units,
        organisation_id__in=organisation_ids,
    ).values_list("definition__code", *_FIGURE_COLUMNS)
    for code, organisation_id, run_id, numerator, denominator, withheld, unit in values:
        cell = FigureCell(numerator, denominator, unit, is_withheld=withheld)
        published = cell.value
        figure = None if published is None else Decimal(published)
        if code in euro_codes:
            key = (code, organisation_id)
            monthly.setdefault(key, {})[month_of[run_id]] = figure
        else:
            result[code][organisation_id] = (figure, month_end)
    for (code, organisation_id), by_month in monthly.items():
        months = [(r.month, by_month.get(r.month)) for r in runs]
        result[code][organisation_id] = (rules.rolling_year_euros(months), month_end)
    return result


def _month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


# Computed on the spot for the agreement page; the other indicators with a
# definition in reporting come from the monthly runs (the euros from the
# imported invoices too), and targets on anything else show as not in Polku.
LIVE_INDICATORS = frozenset({"activation_rate"})


# --- Progress towards partnership agreements' targets ------------------------


@dataclass(frozen=True)
class TargetRow:
    target: EvaluationTarget
    current: Decimal | None
    progress: Decimal | None
    measured_on: dt.date | None
    available: bool  # False: Polku has no data for this indicator

    @property
    def is_euro(self) -> bool:
        """A euro target: baseline, target and figure are euros a year."""
        return self.target.indicator in indicators.EURO_CODES

    def _shown(self, value: Decimal | None) -> str:
        if value is None:
            return formats.MISSING
        if self.is_euro:
            return str(_("%(amount)s a year")) % {"amount": formats.amount(value)}
        return formats.recorded(value)

    @property
    def baseline_shown(self) -> str:
        """The baseline, marked where the source only estimates it
        ("1 666 666,67 € a year (estimate)")."""
        shown = self._shown(self.target.baseline)
        if self.target.baseline_is_estimate:
            return str(_("%(baseline)s (estimate)")) % {"baseline": shown}
        return shown

    @property
    def target_shown(self) -> str:
        """The target, for a euro target with its change from the baseline
        ("1 166 666,67 € a year, -30 %" with a minus sign)."""
        shown = self._shown(self.target.target)
        change = rules.change_percent(
            baseline=self.target.baseline, target=self.target.target
        )
        if self.is_euro and change is not None:
            return f"{shown}, {formats.number(change, 1, sign=True)}{formats.NBSP}%"
        return shown

    @property
    def current_shown(self) -> str:
        return self._shown(self.current)

    @property
    def missing(self) -> str:
        """Why there is no current figure, in words ("" when there is)."""
        if not self.available:
            return str(_("not in Polku"))
        if self.measured_on is None:
            return str(_("no month computed yet"))
        if self.current is None and self.is_euro:
            return str(_("fewer than 12 billed months shown"))
        if self.current is None:
            return str(_("too few people"))
        return ""

    @property
    def period_shown(self) -> str:
        """What the figure covers: the month's end, or for euros the twelve
        months up to it."""
        if self.measured_on is None:
            return ""
        if self.is_euro:
            first = add_months(self.measured_on.replace(day=1), -11)
            return str(_("12 months %(first)s–%(last)s")) % {
                "first": formats.month_label(first),
                "last": formats.month_label(self.measured_on),
            }
        return formats.short_date(self.measured_on)


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
    return measure_targets(list(agreement.targets.all()), on=on)


def measure_targets(
    targets: list[EvaluationTarget],
    *,
    on: dt.date,
    stored_first: bool = False,
    runs: Sequence[IndicatorRun] | None = None,
    definitions: Sequence[IndicatorDefinition] | None = None,
) -> list[TargetRow]:
    """target_rows for any targets (the dashboard's of one indicator).

    `stored_first`: a live indicator's figure of the month is taken from the
    month's finished run when there is one, as the dashboard's other
    figures are; computing the activation rate on the spot for an area of
    seventeen municipalities took 0.5 s of every dashboard request at
    1,000,000 jobseekers (benchmarks.national). `runs` and `definitions`:
    what the caller has read (stored_figures)."""
    month_end = on.replace(day=1) - dt.timedelta(days=1)
    stored = stored_figures(
        [(t.indicator, t.organisation_id) for t in targets],
        until=month_end,
        runs=runs,
        definitions=definitions,
    )
    rows = []
    for target in targets:
        current: Decimal | None = None
        measured_on: dt.date | None = None
        available = target.indicator in LIVE_INDICATORS or target.indicator in stored
        found = (
            stored.get(target.indicator, {}).get(target.organisation_id)
            if target.organisation_id is not None
            else None
        )
        if target.organisation_id is None:
            pass
        elif stored_first and found is not None and found[1] == month_end:
            current, measured_on = found
        elif target.indicator in LIVE_INDICATORS:
            figure = activation_figure(
                organisation_ids=_covered(target.organisation_id, month_end),
                on=month_end,
            )
            current, measured_on = figure.rate, month_end
        elif found:
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


# --- Forecast of the municipal share in euros (issue 23) ---------------------


@dataclass(frozen=True)
class EuroForecast:
    """The next months' municipal share if the current caseload stays on
    benefit, with the assumptions it rests on."""

    as_of: dt.date
    persons: int
    months: list[rules.ForecastMonth]
    financing: rules.BenefitFinancingRules
    assumptions: list[str]

    @property
    def total_cents(self) -> int:
        return sum(m.cents for m in self.months)

    @property
    def is_estimate(self) -> bool:
        return any(m.is_estimate for m in self.months)

    @property
    def financing_source(self) -> str:
        return in_active_language(
            fi=self.financing.source_fi,
            sv=self.financing.source_sv,
            en=self.financing.source,
        )


def caseload_groups(
    *, organisation_ids: Sequence[int], on: dt.date
) -> list[rules.CaseloadGroup]:
    """The jobseekers of the municipalities (home municipality: the payer)
    with a job search open on `on` and a co-financed benefit, grouped by
    benefit and cumulative paid days (to the ten): the latest invoice line's
    day count of the person, else the labour market subsidy counter, else 0.
    One statement."""
    sql = f"""
        SELECT j.benefit_type,
               COALESCE(li.cumulative_days, j.lms_days_for_unemployment, 0)
                   / 10 * 10 AS days,
               count(*)
        FROM {Jobseeker._meta.db_table} j
        LEFT JOIN LATERAL (
            SELECT l.cumulative_days
            FROM {MunicipalShareInvoiceLine._meta.db_table} l
            JOIN {MunicipalShareInvoice._meta.db_table} i ON i.id = l.invoice_id
            WHERE l.jobseeker_id = j.id AND l.cumulative_days IS NOT NULL
            ORDER BY i.month DESC, l.period_end DESC
            LIMIT 1
        ) li ON true
        WHERE j.home_municipality_id = ANY(%(organisations)s)
          AND j.benefit_type = ANY(%(benefits)s)
          AND EXISTS (
              SELECT 1 FROM {JobSearchPeriod._meta.db_table} p
              WHERE p.jobseeker_id = j.id AND p.started_on <= %(on)s
                AND (p.ended_on IS NULL OR p.ended_on >= %(on)s)
          )
        GROUP BY 1, 2
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "organisations": list(organisation_ids),
                "benefits": [b.value for b in indicators.EURO_BENEFITS],
                "on": on,
            },
        )
        return [
            rules.CaseloadGroup(benefit, int(days), int(persons))
            for benefit, days, persons in cursor.fetchall()
        ]


def euro_forecast(
    *, organisation_id: int, on: dt.date, months: int = 12
) -> EuroForecast | None:
    """The forecast for an organisation (an area or pilot: its member
    municipalities) from the caseload on `on`, for the months after it;
    None for fewer than five persons (no euro figure of so few)."""
    groups = caseload_groups(organisation_ids=_covered(organisation_id, on), on=on)
    persons = sum(g.persons for g in groups)
    first = add_months(on.replace(day=1), 1)
    financing = rules.benefit_financing_rules(first)
    if persons < privacy.SMALL_NUMBER_THRESHOLD or financing is None:
        return None
    amounts = {
        b.value: formats.euros(rules.daily_amount_cents(b.value, first))
        for b in indicators.EURO_BENEFITS
    }
    return EuroForecast(
        as_of=on,
        persons=persons,
        months=rules.share_forecast(groups, first_month=first, months=months),
        financing=financing,
        assumptions=[
            str(
                _(
                    "The %(persons)s jobseekers with an open job search and "
                    "unemployment benefit on %(date)s stay on benefit for the "
                    "whole period; no one leaves and no one joins."
                )
            )
            % {"persons": formats.number(persons), "date": formats.short_date(on)},
            str(
                _(
                    "%(days)s paid days a month per person; a person's paid days "
                    "so far are those of their latest invoice line, or the labour "
                    "market subsidy day counter."
                )
            )
            % {"days": formats.number(rules.PAID_DAYS_PER_MONTH, 1)},
            str(
                _(
                    "Benefit for a day: labour market subsidy %(lms)s, basic "
                    "daily allowance %(basic)s, earnings-related daily allowance "
                    "%(earnings)s (an average)."
                )
            )
            % {
                "lms": amounts["labour_market_subsidy"],
                "basic": amounts["basic_allowance"],
                "earnings": amounts["earnings_related"],
            },
        ],
    )


# --- The client survey's comments (issue 23 item 3) ------------------------------

# The months the comments page goes back.
SURVEY_MONTHS = 24


@dataclass(frozen=True)
class SurveyMonth:
    month: dt.date
    answers: int
    # Whether the month's comments may be read (see survey_months).
    has_comments_shown: bool

    @property
    def label(self) -> str:
        return formats.month_label(self.month)


def _survey_answers(organisation_id: int, *, today: dt.date) -> QuerySet[SurveyAnswer]:
    """The answers of an organisation and its member municipalities in the
    months before this one: a comment appearing the day after a meeting
    could be tied to that meeting, so the month under way is never read."""
    this_month = today.replace(day=1)
    return SurveyAnswer.objects.filter(
        organisation_id__in=[organisation_id, *member_ids(organisation_id, on=today)],
        month__gte=add_months(this_month, -SURVEY_MONTHS),
        month__lt=this_month,
    )


def _answer_counts(answers: QuerySet[SurveyAnswer]) -> list[tuple[dt.date, int, int]]:
    return list(
        answers.values("month", "organisation_id")
        .annotate(n=Count("id"))
        .values_list("month", "organisation_id", "n")
        .order_by()
    )


def survey_months(*, organisation_id: int, today: dt.date) -> list[SurveyMonth]:
    """The survey's answers of an organisation and its member municipalities
    by month, newest first, for the months that have ended. A month's
    comments are shown from each organisation with five or more answers in
    it (privacy.SMALL_NUMBER_THRESHOLD): an area's list less a member's then
    never isolates the comments of a member with fewer. One statement."""
    totals: dict[dt.date, int] = {}
    shown: set[dt.date] = set()
    for month, _organisation, n in _answer_counts(
        _survey_answers(organisation_id, today=today)
    ):
        totals[month] = totals.get(month, 0) + n
        if n >= privacy.SMALL_NUMBER_THRESHOLD:
            shown.add(month)
    return [
        SurveyMonth(month=month, answers=total, has_comments_shown=month in shown)
        for month, total in sorted(totals.items(), reverse=True)
    ]


def survey_comments(
    *, organisation_id: int, month: dt.date, today: dt.date
) -> list[str] | None:
    """One month's comments (survey_months' rules), sorted by their text, an
    order that tells nothing of who wrote them or when; None when the month
    may not be shown. Two statements; one month at a time, so that a city's
    page stays the size of a month."""
    answers = _survey_answers(organisation_id, today=today).filter(month=month)
    shown = [
        organisation
        for _month, organisation, n in _answer_counts(answers)
        if n >= privacy.SMALL_NUMBER_THRESHOLD
    ]
    if not shown:
        return None
    return list(
        answers.filter(organisation_id__in=shown)
        .exclude(comment="")
        .order_by("comment")
        .values_list("comment", flat=True)
    )
