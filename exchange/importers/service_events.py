"""Importing service events: services started and ended on the person's open case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cases.models import Case, ServicePeriod, ServiceType
from cases.models.case import CaseStatus
from cases.services import ServiceEntry, ServiceRefused, service_periods_record_bulk
from exchange import parsing
from exchange.parsing import ImportKind, Outcome, Problem, ServiceRow

from .base import Importer, Planned, fi_date, id_chunks, jobseekers_by_code

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence


class ServiceImporter(Importer):
    """Natural key: jobseeker, service and start date. A new service starts on
    the person's open case (and ends, when the row has an end date); an open
    one the file says has ended is ended."""

    kind = ImportKind.SERVICE_EVENTS

    def plan(self, rows: Sequence[ServiceRow]) -> tuple[list[Planned], list[Problem]]:
        found = jobseekers_by_code(
            (row.identity_code for row in rows), ("id", "organisation_id")
        )
        self.service_types = {
            t.code: t
            for t in ServiceType.objects.filter(
                code__in={row.service_type for row in rows}
            )
        }
        ids = sorted({values["id"] for values in found.values()})
        dates = {row.started_on for row in rows}
        existing: dict[tuple[int, str, dt.date], Any] = {}
        open_cases: dict[int, int] = {}
        for chunk in id_chunks(ids):
            for period in ServicePeriod.objects.filter(
                case__jobseeker_id__in=chunk, started_on__in=dates
            ).values(
                "id",
                "case__jobseeker_id",
                "service_type__code",
                "started_on",
                "ended_on",
            ):
                key = (
                    period["case__jobseeker_id"],
                    period["service_type__code"],
                    period["started_on"],
                )
                existing[key] = period
            # cases.services.jobseeker_open_case, for many people at once.
            for case in (
                Case.objects.filter(jobseeker_id__in=chunk)
                .exclude(status=CaseStatus.CLOSED)
                .order_by("jobseeker_id", "-opened_on")
                .distinct("jobseeker_id")
                .values("id", "jobseeker_id")
            ):
                open_cases[case["jobseeker_id"]] = case["id"]
        planned: list[Planned] = []
        problems: list[Problem] = []
        for row in rows:
            jobseeker, row_problems = self.jobseeker_problems(row, found)
            if row.service_type not in self.service_types:
                row_problems.append(
                    self.problem(
                        row,
                        "service_type",
                        "unknown_service_type",
                        value=row.service_type,
                    )
                )
            if jobseeker is None or row_problems:
                problems.extend(row_problems)
                continue
            result = self._plan_row(row, jobseeker["id"], existing, open_cases)
            if isinstance(result, Problem):
                problems.append(result)
            else:
                result.extra["organisation_id"] = jobseeker["organisation_id"]
                planned.append(result)
        return planned, problems

    def _plan_row(
        self,
        row: ServiceRow,
        jobseeker_id: int,
        existing: dict[tuple[int, str, dt.date], dict[str, Any]],
        open_cases: dict[int, int],
    ) -> Planned | Problem:
        period = existing.get((jobseeker_id, row.service_type, row.started_on))
        if period is not None:
            if row.ended_on is None or period["ended_on"] == row.ended_on:
                return Planned(row, Outcome.UNCHANGED, jobseeker_id)
            if period["ended_on"] is None:
                return Planned(
                    row, Outcome.UPDATED, jobseeker_id, {"period_id": period["id"]}
                )
            return self.problem(
                row,
                "ended_on",
                "service_ended_otherwise",
                date=fi_date(period["ended_on"]),
            )
        case_id = open_cases.get(jobseeker_id)
        if case_id is None:
            return self.problem(row, "identity_code", "no_open_case")
        return Planned(row, Outcome.CREATED, jobseeker_id, {"case_id": case_id})

    def write(self, chunk: Sequence[Planned]) -> list[Problem]:
        # The set form of service_start and service_end, in file order.
        rows = [p for p in chunk if p.outcome != Outcome.UNCHANGED]
        outcomes = service_periods_record_bulk(
            entries=[
                ServiceEntry(
                    service_type=self.service_types[p.row.service_type],
                    started_on=p.row.started_on,
                    ended_on=p.row.ended_on,
                    provider=p.row.provider,
                    case_id=p.extra.get("case_id"),
                    period_id=p.extra.get("period_id"),
                )
                for p in rows
            ],
            actor=self.user,
        )
        return [
            self.problem(
                planned.row,
                "identity_code",
                parsing.SERVICE_MESSAGE,
                message=outcome.message,
            )
            for planned, outcome in zip(rows, outcomes, strict=True)
            if isinstance(outcome, ServiceRefused)
        ]
