"""Importing benefit-day counters: the readings kept as they are, and the
benefit facts they change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from cases import services as case_services
from cases.models import BenefitType, Jobseeker
from cases.services import JOBSEEKER_FIELDS, JobseekerData
from exchange.models import BenefitDayCounter
from exchange.parsing import CounterRow, ImportKind, Outcome, Problem

from .base import INSERT_BATCH, Importer, Planned, id_chunks, jobseekers_by_code

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence


class CounterImporter(Importer):
    """Natural key: jobseeker, as-of date and benefit. The newest reading of a
    person also becomes their benefit facts, through jobseeker_update (change
    history, timeline event, triggered deadlines, pilot re-evaluation)."""

    kind = ImportKind.BENEFIT_COUNTERS

    def plan(self, rows: Sequence[CounterRow]) -> tuple[list[Planned], list[Problem]]:
        found = jobseekers_by_code(
            (row.identity_code for row in rows),
            (
                "id",
                "organisation_id",
                "benefit_type",
                "benefit_days_as_of",
                "lms_days_for_unemployment",
            ),
        )
        planned: list[Planned] = []
        problems: list[Problem] = []
        for row in rows:
            jobseeker, row_problems = self.jobseeker_problems(row, found)
            if jobseeker is None:
                problems.extend(row_problems)
                continue
            planned.append(
                Planned(
                    row,
                    Outcome.CREATED,
                    jobseeker["id"],
                    {"organisation_id": jobseeker["organisation_id"]},
                )
            )
        readings: dict[tuple[int, dt.date, str], Any] = {}
        dates = {p.row.as_of for p in planned}
        for ids in id_chunks(
            sorted({p.jobseeker_id for p in planned if p.jobseeker_id})
        ):
            for reading in BenefitDayCounter.objects.filter(
                jobseeker_id__in=ids, as_of__in=dates
            ).values("id", "jobseeker_id", "as_of", "benefit_type", "days"):
                key = (
                    reading["jobseeker_id"],
                    reading["as_of"],
                    reading["benefit_type"],
                )
                readings[key] = reading
        # The newest reading of each person in the file: by date, then line.
        newest: dict[int, Planned] = {}
        for p in planned:
            current = newest.get(p.existing_jobseeker_id)
            if current is None or (p.row.as_of, p.line) > (
                current.row.as_of,
                current.line,
            ):
                newest[p.existing_jobseeker_id] = p
        by_id = {values["id"]: values for values in found.values()}
        for p in planned:
            reading_row: CounterRow = p.row
            jobseeker_id = p.existing_jobseeker_id
            stored = readings.get(
                (jobseeker_id, reading_row.as_of, reading_row.benefit_type)
            )
            if stored is None:
                p.outcome = Outcome.CREATED
            elif stored["days"] == reading_row.days:
                p.outcome = Outcome.UNCHANGED
            else:
                p.outcome = Outcome.UPDATED
                p.extra["reading_id"] = stored["id"]
            if newest[jobseeker_id] is p:
                facts = _facts_after(by_id[jobseeker_id], reading_row)
                if facts:
                    p.extra["facts"] = facts
                    if p.outcome == Outcome.UNCHANGED:
                        p.outcome = Outcome.UPDATED
        return planned, problems

    def write(self, chunk: Sequence[Planned]) -> list[Problem]:
        now = timezone.now()
        BenefitDayCounter.objects.bulk_create(
            [
                BenefitDayCounter(
                    organisation_id=p.extra["organisation_id"],
                    jobseeker_id=p.existing_jobseeker_id,
                    benefit_type=p.row.benefit_type,
                    days=p.row.days,
                    as_of=p.row.as_of,
                    batch_id=self.batch_id,
                )
                for p in chunk
                if p.outcome == Outcome.CREATED
            ],
            batch_size=INSERT_BATCH,
        )
        BenefitDayCounter.objects.bulk_update(
            [
                BenefitDayCounter(
                    pk=p.extra["reading_id"],
                    days=p.row.days,
                    batch_id=self.batch_id,
                    updated_at=now,
                )
                for p in chunk
                if "reading_id" in p.extra
            ],
            ["days", "batch", "updated_at"],
            batch_size=INSERT_BATCH,
        )
        problems = []
        for planned in chunk:
            if "facts" in planned.extra:
                problem = self.savepoint(planned, lambda p=planned: self._facts(p))
                if problem is not None:
                    problems.append(problem)
        return problems

    def _facts(self, planned: Planned) -> None:
        jobseeker = Jobseeker.objects.select_related("home_municipality").get(
            pk=planned.existing_jobseeker_id
        )
        values = {name: getattr(jobseeker, name) for name in JOBSEEKER_FIELDS}
        values.update(planned.extra["facts"])
        case_services.jobseeker_update(
            jobseeker=jobseeker,
            expected_version=jobseeker.version,
            data=JobseekerData(**values),
            actor=self.user,
            home_municipality=jobseeker.home_municipality,
            on=self.today,
        )


def _facts_after(jobseeker: dict[str, Any], row: CounterRow) -> dict[str, Any]:
    """The benefit facts that change when `row` is the person's newest reading.

    A reading older than the facts' own date changes nothing. The labour
    market subsidy counter is the days paid for unemployment (the 300-day
    criteria count whole days, so a part day is not yet a day).
    """
    as_of = jobseeker["benefit_days_as_of"]
    if as_of is not None and row.as_of < as_of:
        return {}
    facts: dict[str, Any] = {
        "benefit_type": row.benefit_type,
        "benefit_days_as_of": row.as_of,
    }
    if row.benefit_type == BenefitType.LABOUR_MARKET_SUBSIDY:
        facts["lms_days_for_unemployment"] = int(row.days)
    return {name: value for name, value in facts.items() if jobseeker[name] != value}
