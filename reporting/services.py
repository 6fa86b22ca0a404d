"""Computing, publishing and revising a month's indicators.

Idempotent: computing an unpublished month again replaces its figures with
identical ones for identical data. A published month is frozen; computing it
again needs a reason and makes a new revision, so that a board report can
always name the figures it used.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
import time
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.rules.calendar import add_months
from core import runs
from core.pdf import render_pdf
from core.privacy import withheld_figures
from organisations.models import OrganisationRelation

from . import board, rules
from .indicators import DISTRIBUTIONS, Counts, MonthComputations
from .models import (
    BoardReport,
    IndicatorDefinition,
    IndicatorRun,
    IndicatorUnit,
    IndicatorValue,
    RunStatus,
)

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation

logger = logging.getLogger(__name__)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from `first` to `last`, both included."""
    months: list[dt.date] = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def definitions_in_force(last: dt.date) -> list[IndicatorDefinition]:
    """The version of each definition in force on the month's last day."""
    return list(
        IndicatorDefinition.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=last),
            valid_from__lte=last,
        ).order_by("code")
    )


def member_map(*, on: dt.date) -> dict[int, set[int]]:
    """Each area's and pilot's member municipalities on `on`."""
    members: defaultdict[int, set[int]] = defaultdict(set)
    for parent, child in OrganisationRelation.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        kind=OrganisationRelation.Kind.MEMBER,
        valid_from__lte=on,
    ).values_list("parent_id", "child_id"):
        members[parent].add(child)
    return dict(members)


def roll_up(
    direct: Counts, *, on: dt.date, members: dict[int, set[int]] | None = None
) -> dict[int | None, tuple[int, int | None]]:
    """Add the member organisations' numerators and denominators to each area
    and pilot (members on `on`), and everything to the whole country (None)."""
    # None (the whole country) joins the organisation ids as a key.
    result = cast("dict[int | None, tuple[int, int | None]]", dict(direct))
    for parent, children in (members or member_map(on=on)).items():
        parts = [direct[c] for c in children | {parent} if c in direct]
        if parts:
            result[parent] = _sum(parts)
    if direct:
        result[None] = _sum(list(direct.values()))
    return result


def roll_up_distribution(
    direct: dict[int, Counter[int]], *, members: dict[int, set[int]]
) -> dict[int | None, tuple[int, int | None]]:
    """Each organisation's, area's, pilot's and the country's median of a
    distribution given per organisation (value: how many), as (median, how
    many): areas and pilots add their members' counts, as roll_up adds
    numerators, and take the median of the sum."""
    totals: dict[int | None, Counter[int]] = dict(direct.items())
    for parent, children in members.items():
        parts = [direct[c] for c in children | {parent} if c in direct]
        if parts:
            totals[parent] = _added(parts)
    if direct:
        totals[None] = _added(list(direct.values()))
    return {
        key: (rules.median_of_counts(counts), counts.total())
        for key, counts in totals.items()
        if counts.total()
    }


def _added(parts: list[Counter[int]]) -> Counter[int]:
    """The sum of `parts` into one new Counter: sum(parts, Counter()) made
    a new Counter for each part and dropped non-positive counts each time
    (0.2 s a month for the country's interviews at 300,000 jobseekers);
    the counts here are positive, so the result is the same."""
    total: Counter[int] = Counter()
    for part in parts:
        total.update(part)
    return total


def withheld_organisations(
    counts: dict[int | None, int], *, members: dict[int, set[int]]
) -> set[int | None]:
    """The organisations (None: the country) whose count is withheld so that
    no count of 1-4 can be worked out from a total (core.privacy)."""
    parts = rules.roll_up_parts(counts, members)
    withheld = withheld_figures(
        parts.values, parts.groups, unpublished=parts.unpublished
    )
    return {key for key in withheld if key is None or isinstance(key, int)}


def _sum(parts: list[tuple[int, int | None]]) -> tuple[int, int | None]:
    numerator = sum(n for n, _ in parts)
    denominators = [d for _, d in parts if d is not None]
    return numerator, (sum(denominators) if denominators else None)


@transaction.atomic
def run_start(*, month: dt.date, reason: str = "", send: bool = True) -> IndicatorRun:
    """A queued run for `month`, its task sent after commit (unless `send` is
    False: the caller computes it in-process): the unpublished finished or
    failed one if there is one; else a new revision, of a published month
    (which needs a reason) or of a month still queued or running, which is
    never taken over (its worker may have died; the sweeper deals with it)."""
    first, _last = month_bounds(month)
    latest = (
        IndicatorRun.objects.select_for_update()
        .filter(month=first)
        .order_by("-revision")
        .first()
    )
    if latest is None:
        run = IndicatorRun.objects.create(month=first)
    elif latest.published_at is None and not latest.is_live:
        for name, value in runs.run_requeue_fields().items():
            setattr(latest, name, value)
        latest.save()
        run = latest
    elif latest.is_live:
        run = IndicatorRun.objects.create(
            month=first,
            revision=latest.revision + 1,
            reason=reason.strip()
            or _(
                "Computed again while revision %(revision)d was still queued or "
                "running."
            )
            % {"revision": latest.revision},
        )
    elif not reason.strip():
        raise ValidationError(
            {"reason": _("The month is published: give the reason for a new revision.")}
        )
    else:
        run = IndicatorRun.objects.create(
            month=first, revision=latest.revision + 1, reason=reason.strip()
        )
    if send:
        runs.run_send_on_commit(run)
    return run


@transaction.atomic
def runs_start(*, months: list[dt.date], reason: str = "") -> list[IndicatorRun]:
    """Runs for several months at once (a backfill after a definition or a
    data correction): all of them or, if one is refused, none. Each month is
    its own task on the `indicators` queue (CELERY_TASK_ROUTES), so that the
    queue's worker processes compute months side by side (docs/scaling.md)."""
    return [run_start(month=month, reason=reason) for month in months]


def run_execute(*, run_id: int) -> IndicatorRun:
    """Compute every definition in force for the run's month (one SQL
    statement per indicator or shared pass), replacing the run's figures."""
    run = IndicatorRun.objects.get(pk=run_id)
    if run.published_at is not None:
        return run  # frozen
    first, last = month_bounds(run.month)
    definitions = definitions_in_force(last)
    run.status = RunStatus.RUNNING
    run.progress_done = 0
    run.progress_total = len(definitions)
    run.save(update_fields=["status", "progress_done", "progress_total", "updated_at"])
    beat = runs.RunHeartbeat(model=IndicatorRun, pk=run.pk)
    computations = MonthComputations(first, last)
    members = member_map(on=last)
    # (definition, organisation, numerator, denominator, withheld) rows,
    # written by COPY (_values_copy).
    values: list[tuple[int, int | None, int, int | None, bool]] = []
    for index, definition in enumerate(definitions, start=1):
        distribution = DISTRIBUTIONS.get(definition.computation)
        rolled = (
            roll_up_distribution(distribution(first, last), members=members)
            if distribution is not None
            else roll_up(
                computations.counts(definition.computation), on=last, members=members
            )
        )
        # Rates are published as rates only (core.privacy): only counts can
        # be subtracted from their totals.
        withheld = withheld_organisations(
            _suppressible_counts(definition.unit, rolled), members=members
        )
        values += [
            (
                definition.pk,
                organisation_id,
                numerator,
                denominator,
                organisation_id in withheld,
            )
            for organisation_id, (numerator, denominator) in rolled.items()
        ]
        beat(index, len(definitions))
    with transaction.atomic():
        # Two computations of the same month (a second request while the
        # first runs) replace the figures one after the other.
        IndicatorRun.objects.select_for_update().filter(pk=run.pk).first()
        IndicatorValue.objects.filter(run=run).delete()
        _values_copy(run_id=run.pk, values=values)
        run.status = RunStatus.DONE
        run.progress_done = len(definitions)
        run.computed_at = run.finished_at = timezone.now()
        run.save(
            update_fields=[
                "status",
                "progress_done",
                "computed_at",
                "finished_at",
                "updated_at",
            ]
        )
    return run


def _values_copy(
    *, run_id: int, values: list[tuple[int, int | None, int, int | None, bool]]
) -> None:
    """Write a run's figures by COPY, in the order given: bulk_create built
    and compiled a model instance per figure, 0.4-0.6 s of a month's 3.5 s
    for its ~5,000 figures (300,000 jobseekers, issue 21), where COPY
    streams the tuples in a few milliseconds. The model has no save logic
    or signals to skip; the table's constraints still apply."""
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    column = {f.attname: f.column for f in IndicatorValue._meta.concrete_fields}
    columns = ", ".join(
        connection.ops.quote_name(column[name])
        for name in (
            "run_id",
            "definition_id",
            "organisation_id",
            "numerator",
            "denominator",
            "is_withheld",
        )
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for value in values:
            copy.write_row((run_id, *value))


def _suppressible_counts(
    unit: str, rolled: dict[int | None, tuple[int, int | None]]
) -> dict[int | None, int]:
    """The counts whose 1-4 must not be worked out from a total: a count
    itself, or the persons behind a euro sum (a municipality's euros of fewer
    than five persons could otherwise be had as the area's minus the others').
    Rates are published as rates only (core.privacy): nothing to subtract."""
    if unit == IndicatorUnit.COUNT:
        return {org: numerator for org, (numerator, _d) in rolled.items()}
    if unit == IndicatorUnit.EURO:
        return {org: denominator or 0 for org, (_n, denominator) in rolled.items()}
    return {}


@transaction.atomic
def run_publish(*, run: IndicatorRun) -> None:
    if run.status != RunStatus.DONE:
        raise ValidationError(_("Only a computed month can be published."))
    if run.published_at is None:
        run.published_at = timezone.now()
        run.save(update_fields=["published_at", "updated_at"])


def previous_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# --- The board's monthly report ---------------------------------------------------


@transaction.atomic
def board_report_request(
    *, organisation: Organisation, month: dt.date, language: str, user: User | None
) -> BoardReport:
    """A queued report of `organisation` for `month` from the month's newest
    finished revision; an existing report is never touched."""
    first = month.replace(day=1)
    run = (
        IndicatorRun.objects.filter(month=first, status=RunStatus.DONE)
        .order_by("-revision")
        .first()
    )
    if run is None:
        raise ValidationError(
            {
                "month": _(
                    "%(month)s has no computed figures: compute the month first."
                )
                % {"month": date_format(first, "m/Y")}
            }
        )
    report = BoardReport(
        organisation=organisation,
        month=first,
        language=language,
        run=run,
        requested_by=user,
    )
    report.full_clean()
    report.save()
    runs.run_send_on_commit(report)
    return report


def _report_progress(report_id: int, **fields: object) -> None:
    # An UPDATE outside any transaction, so that the reports page sees each
    # step while the rendering goes on; each step is a heartbeat too.
    now = timezone.now()
    BoardReport.objects.filter(pk=report_id).update(
        updated_at=now, heartbeat_at=now, **fields
    )


def board_report_render(*, report_id: int) -> BoardReport:
    """Gather the figures, draw the charts and render the PDF, storing its
    bytes and SHA-256. A finished report is returned as it is: its bytes
    never change. The document's only time is the request's, so that a
    rendering retried after a worker died gives the same bytes."""
    report = BoardReport.objects.select_related("organisation", "run").get(pk=report_id)
    if report.status == RunStatus.DONE:
        return report
    started = time.perf_counter()
    _report_progress(
        report.pk,
        status=RunStatus.RUNNING,
        progress_done=10,
        progress_total=100,
        error="",
    )
    try:
        # Names, month labels and chart texts in the report's language.
        with translation.override(report.language):
            figures = board.board_figures(
                organisation=report.organisation, run=report.run
            )
            _report_progress(report.pk, progress_done=50)
            charts = board.board_charts(figures)
        _report_progress(report.pk, progress_done=80)
        pdf = render_pdf(
            "reporting/pdf/board_report.html",
            {
                "report": report,
                "figures": figures,
                "charts": charts,
            },
            language=report.language,
        )
    except Exception as error:
        # Recorded for the reports page rather than retried: a retry would
        # fail the same way on the same figures.
        logger.exception("Board report %s failed", report.pk)
        with translation.override(report.language):
            reason = _("The report could not be made: %(reason)s") % {"reason": error}
        _report_progress(
            report.pk,
            status=RunStatus.FAILED,
            error=reason[:2000],
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    # Only a report not finished meanwhile (a redelivered task) is written.
    BoardReport.objects.filter(pk=report.pk).exclude(status=RunStatus.DONE).update(
        status=RunStatus.DONE,
        progress_done=100,
        progress_total=100,
        heartbeat_at=timezone.now(),
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size_bytes=len(pdf),
        render_seconds=round(time.perf_counter() - started, 3),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    report.refresh_from_db()
    return report
